/**
 * Designing the KPIs (团队KPI提取的六个步骤, domain.md §4, seed 002) as a workflow over one proposal:
 *
 * 1. proposed      the expert group (HR, committee, admin) proposes a team's KPIs as a template draft
 * 2. consultation  team leads (supervisors) comment; the experts revise the draft
 * 3. cross-review  teams that work together review each other's KPIs (supervisors comment)
 * 4. benchmark     the experts settle the benchmark set for the job family (the draft must pass its check)
 * 5. agreement     the team's supervisor and the team lead both sign
 * 6. committee     the performance committee approves → a template version that can no longer be edited
 *
 * Every action is kept in the proposal's history (who, when, step, comment, the draft at that point)
 * and in the audit log; each proposal says who acts next. Writes check a `version` like forms do.
 */
import { AppError } from '../core/errors.ts';
import { parseTemplate } from '../core/scoring/template-parse.ts';
import type { Text } from '../core/text.ts';
import type { Sql } from '../db/open-db.ts';
import { type Actor, actorLabel, type Role } from './actor.ts';
import { writeAudit } from './audit-service.ts';
import { notFound } from './org-service.ts';
import { checkYaml, createTemplateVersion } from './template-service.ts';

export const STEPS = [
  'proposed',
  'consultation',
  'cross-review',
  'benchmark',
  'agreement',
  'committee',
  'applied',
] as const;
export type StepName = (typeof STEPS)[number];

const EXPERTS: readonly Role[] = ['admin', 'hr', 'committee'];

interface HistoryEntry {
  step: number;
  action: string;
  by: string;
  at: string;
  comment: string | null;
  yaml?: string;
}

export interface Proposal {
  id: number;
  family: string;
  team: string | null;
  title: string;
  yaml: string;
  step: number;
  stepName: StepName;
  /** who acts next, in words */
  next: Text;
  signatures: { supervisor?: { by: string; at: string }; lead?: { by: string; at: string } };
  history: HistoryEntry[];
  template: string | null;
  version: number;
  createdBy: string;
  createdAt: string;
}

const NEXT: Record<number, Text> = {
  1: {
    zh: '专家组（人事/委员会）发起征求意见',
    en: 'the expert group (HR/committee) starts the consultation',
  },
  2: {
    zh: '团队负责人提意见；专家组修改后进入交叉评审',
    en: 'team leads comment; the experts revise and move to cross-review',
  },
  3: {
    zh: '相关团队交叉评审；专家组确定标杆',
    en: 'related teams review each other; the experts settle the benchmark',
  },
  4: {
    zh: '专家组确认标杆 KPI（须通过校验）后交由主管与负责人协商',
    en: 'the experts confirm the benchmark (must pass its check), then supervisor and lead negotiate',
  },
  5: { zh: '主管与团队负责人双方签字', en: 'the supervisor and the team lead both sign' },
  6: { zh: '绩效委员会审批', en: 'the performance committee approves' },
  7: {
    zh: '已生效，不可再修改（变更请新建版本）',
    en: 'applied; no longer editable (a change is a new version)',
  },
};

interface Row {
  id: number;
  family: string;
  team: string | null;
  title: string;
  yaml: string;
  step: number;
  signatures: Proposal['signatures'];
  history: HistoryEntry[];
  template: string | null;
  version: number;
  created_by: string;
  created_at: string;
}

const COLS =
  'id, family, team, title, yaml, step, signatures, history, template, version, created_by, created_at';

const proposalOf = (r: Row): Proposal => ({
  id: r.id,
  family: r.family,
  team: r.team,
  title: r.title,
  yaml: r.yaml,
  step: r.step,
  stepName: STEPS[r.step - 1] ?? 'applied',
  next: NEXT[r.step] ?? NEXT[7]!,
  signatures: r.signatures,
  history: r.history,
  template: r.template,
  version: r.version,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export async function listProposals(db: Sql, company: string): Promise<Proposal[]> {
  const r = await db.query<Row>(`SELECT ${COLS} FROM kpi_proposal WHERE company_id = $1 ORDER BY id DESC`, [
    company,
  ]);
  return r.rows.map(proposalOf);
}

export async function getProposal(db: Sql, company: string, id: number, lock = false): Promise<Proposal> {
  const r = await db.query<Row>(
    `SELECT ${COLS} FROM kpi_proposal WHERE company_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
    [company, id],
  );
  const row = r.rows[0];
  if (!row) throw notFound(`KPI proposal ${id}`);
  return proposalOf(row);
}

const forbidden = (zh: string, en: string) => new AppError('forbidden', { zh, en });
const conflict = (zh: string, en: string) => new AppError('conflict', { zh, en });

function mustParse(yaml: string): void {
  const parsed = parseTemplate(yaml, 'proposal.yaml');
  if (!parsed.template)
    throw new AppError(
      'invalid_template',
      { zh: '草案无法解析', en: 'the draft does not parse' },
      parsed.problems,
    );
}

/** Step 1: the expert group proposes. */
export async function createProposal(
  tx: Sql,
  actor: Actor,
  body: { family: string; team?: string | undefined; title: string; yaml: string },
): Promise<Proposal> {
  if (!EXPERTS.includes(actor.role))
    throw forbidden('只有专家组可以发起提案', 'only the expert group proposes');
  mustParse(body.yaml);
  const next = await tx.query<{ n: number }>(
    'SELECT coalesce(max(id), 0)::int + 1 AS n FROM kpi_proposal WHERE company_id = $1',
    [actor.company],
  );
  const id = Number(next.rows[0]!.n);
  const history: HistoryEntry[] = [
    {
      step: 1,
      action: 'propose',
      by: actorLabel(actor),
      at: new Date().toISOString(),
      comment: null,
      yaml: body.yaml,
    },
  ];
  await tx.query(
    `INSERT INTO kpi_proposal (company_id, id, family, team, title, yaml, step, signatures, history, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, 1, '{}'::jsonb, $7::jsonb, $8)`,
    [
      actor.company,
      id,
      body.family,
      body.team ?? null,
      body.title,
      body.yaml,
      JSON.stringify(history),
      actorLabel(actor),
    ],
  );
  await writeAudit(tx, actor, {
    entity: 'kpi_proposal',
    entityId: String(id),
    action: 'propose',
    after: body,
  });
  return getProposal(tx, actor.company, id);
}

/** Applies one action to a proposal at the expected version, appending to its history and the audit log. */
async function act(
  tx: Sql,
  actor: Actor,
  id: number,
  version: number,
  action: string,
  comment: string | null,
  change: (
    p: Proposal,
  ) =>
    | Promise<Partial<Pick<Proposal, 'yaml' | 'step' | 'signatures' | 'template'>>>
    | Partial<Pick<Proposal, 'yaml' | 'step' | 'signatures' | 'template'>>,
): Promise<Proposal> {
  const p = await getProposal(tx, actor.company, id, true);
  if (p.step >= 7)
    throw conflict('提案已生效，不能再修改', 'the proposal is applied and can no longer change');
  if (p.version !== version)
    throw conflict(
      `提案已被他人修改（当前版本 ${p.version}，你的版本 ${version}）：请刷新`,
      `the proposal was changed by someone else (version ${p.version}, yours ${version}): reload it`,
    );
  const c = await change(p);
  const entry: HistoryEntry = {
    step: p.step,
    action,
    by: actorLabel(actor),
    at: new Date().toISOString(),
    comment,
  };
  if (c.yaml !== undefined && c.yaml !== p.yaml) entry.yaml = c.yaml;
  await tx.query(
    `UPDATE kpi_proposal SET yaml = $3, step = $4, signatures = $5::jsonb, template = $6,
       history = history || $7::jsonb, version = version + 1 WHERE company_id = $1 AND id = $2`,
    [
      actor.company,
      id,
      c.yaml ?? p.yaml,
      c.step ?? p.step,
      JSON.stringify(c.signatures ?? p.signatures),
      c.template ?? p.template,
      JSON.stringify([entry]),
    ],
  );
  await writeAudit(tx, actor, {
    entity: 'kpi_proposal',
    entityId: String(id),
    action,
    before: { step: p.step, ...(c.yaml !== undefined ? { yaml: p.yaml } : {}) },
    after: { step: c.step ?? p.step, ...(c.yaml !== undefined ? { yaml: c.yaml } : {}) },
    why: comment,
  });
  return getProposal(tx, actor.company, id);
}

/** Steps 2–3: comments from team leads and related teams; the experts may attach a revised draft. */
export async function commentProposal(
  tx: Sql,
  actor: Actor,
  id: number,
  body: { version: number; comment: string; yaml?: string | undefined },
): Promise<Proposal> {
  return act(tx, actor, id, body.version, 'comment', body.comment, (p) => {
    if (p.step > 4) throw conflict('此阶段不再征求意见', 'comments are closed at this step');
    if (body.yaml !== undefined) {
      if (!EXPERTS.includes(actor.role))
        throw forbidden('只有专家组可以修改草案', 'only the expert group revises the draft');
      mustParse(body.yaml);
      return { yaml: body.yaml };
    }
    if (actor.role === 'employee')
      throw forbidden('员工不参与 KPI 评审', 'employees do not review KPI proposals');
    return {};
  });
}

/** Moves from steps 1–4 to the next; step 4 → 5 needs a draft that passes its check (the benchmark set). */
export async function advanceProposal(
  tx: Sql,
  actor: Actor,
  id: number,
  body: { version: number; comment?: string | undefined },
): Promise<Proposal> {
  return act(tx, actor, id, body.version, 'advance', body.comment ?? null, (p) => {
    if (!EXPERTS.includes(actor.role))
      throw forbidden('只有专家组推进流程', 'only the expert group moves the proposal on');
    if (p.step >= 5)
      throw conflict('此阶段需要签字或委员会审批', 'this step needs signatures or the committee');
    if (p.step === 4) {
      const report = checkYaml(p.yaml);
      if (!report.ok)
        throw new AppError(
          'invalid_template',
          { zh: '标杆 KPI 未通过校验', en: 'the benchmark set does not pass its check' },
          report.problems.filter((x) => x.severity === 'error'),
        );
    }
    return { step: p.step + 1 };
  });
}

/** Step 5: the team's supervisor and the team lead both sign; with both, the proposal goes to the committee. */
export async function signProposal(
  tx: Sql,
  actor: Actor,
  id: number,
  body: { version: number; as: 'supervisor' | 'lead' },
): Promise<Proposal> {
  // the lead is the team's lead; the supervisor is the lead's own supervisor (主管)
  const current = await getProposal(tx, actor.company, id);
  const t = current.team
    ? await tx.query<{ lead: string | null; supervisor: string | null }>(
        `SELECT t.lead, e.supervisor FROM team t LEFT JOIN employee e ON e.company_id = t.company_id AND e.code = t.lead
         WHERE t.company_id = $1 AND t.code = $2`,
        [actor.company, current.team],
      )
    : null;
  const lead = t?.rows[0]?.lead ?? null;
  const leadsSupervisor = t?.rows[0]?.supervisor ?? null;
  return act(tx, actor, id, body.version, `sign_${body.as}`, null, (p) => {
    if (p.step !== 5) throw conflict('现在不是签字阶段', 'this is not the signing step');
    if (body.as === 'supervisor' && (!actor.employee || actor.employee !== leadsSupervisor))
      throw forbidden(
        '只有该团队负责人的主管可以以主管身份签字',
        'only the team lead’s supervisor signs as the supervisor',
      );
    if (body.as === 'lead' && (!actor.employee || actor.employee !== lead))
      throw forbidden('只有该团队负责人可以以负责人身份签字', 'only the team lead signs as the lead');
    const other = body.as === 'supervisor' ? p.signatures.lead : p.signatures.supervisor;
    if (other && other.by === actorLabel(actor))
      throw forbidden('同一人不能同时代表双方签字', 'one person cannot sign for both sides');
    const signatures = {
      ...p.signatures,
      [body.as]: { by: actorLabel(actor), at: new Date().toISOString() },
    };
    return { signatures, ...(signatures.supervisor && signatures.lead ? { step: 6 } : {}) };
  });
}

/** Step 6: the committee approves; the draft becomes a template version, frozen from now on. */
export async function approveProposal(
  tx: Sql,
  actor: Actor,
  id: number,
  body: { version: number; comment?: string | undefined },
): Promise<Proposal> {
  return act(tx, actor, id, body.version, 'approve', body.comment ?? null, async (p) => {
    if (actor.role !== 'committee')
      throw forbidden('只有绩效委员会可以审批', 'only the performance committee approves');
    if (p.step !== 6)
      throw conflict('提案尚未到委员会审批阶段', 'the proposal has not reached the committee');
    const v = await createTemplateVersion(
      tx,
      actor,
      p.yaml,
      `KPI proposal ${id}: ${body.comment ?? 'approved'}`,
    );
    await tx.query(
      'UPDATE template_version SET applied = true WHERE company_id = $1 AND template_id = $2 AND version = $3',
      [actor.company, v.id, v.version],
    );
    return { step: 7, template: `${v.id}@${v.version}` };
  });
}
