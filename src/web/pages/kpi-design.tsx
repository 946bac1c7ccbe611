/**
 * KPI design (团队KPI提取的六个步骤, domain.md §4): #/design lists the proposals (and lets the expert
 * group start one); #/design/:id is one proposal with its six steps, who acts next and its history.
 */
import { ProposalList } from '../components/kpi-design-list.tsx';
import { ProposalPage } from '../components/kpi-design-proposal.tsx';

export default function KpiDesignPage({ id }: { id?: string }) {
  return id ? <ProposalPage key={id} id={id} /> : <ProposalList />;
}
