/**
 * Designing the KPIs (团队KPI提取的六个步骤, domain.md §4, seed 002) as a workflow over one proposal:
 *
 * 1. proposed      the expert group (HR, committee, admin) proposes a team's KPIs as a template draft
 * 2. consultation  team leads (supervisors) comment; the experts revise the draft
 * 3. cross-review  teams that work together review each other's KPIs (supervisors comment)
 * 4. benchmark     the experts settle the benchmark set for the job family (the draft must pass its check)
 * 5. agreement     the team's supervisor and the team lead both sign
 * 6. committee     the performance committee approves → a template version that can no longer be edited,
 *                  in force from a chosen month onward (never a month already opened: a change is a new
 *                  version for a later period)
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
  /** on approval: the first month (YYYY-MM) the version is in force */
  from?: string;
}

export interface Person {
  code: string;
  name: string;
}

/** What one person may do to a proposal now, and why (or why not), so the page can say so. */
export interface Can {
  ok: boolean;
  why: Text;
}
export const DESIGN_ACTIONS = [
  'comment',
  'revise',
  'advance',
  'sign_lead',
  'sign_supervisor',
  'approve',
] as const;
export type DesignAction = (typeof DESIGN_ACTIONS)[number];

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
  /** who signs at step 5: the team's lead and the lead's own supervisor (null when the team has none) */
  signers: { lead: Person | null; supervisor: Person | null };
  history: HistoryEntry[];
  template: string | null;
  /** the committee's approval, once given: the template version and the first month it is in force */
  approval: { by: string; at: string; comment: string | null; template: string; from: string } | null;
  version: number;
  createdBy: string;
  createdAt: string;
  /** the time of the last action */
  updatedAt: string;
}

/** One proposal as one person sees it: what they may do now, and the earliest month an approval may name. */
export interface ProposalView extends Proposal {
  you: Record<DesignAction, Can>;
  /** YYYY-MM, the month after the last month already opened; null when no month has been opened */
  earliestFrom: string | null;
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
  lead_code: string | null;
  lead_name: string | null;
  sup_code: string | null;
  sup_name: string | null;
}

// The proposal with the people who sign at step 5, read from the team as it is now (a lead who changes
// before the signing step is the one who signs).
const SELECT = `SELECT p.id, p.family, p.team, p.title, p.yaml, p.step, p.signatures, p.history, p.template,
    p.version, p.created_by, p.created_at, t.lead AS lead_code, le.name AS lead_name,
    le.supervisor AS sup_code, se.name AS sup_name
  FROM kpi_proposal p
  LEFT JOIN team t ON t.company_id = p.company_id AND t.code = p.team
  LEFT JOIN employee le ON le.company_id = p.company_id AND le.code = t.lead
  LEFT JOIN employee se ON se.company_id = p.company_id AND se.code = le.supervisor`;

const personOf = (code: string | null, name: string | null): Person | null =>
  code ? { code, name: name ?? code } : null;
const label = (p: Person | null): string => (p ? `${p.name} (${p.code})` : '—');

/** Who acts next, in words; at step 5 with the names of the two signers and what is still missing. */
function nextOf(step: number, signers: Proposal['signatures'], who: Proposal['signers']): Text {
  if (step !== 5) return NEXT[step] ?? NEXT[7]!;
  if (!who.lead || !who.supervisor)
    return {
      zh: '团队没有负责人或负责人没有主管：请先在组织架构中设置，才能签字',
      en: 'the team has no lead, or the lead no supervisor: set them in the organisation before anyone can sign',
    };
  const missing: Text[] = [];
  if (!signers.supervisor)
    missing.push({ zh: `主管 ${label(who.supervisor)}`, en: `the supervisor ${label(who.supervisor)}` });
  if (!signers.lead)
    missing.push({ zh: `团队负责人 ${label(who.lead)}`, en: `the team lead ${label(who.lead)}` });
  return {
    zh: `${missing.map((m) => m.zh).join('与')}签字`,
    en: `${missing.map((m) => m.en).join(' and ')} sign${missing.length === 1 ? 's' : ''}`,
  };
}

function proposalOf(r: Row): Proposal {
  const signers = { lead: personOf(r.lead_code, r.lead_name), supervisor: personOf(r.sup_code, r.sup_name) };
  const approved = r.history.find((h) => h.action === 'approve');
  const last = r.history[r.history.length - 1];
  return {
    id: r.id,
    family: r.family,
    team: r.team,
    title: r.title,
    yaml: r.yaml,
    step: r.step,
    stepName: STEPS[r.step - 1] ?? 'applied',
    next: nextOf(r.step, r.signatures, signers),
    signatures: r.signatures,
    signers,
    history: r.history,
    template: r.template,
    approval:
      approved && r.template
        ? {
            by: approved.by,
            at: approved.at,
            comment: approved.comment,
            template: r.template,
            from: approved.from ?? '',
          }
        : null,
    version: r.version,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: last?.at ?? r.created_at,
  };
}

export async function listProposals(db: Sql, company: string): Promise<Proposal[]> {
  const r = await db.query<Row>(`${SELECT} WHERE p.company_id = $1 ORDER BY p.id DESC`, [company]);
  return r.rows.map(proposalOf);
}

export async function getProposal(db: Sql, company: string, id: number, lock = false): Promise<Proposal> {
  const r = await db.query<Row>(
    `${SELECT} WHERE p.company_id = $1 AND p.id = $2${lock ? ' FOR UPDATE OF p' : ''}`,
    [company, id],
  );
  const row = r.rows[0];
  if (!row) throw notFound(`KPI proposal ${id}`);
  return proposalOf(row);
}

const forbidden = (zh: string, en: string) => new AppError('forbidden', { zh, en });
const conflict = (zh: string, en: string) => new AppError('conflict', { zh, en });
const invalid = (zh: string, en: string) => new AppError('invalid_input', { zh, en });

/** Parses a draft and checks it is for the proposal's job family (an approval makes it that family's template). */
function mustParse(yaml: string, family: string): void {
  const parsed = parseTemplate(yaml, 'proposal.yaml');
  if (!parsed.template)
    throw new AppError(
      'invalid_template',
      { zh: '草案无法解析', en: 'the draft does not parse' },
      parsed.problems,
    );
  if (parsed.template.family !== family)
    throw invalid(
      `草案的岗位族（family: ${parsed.template.family}）与提案的岗位族 ${family} 不一致`,
      `the draft's job family (family: ${parsed.template.family}) differs from the proposal's ${family}`,
    );
}

const yes = (zh: string, en: string): Can => ({ ok: true, why: { zh, en } });
const no = (zh: string, en: string): Can => ({ ok: false, why: { zh, en } });

/**
 * What `actor` may do to `p` now, each with the reason in words. The same rules as the writes below
 * (which stay the authority: they check again under a lock), so the page shows only buttons that work.
 */
export function permissionsFor(p: Proposal, actor: Actor): Record<DesignAction, Can> {
  if (p.step >= 7) {
    const frozen = no(
      '提案已生效，不能再修改（变更请新建提案）',
      'the proposal is applied and can no longer change',
    );
    return {
      comment: frozen,
      revise: frozen,
      advance: frozen,
      sign_lead: frozen,
      sign_supervisor: frozen,
      approve: frozen,
    };
  }
  const expert = EXPERTS.includes(actor.role);
  const me = actorLabel(actor);
  const comment =
    actor.role === 'employee'
      ? no('员工不参与 KPI 评审', 'employees do not review KPI proposals')
      : p.step > 4
        ? no('第 5 步起不再征求意见', 'comments are closed from step 5')
        : yes('第 1–4 步专家组与团队负责人都可以提意见', 'in steps 1–4 the experts and team leads comment');
  const revise = !expert
    ? no(
        '只有专家组（人事/委员会/管理员）可以修改草案',
        'only the expert group (HR/committee/admin) revises the draft',
      )
    : p.step > 4
      ? no('第 5 步起草案不能再修改', 'the draft can no longer be revised from step 5')
      : yes('你属于专家组，可以提交修改后的草案', 'you are in the expert group and may revise the draft');
  const advance = !expert
    ? no('只有专家组推进流程', 'only the expert group moves the proposal on')
    : p.step > 4
      ? no('此阶段需要签字或委员会审批', 'this step needs signatures or the committee')
      : yes(
          p.step === 4 ? '你属于专家组；确认标杆时草案须通过校验' : '你属于专家组，可以进入下一步',
          p.step === 4
            ? 'you are in the expert group; the draft must pass its check to confirm the benchmark'
            : 'you are in the expert group and may move to the next step',
        );
  const sign = (as: 'lead' | 'supervisor'): Can => {
    const who = p.signers[as];
    const other = as === 'lead' ? p.signatures.supervisor : p.signatures.lead;
    const role = as === 'lead' ? { zh: '团队负责人', en: 'team lead' } : { zh: '主管', en: 'supervisor' };
    if (p.step !== 5) return no('现在不是签字阶段（第 5 步）', 'this is not the signing step (step 5)');
    if (p.signatures[as])
      return no(
        `${role.zh}已签字（${p.signatures[as].by}）`,
        `the ${role.en} has signed (${p.signatures[as].by})`,
      );
    if (!who)
      return no(
        `团队没有${role.zh}：请先在组织架构中设置`,
        `the team has no ${role.en}: set one in the organisation first`,
      );
    if (actor.employee !== who.code)
      return no(`只有${role.zh} ${label(who)} 可以签`, `only the ${role.en} ${label(who)} signs here`);
    if (other && other.by === me)
      return no('同一人不能同时代表双方签字', 'one person cannot sign for both sides');
    return yes(`你是该团队的${role.zh}`, `you are the team's ${role.en}`);
  };
  const approve =
    actor.role !== 'committee'
      ? no('只有绩效委员会可以审批', 'only the performance committee approves')
      : p.step !== 6
        ? no('提案尚未到委员会审批阶段（第 6 步）', 'the proposal has not reached the committee (step 6)')
        : yes('你是绩效委员会成员', 'you are on the performance committee');
  return {
    comment,
    revise,
    advance,
    sign_lead: sign('lead'),
    sign_supervisor: sign('supervisor'),
    approve,
  };
}

const nextMonth = (m: string): string => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
};

/** The month after the last month already opened (those months' forms were made from earlier versions). */
export async function earliestFrom(db: Sql, company: string): Promise<string | null> {
  const r = await db.query<{ m: string | null }>(
    'SELECT max(month) AS m FROM appraisal_month WHERE company_id = $1',
    [company],
  );
  const last = r.rows[0]?.m ?? null;
  return last ? nextMonth(last) : null;
}

/** One proposal with what the signed-in person may do to it now. */
export async function proposalFor(db: Sql, actor: Actor, id: number): Promise<ProposalView> {
  const p = await getProposal(db, actor.company, id);
  return { ...p, you: permissionsFor(p, actor), earliestFrom: await earliestFrom(db, actor.company) };
}

/** Step 1: the expert group proposes. */
export async function createProposal(
  tx: Sql,
  actor: Actor,
  body: { family: string; team?: string | undefined; title: string; yaml: string },
): Promise<Proposal> {
  if (!EXPERTS.includes(actor.role))
    throw forbidden('只有专家组可以发起提案', 'only the expert group proposes');
  const fam = await tx.query('SELECT 1 FROM job_family WHERE company_id = $1 AND code = $2', [
    actor.company,
    body.family,
  ]);
  if (!fam.rows.length) throw invalid(`没有岗位族 ${body.family}`, `there is no job family ${body.family}`);
  // the team's lead and the lead's supervisor sign at step 5: without a team nobody could
  if (!body.team)
    throw invalid(
      '请指定团队：第 5 步由团队负责人与其主管签字',
      'name the team: its lead and the lead’s supervisor sign at step 5',
    );
  const team = await tx.query('SELECT 1 FROM team WHERE company_id = $1 AND code = $2', [
    actor.company,
    body.team,
  ]);
  if (!team.rows.length) throw invalid(`没有团队 ${body.team}`, `there is no team ${body.team}`);
  mustParse(body.yaml, body.family);
  // ids are the company's highest + 1: without this lock two simultaneous proposals on PostgreSQL read
  // the same highest id and one fails on the key; held to the end of the transaction (released at
  // commit), so the next reader's statement sees this row. Same SQL on PGlite.
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('kpi_proposal'), hashtext($1))", [actor.company]);
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
      body.team,
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

type Change = Partial<Pick<Proposal, 'yaml' | 'step' | 'signatures' | 'template'>> & { from?: string };

/** Applies one action to a proposal at the expected version, appending to its history and the audit log. */
async function act(
  tx: Sql,
  actor: Actor,
  id: number,
  version: number,
  action: string,
  comment: string | null,
  change: (p: Proposal) => Promise<Change> | Change,
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
  if (c.from !== undefined) entry.from = c.from;
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
    before: {
      step: p.step,
      ...(c.yaml !== undefined ? { yaml: p.yaml } : {}),
      ...(c.signatures !== undefined ? { signatures: p.signatures } : {}),
    },
    after: {
      step: c.step ?? p.step,
      ...(c.yaml !== undefined ? { yaml: c.yaml } : {}),
      ...(c.signatures !== undefined ? { signatures: c.signatures } : {}),
      ...(c.template !== undefined ? { template: c.template } : {}),
      ...(c.from !== undefined ? { from: c.from } : {}),
    },
    why: comment,
  });
  return getProposal(tx, actor.company, id);
}

/** Refuses when a permission says no, with its reason, as the HTTP code that fits. */
function must(can: Can, code: 'forbidden' | 'conflict'): void {
  if (!can.ok) throw new AppError(code, can.why);
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
      mustParse(body.yaml, p.family);
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
  return act(tx, actor, id, body.version, 'advance', body.comment ?? null, async (p) => {
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
      // found now rather than at the committee, when the draft can no longer be revised
      const exists = await tx.query(
        'SELECT 1 FROM template_version WHERE company_id = $1 AND template_id = $2 AND version = $3',
        [actor.company, report.id, report.version],
      );
      if (exists.rows.length)
        throw conflict(
          `模板 ${report.id}@${report.version} 已存在：请在草案中改用新的 version`,
          `template ${report.id}@${report.version} already exists: give the draft a new version`,
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
  return act(tx, actor, id, body.version, `sign_${body.as}`, null, (p) => {
    const can = permissionsFor(p, actor)[`sign_${body.as}`];
    if (p.step !== 5 || p.signatures[body.as]) must(can, 'conflict');
    must(can, 'forbidden');
    const signatures = {
      ...p.signatures,
      [body.as]: { by: actorLabel(actor), at: new Date().toISOString() },
    };
    return { signatures, ...(signatures.supervisor && signatures.lead ? { step: 6 } : {}) };
  });
}

/**
 * Step 6: the committee approves; the draft becomes a template version, frozen from now on, in force
 * from `from` (YYYY-MM; the draft's `effective:` is set to its first day) or, without it, from the
 * draft's own `effective`. Never from a month already opened.
 */
export async function approveProposal(
  tx: Sql,
  actor: Actor,
  id: number,
  body: { version: number; comment?: string | undefined; from?: string | undefined },
): Promise<Proposal> {
  return act(tx, actor, id, body.version, 'approve', body.comment ?? null, async (p) => {
    if (actor.role !== 'committee')
      throw forbidden('只有绩效委员会可以审批', 'only the performance committee approves');
    if (p.step !== 6)
      throw conflict('提案尚未到委员会审批阶段', 'the proposal has not reached the committee');
    let yaml = p.yaml;
    if (body.from !== undefined) {
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(body.from))
        throw invalid(`月份格式应为 YYYY-MM：${body.from}`, `a month is YYYY-MM: ${body.from}`);
      if (!/^effective:.*$/m.test(yaml))
        throw invalid('草案没有 effective: 一行', 'the draft has no effective: line');
      yaml = yaml.replace(/^effective:.*$/m, `effective: ${body.from}-01`);
    }
    const tpl = parseTemplate(yaml, 'proposal.yaml').template;
    if (!tpl) throw new AppError('invalid_template', { zh: '草案无法解析', en: 'the draft does not parse' });
    const from = tpl.effective.slice(0, 7);
    const earliest = await earliestFrom(tx, actor.company);
    if (earliest && from < earliest)
      throw conflict(
        `${from} 不能生效：${earliest} 之前的月份已开启考核，新版本只能从 ${earliest} 或之后生效`,
        `cannot apply from ${from}: months before ${earliest} are already open; a new version applies from ${earliest} or later`,
      );
    const v = await createTemplateVersion(
      tx,
      actor,
      yaml,
      `KPI proposal ${id}: ${body.comment ?? 'approved'}`,
    );
    await tx.query(
      'UPDATE template_version SET applied = true WHERE company_id = $1 AND template_id = $2 AND version = $3',
      [actor.company, v.id, v.version],
    );
    // frozen from now on: the template's own audit trail says so, not only the proposal's
    await writeAudit(tx, actor, {
      entity: 'template',
      entityId: `${v.id}@${v.version}`,
      action: 'apply',
      before: { applied: false },
      after: { applied: true, from, proposal: id },
      why: body.comment ?? null,
    });
    return { step: 7, template: `${v.id}@${v.version}`, from, ...(yaml !== p.yaml ? { yaml } : {}) };
  });
}
