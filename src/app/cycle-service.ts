/**
 * The monthly appraisal cycle (月度考核流程, domain.md §3): open a month for a population → forms from the
 * template version in force → actuals from store data → ratings, attendance, additional points →
 * scores and grades (scoreForm, trace stored) → calibration against the quota → publish → confirm or
 * object → second review → feedback interview → close and lock.
 *
 * Every write goes through {@link changeForm}: it refuses a closed month (409), a form the actor may not
 * see (404) or change (403), and a stale `version` (409, naming who saved first); it writes the audit
 * entry in the same transaction. Services take a transaction (`Sql`); the caller opens it.
 */
import { AppError, type Problem } from '../core/errors.ts';
import { dateRange } from '../core/metrics/calendar.ts';
import { computeMetrics, type MetricsResult, type Scope } from '../core/metrics/compute.ts';
import { METRICS, type MetricCode } from '../core/metrics/dictionary.ts';
import { lastYear, type Period, parsePeriod } from '../core/metrics/period.ts';
import { applyDistribution, type DistributionResult } from '../core/scoring/distribution.ts';
import { type PersonInput, type Scorecard, scoreForm } from '../core/scoring/score-form.ts';
import { cohortValues } from '../core/scoring/score-group.ts';
import type { DailyValue, Rater, Template } from '../core/scoring/types.ts';
import type { Text } from '../core/text.ts';
import type { Sql } from '../db/open-db.ts';
import { type Actor, actorLabel } from './actor.ts';
import { writeAudit } from './audit-service.ts';
import { loadFactSet } from './load-facts.ts';
import { notFound, SEES_EVERYONE } from './org-service.ts';
import { appliedYaml, parsedTemplate, versionInForce } from './template-service.ts';

export type MonthStatus = 'open' | 'published' | 'closed';
export type FormStatus = 'open' | 'scored' | 'published' | 'confirmed' | 'objected' | 'resolved';

export interface ActualEntry {
  value: number | null;
  source: string;
  override?: { value: number | null; original: number | null; reason: string; by: string; at: string };
}

export interface AdditionalEntry {
  id: number;
  points: number;
  reason: string;
  evidence: string;
  enteredBy: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  note: string | null;
}

export interface MonthInfo {
  month: string;
  status: MonthStatus;
  objectionDays: number;
  openedBy: string;
  openedAt: string;
  publishedAt: string | null;
  closedAt: string | null;
  counts: Record<string, number>;
  total: number;
}

export interface FormSummary {
  month: string;
  employee: string;
  name: string;
  family: string | null;
  template: string;
  supervisor: string | null;
  status: FormStatus;
  total: number | null;
  grade: string | null;
  calibratedGrade: string | null;
  finalGrade: string | null;
  version: number;
}

export interface Form extends FormSummary {
  actuals: Record<string, ActualEntry>;
  targets: Record<string, number>;
  ratings: Partial<Record<Rater, Record<string, number>>>;
  attendance: Record<string, number>;
  /** previous/last-year and daily figures that derived indicators read */
  context: FormContext;
  additional: AdditionalEntry[];
  scorecard: Scorecard | null;
  calibrationReason: string | null;
  confirmedAt: string | null;
  deadline: string | null;
  objection: {
    reason: string;
    reviewer: string | null;
    status: 'open' | 'resolved';
    resolution: string | null;
    resolvedBy: string | null;
    at: string;
  } | null;
  interview: { strengths: string; gaps: string; plan: string; by: string; at: string } | null;
  updatedBy: string;
  updatedAt: string;
  templateInfo: {
    id: string;
    version: string;
    raters: Rater[];
    behaviour: { id: string; name: Text }[];
    scale: { min: number; max: number } | null;
    attendance: { id: string; name: Text; pointsEach: number }[];
    additional: { min: number; max: number } | null;
    indicators: {
      id: string;
      name: Text;
      unit: string | null;
      weight: number;
      metric: string;
      target: number | null;
    }[];
    grades: string[];
  };
}

const conflict = (zh: string, en: string) => new AppError('conflict', { zh, en });
const forbidden = (zh: string, en: string) => new AppError('forbidden', { zh, en });
const invalid = (zh: string, en: string, problems: Problem[] = []) =>
  new AppError('invalid_input', { zh, en }, problems);

// ---------------------------------------------------------------------------------------------------
// reading

interface MonthRow {
  month: string;
  status: MonthStatus;
  objection_days: number;
  opened_by: string;
  opened_at: string;
  published_at: string | null;
  closed_at: string | null;
}

async function monthRow(db: Sql, company: string, month: string, lock = false): Promise<MonthRow> {
  const r = await db.query<MonthRow>(
    `SELECT month, status, objection_days, opened_by, opened_at, published_at, closed_at FROM appraisal_month
     WHERE company_id = $1 AND month = $2${lock ? ' FOR UPDATE' : ''}`,
    [company, month],
  );
  const row = r.rows[0];
  if (!row) throw notFound(`month ${month}`);
  return row;
}

export async function getMonth(db: Sql, company: string, month: string): Promise<MonthInfo> {
  const m = await monthRow(db, company, month);
  const c = await db.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM appraisal_form WHERE company_id = $1 AND month = $2 GROUP BY status',
    [company, month],
  );
  const counts: Record<string, number> = {};
  for (const x of c.rows) counts[x.status] = Number(x.n);
  return {
    month: m.month,
    status: m.status,
    objectionDays: m.objection_days,
    openedBy: m.opened_by,
    openedAt: m.opened_at,
    publishedAt: m.published_at,
    closedAt: m.closed_at,
    counts,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
  };
}

export async function listMonths(db: Sql, company: string): Promise<MonthInfo[]> {
  const r = await db.query<{ month: string }>(
    'SELECT month FROM appraisal_month WHERE company_id = $1 ORDER BY month DESC',
    [company],
  );
  const out: MonthInfo[] = [];
  for (const x of r.rows) out.push(await getMonth(db, company, x.month));
  return out;
}

interface FormRow {
  month: string;
  employee: string;
  name: string;
  family: string | null;
  template_id: string;
  template_version: string;
  supervisor: string | null;
  status: FormStatus;
  total: string | null;
  grade: string | null;
  calibrated_grade: string | null;
  version: number;
}

const SUMMARY_COLS = `f.month, f.employee, e.name, e.family, f.template_id, f.template_version, f.supervisor, f.status,
  f.total, f.grade, f.calibrated_grade, f.version`;

function summaryOf(r: FormRow): FormSummary {
  return {
    month: r.month,
    employee: r.employee,
    name: r.name,
    family: r.family,
    template: `${r.template_id}@${r.template_version}`,
    supervisor: r.supervisor,
    status: r.status,
    total: r.total === null ? null : Number(r.total),
    grade: r.grade,
    calibratedGrade: r.calibrated_grade,
    finalGrade: r.calibrated_grade ?? r.grade,
    version: r.version,
  };
}

/** May the actor see this form? Admin/HR/committee: all; the person; their supervisor at the month's opening. */
export function canSeeForm(
  actor: Actor,
  f: { employee: string; supervisor: string | null; reviewer?: string | null },
): boolean {
  if (SEES_EVERYONE.includes(actor.role)) return true;
  if (!actor.employee) return false;
  if (f.reviewer && f.reviewer === actor.employee) return true;
  return f.employee === actor.employee || (actor.role === 'supervisor' && f.supervisor === actor.employee);
}

const isSupervisorOf = (actor: Actor, f: { supervisor: string | null }) =>
  actor.role === 'supervisor' && actor.employee !== null && f.supervisor === actor.employee;
const isSelf = (actor: Actor, f: { employee: string }) =>
  actor.employee !== null && f.employee === actor.employee;

export async function listForms(db: Sql, actor: Actor, month: string): Promise<FormSummary[]> {
  await monthRow(db, actor.company, month);
  const params: unknown[] = [actor.company, month];
  let where = 'f.company_id = $1 AND f.month = $2';
  // Filter in SQL so a supervisor's list costs the same whatever the company's size.
  if (!SEES_EVERYONE.includes(actor.role)) {
    params.push(actor.employee ?? '');
    where +=
      actor.role === 'supervisor' ? ' AND (f.employee = $3 OR f.supervisor = $3)' : ' AND f.employee = $3';
  }
  const r = await db.query<FormRow>(
    `SELECT ${SUMMARY_COLS} FROM appraisal_form f JOIN employee e ON e.company_id = f.company_id AND e.code = f.employee
     WHERE ${where} ORDER BY f.employee`,
    params,
  );
  return r.rows.map(summaryOf);
}

interface FullRow extends FormRow {
  actuals: Record<string, ActualEntry>;
  targets: Record<string, number>;
  ratings: Partial<Record<Rater, Record<string, number>>>;
  attendance: Record<string, number>;
  context: FormContext;
  scorecard: Scorecard | null;
  calibration_reason: string | null;
  deadline: string | null;
  confirmed_at: string | null;
  updated_by: string;
  updated_at: string;
  /** null from the query when the version is applied (then filled from the cache) */
  yaml: string;
  /** the second reviewer of an open objection (who may then see and resolve the form) */
  reviewer: string | null;
  additional: (Omit<AdditionalEntry, 'points'> & { points: string })[];
  objection: Form['objection'];
  interview: Form['interview'];
}

const FORM_COLS = `${SUMMARY_COLS}, f.actuals, f.targets, f.ratings, f.attendance, f.context, f.scorecard, f.calibration_reason,
       f.deadline, f.confirmed_at, f.updated_by, f.updated_at,
       -- an applied version's text never changes: it comes from the process cache after the first read
       CASE WHEN t.applied THEN NULL ELSE t.yaml END AS yaml,
       (SELECT o.reviewer FROM objection o WHERE o.company_id = f.company_id AND o.month = f.month
          AND o.employee = f.employee AND o.status = 'open') AS reviewer,
       -- the form's small satellites in the same round trip: a form is read far more often than written
       (SELECT coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'points', a.points, 'reason', a.reason,
            'evidence', a.evidence, 'enteredBy', a.entered_by, 'status', a.status, 'decidedBy', a.decided_by,
            'note', a.note) ORDER BY a.id), '[]'::jsonb)
          FROM additional_point a WHERE a.company_id = f.company_id AND a.month = f.month AND a.employee = f.employee) AS additional,
       (SELECT jsonb_build_object('reason', o.reason, 'reviewer', o.reviewer, 'status', o.status,
            'resolution', o.resolution, 'resolvedBy', o.resolved_by, 'at', o.at)
          FROM objection o WHERE o.company_id = f.company_id AND o.month = f.month AND o.employee = f.employee) AS objection,
       (SELECT jsonb_build_object('strengths', i.strengths, 'gaps', i.gaps, 'plan', i.plan, 'by', i.recorded_by, 'at', i.at)
          FROM feedback_interview i WHERE i.company_id = f.company_id AND i.month = f.month AND i.employee = f.employee) AS interview`;

const FORM_FROM = `FROM appraisal_form f
     JOIN employee e ON e.company_id = f.company_id AND e.code = f.employee
     JOIN template_version t ON t.company_id = f.company_id AND t.template_id = f.template_id AND t.version = f.template_version`;

async function withYaml<R extends FullRow | undefined>(db: Sql, company: string, row: R): Promise<R> {
  if (row && row.yaml === null)
    row.yaml = await appliedYaml(db, company, row.template_id, row.template_version);
  return row;
}

async function loadForm(db: Sql, company: string, month: string, employee: string, lock = false) {
  const r = await db.query<FullRow>(
    `SELECT ${FORM_COLS} ${FORM_FROM}
     WHERE f.company_id = $1 AND f.month = $2 AND f.employee = $3${lock ? ' FOR UPDATE OF f' : ''}`,
    [company, month, employee],
    // a read outside a transaction (opening a form page) reuses its plan; a locking read does not
    lock ? undefined : { prepare: 'shopkpi_form' },
  );
  return withYaml(db, company, r.rows[0]);
}

function templateInfo(tpl: Template): Form['templateInfo'] {
  const b = tpl.parts.behaviour;
  return {
    id: tpl.id,
    version: tpl.version,
    raters: b ? (Object.keys(b.raters) as Rater[]) : [],
    behaviour: b ? b.items.map((i) => ({ id: i.id, name: i.name })) : [],
    scale: b ? b.scale : null,
    attendance:
      tpl.parts.attendance?.items.map((i) => ({ id: i.id, name: i.name, pointsEach: i.pointsEach })) ?? [],
    additional: tpl.parts.additional ?? null,
    indicators: tpl.indicators.map((i) => ({
      id: i.id,
      name: i.name,
      unit: i.unit ?? null,
      weight: i.weight,
      metric: i.metric,
      target: i.target ?? null,
    })),
    grades: tpl.grades.map((g) => g.grade),
  };
}

function assembleForm(company: string, row: FullRow): Form {
  const tpl = parsedTemplate(company, row.template_id, row.template_version, row.yaml);
  return {
    ...summaryOf(row),
    actuals: row.actuals,
    targets: row.targets,
    ratings: row.ratings,
    attendance: row.attendance,
    context: row.context,
    additional: row.additional.map((a) => ({ ...a, points: Number(a.points) })),
    scorecard: row.scorecard,
    calibrationReason: row.calibration_reason,
    confirmedAt: row.confirmed_at,
    deadline: row.deadline,
    objection: row.objection,
    interview: row.interview,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
    templateInfo: templateInfo(tpl),
  };
}

/** One form; not_found when it does not exist or the actor may not see it. */
export async function getForm(db: Sql, actor: Actor, month: string, employee: string): Promise<Form> {
  const row = await loadForm(db, actor.company, month, employee);
  if (!row || !canSeeForm(actor, row)) throw notFound(`form ${month} ${employee}`);
  return assembleForm(actor.company, row);
}

// ---------------------------------------------------------------------------------------------------
// opening a month

export interface OpenMonthInput {
  month: string;
  families?: string[];
  employees?: string[];
  objectionDays?: number;
}

/** What derived indicators read besides the month's own figures (stored on the form as `context`). */
export interface FormContext {
  history?: { previous?: Record<string, number | null>; lastYear?: Record<string, number | null> };
  daily?: Record<string, DailyValue[]>;
}

type ManualBook = Map<string, { value: string; source: string }>;

function metricValue(res: MetricsResult | null, code: string): { value: number; res: MetricsResult } | null {
  if (!res || !(code in METRICS)) return null;
  const m = res.metrics.find((x) => x.code === (code as MetricCode));
  return m && m.value !== null ? { value: Number(m.value), res } : null;
}

/**
 * Where an actual comes from: the metric dictionary over the person's own scope (a CS account, else
 * their stores), then over their stores (a CS agent's AOV is the store's), then a manual figure.
 */
function actualFrom(
  code: string,
  scopes: (MetricsResult | null)[],
  manual: ManualBook,
  indicatorId: string,
): ActualEntry {
  for (const res of scopes) {
    const v = metricValue(res, code);
    if (v) {
      const m = METRICS[code as MetricCode];
      return {
        value: v.value,
        source: `${v.res.scope.label.zh} ${v.res.period.key} · ${m.name.zh} / ${v.res.scope.label.en} · ${m.name.en} (${v.res.currency})`,
      };
    }
  }
  const man = manual.get(indicatorId) ?? manual.get(code);
  if (man) return { value: Number(man.value), source: man.source };
  return { value: null, source: 'missing / 无数据' };
}

function previousMonth(p: Period): Period {
  const [y, m] = p.key.split('-').map(Number) as [number, number];
  const key = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  return parsePeriod(key)!;
}

/** Where opening a month is: gathering the facts, filling each person's form (n of N), writing them. */
export interface OpenMonthProgress {
  phase: 'facts' | 'forms' | 'write';
  done: number;
  total: number;
}

/** Forms filled between two progress reports; each report also lets the event loop answer pollers. */
const FORMS_PER_REPORT = 50;

/**
 * Opens a month: one form per employee of the population, from the template version in force for their
 * job family on the month's first day, with actuals filled from store data. Refused as a whole (nothing
 * written) when the month exists or a person has no template. `onProgress` hears each phase.
 */
export async function openMonth(
  tx: Sql,
  actor: Actor,
  input: OpenMonthInput,
  onProgress?: (p: OpenMonthProgress) => void,
): Promise<MonthInfo> {
  const period = parsePeriod(input.month);
  if (period?.kind !== 'month')
    throw invalid(`月份格式应为 YYYY-MM：${input.month}`, `a month is YYYY-MM: ${input.month}`);
  const exists = await tx.query('SELECT 1 FROM appraisal_month WHERE company_id = $1 AND month = $2', [
    actor.company,
    input.month,
  ]);
  if (exists.rows.length) throw conflict(`${input.month} 已开启`, `${input.month} is already open`);

  const people = await tx.query<{
    code: string;
    family: string;
    supervisor: string | null;
    agent: string | null;
    stores: string[] | null;
  }>(
    `SELECT e.code, e.family, e.supervisor, e.agent,
       (SELECT array_agg(a.store ORDER BY a.store) FROM store_assignment a WHERE a.company_id = e.company_id
          AND a.employee = e.code AND a.from_date <= $3::date AND (a.to_date IS NULL OR a.to_date >= $2::date)) AS stores
     FROM employee e WHERE e.company_id = $1 AND e.family IS NOT NULL
       AND (e.hire_date IS NULL OR e.hire_date <= $3::date) AND (e.leave_date IS NULL OR e.leave_date >= $2::date)
     ORDER BY e.code`,
    [actor.company, period.from, period.to],
  );
  const families = input.families ? new Set(input.families) : null;
  const only = input.employees ? new Set(input.employees) : null;
  const population = people.rows.filter(
    (p) => (!families || families.has(p.family)) && (!only || only.has(p.code)),
  );
  if (only) {
    const missing = [...only].filter((c) => !population.some((p) => p.code === c));
    if (missing.length)
      throw invalid(
        `这些员工不存在、没有岗位族或当月不在职：${missing.join('、')}`,
        `these employees do not exist, have no job family or are not employed that month: ${missing.join(', ')}`,
      );
  }
  if (population.length === 0) throw invalid('考核范围内没有员工', 'the population has nobody in it');

  // template in force per family
  const tpls = new Map<string, { id: string; version: string; template: Template }>();
  const problems: Problem[] = [];
  for (const fam of new Set(population.map((p) => p.family))) {
    const v = await versionInForce(tx, actor.company, fam, period.from);
    if (!v) {
      problems.push({
        severity: 'error',
        code: 'no_template',
        message: {
          zh: `岗位族 ${fam} 在 ${input.month} 没有生效的模板`,
          en: `job family ${fam} has no template in force in ${input.month}`,
        },
        where: { path: `families.${fam}` },
      });
      continue;
    }
    tpls.set(fam, {
      id: v.id,
      version: v.version,
      template: parsedTemplate(actor.company, v.id, v.version, v.yaml),
    });
  }
  if (problems.length)
    throw invalid('有岗位族没有生效的模板', 'some job families have no template in force', problems);

  // Facts from the same month last year to the month's end: the month itself, the previous month (环比)
  // and last year's month (同比) are all a derived indicator may read.
  const prev = previousMonth(period);
  const ly = lastYear(period);
  onProgress?.({ phase: 'facts', done: 0, total: 0 });
  const facts = await loadFactSet(tx, actor.company, period);
  // manual figures of the month, the previous month and last year's month; daily ones apart
  const manualRows = await tx.query<{
    month: string;
    employee: string;
    metric: string;
    day: string;
    value: string;
    source: string;
  }>(
    'SELECT month, employee, metric, day, value, source FROM manual_figure WHERE company_id = $1 AND month = ANY($2::text[])',
    [actor.company, [input.month, prev.key, ly.key]],
  );
  const manualBy = new Map<string, ManualBook>();
  const dailyBy = new Map<string, Record<string, DailyValue[]>>();
  for (const m of manualRows.rows) {
    if (m.day !== '') {
      if (m.month !== input.month) continue;
      const d = dailyBy.get(m.employee) ?? {};
      const list = d[m.metric] ?? [];
      list.push({ date: m.day, value: Number(m.value) });
      d[m.metric] = list;
      dailyBy.set(m.employee, d);
      continue;
    }
    const key = `${m.employee}/${m.month}`;
    let mm = manualBy.get(key);
    if (!mm) {
      mm = new Map();
      manualBy.set(key, mm);
    }
    mm.set(m.metric, { value: m.value, source: m.source });
  }
  for (const d of dailyBy.values())
    for (const list of Object.values(d)) list.sort((a, b) => a.date.localeCompare(b.date));

  // Many people share a scope (a store, a team's stores): compute each scope and period once.
  const metricsCache = new Map<string, MetricsResult | null>();
  const metricsOf = (scope: Scope | null, p: Period): MetricsResult | null => {
    if (!scope) return null;
    const key = `${JSON.stringify(scope)}/${p.key}`;
    if (!metricsCache.has(key)) metricsCache.set(key, computeMetrics(facts, scope, p, { currency: 'CNY' }));
    return metricsCache.get(key)!;
  };
  const CS = new Set(['presales-cs', 'aftersales-cs']);
  const empty: ManualBook = new Map();
  const formOf = (p: (typeof population)[number]) => {
    const t = tpls.get(p.family)!;
    const storeScope: Scope | null = p.stores?.length ? { kind: 'stores', stores: p.stores } : null;
    const ownScope: Scope | null =
      CS.has(p.family) && p.agent ? { kind: 'agent', agent: p.agent } : storeScope;
    const scopesFor = (per: Period) => [
      metricsOf(ownScope, per),
      ownScope === storeScope ? null : metricsOf(storeScope, per),
    ];
    const now = scopesFor(period);
    const manual = manualBy.get(`${p.code}/${input.month}`) ?? empty;
    const actuals: Record<string, ActualEntry> = {};
    const context: FormContext = {};
    // a person's target for the month (stores differ): a figure named "target:<indicator id>"
    const targets: Record<string, number> = {};
    for (const ind of t.template.indicators) {
      const tgt = manual.get(`target:${ind.id}`);
      if (tgt) targets[ind.id] = Number(tgt.value);
    }
    for (const ind of t.template.indicators) {
      actuals[ind.id] = actualFrom(ind.metric, now, manual, ind.id);
      // inputs a rule reads besides its own metric (joint bands, formulas)
      for (const name of ind.inputs ?? [])
        if (!(name in actuals)) actuals[name] = actualFrom(name, now, manual, name);
      const d = ind.derive;
      if (d?.kind === 'history' && d.compare !== 'baseline') {
        const per = d.compare === 'previous' ? prev : ly;
        const book = context.history ?? {};
        const side = book[d.compare] ?? {};
        book[d.compare] = side;
        context.history = book;
        side[ind.metric] = actualFrom(
          ind.metric,
          scopesFor(per),
          manualBy.get(`${p.code}/${per.key}`) ?? empty,
          ind.metric,
        ).value;
      }
      if (d?.kind === 'days') {
        const daily = dailyBy.get(p.code)?.[ind.metric];
        const put = (list: DailyValue[]) => {
          context.daily = { ...context.daily, [ind.metric]: list };
        };
        if (daily) put(daily);
        else if (ind.metric in METRICS && ownScope) {
          const list: DailyValue[] = [];
          for (const day of dateRange(period.from, period.to)) {
            const v = metricValue(metricsOf(ownScope, parsePeriod(day)!), ind.metric);
            if (v) list.push({ date: day, value: v.value });
          }
          if (list.length) put(list);
        }
      }
    }
    return {
      employee: p.code,
      template_id: t.id,
      template_version: t.version,
      supervisor: p.supervisor,
      actuals,
      context,
      targets,
    };
  };
  const rows: ReturnType<typeof formOf>[] = [];
  for (const p of population) {
    rows.push(formOf(p));
    if (onProgress && (rows.length % FORMS_PER_REPORT === 0 || rows.length === population.length)) {
      onProgress({ phase: 'forms', done: rows.length, total: population.length });
      // a macrotask break: the poll asking for this progress is answered before the next batch
      await new Promise((r) => setImmediate(r));
    }
  }
  onProgress?.({ phase: 'write', done: 0, total: rows.length });

  const objectionDays = input.objectionDays ?? 7;
  await tx.query(
    'INSERT INTO appraisal_month (company_id, month, status, objection_days, opened_by) VALUES ($1, $2, $3, $4, $5)',
    [actor.company, input.month, 'open', objectionDays, actorLabel(actor)],
  );
  // One statement for the whole population: a round trip per form would dominate on a server.
  await tx.query(
    `INSERT INTO appraisal_form (company_id, month, employee, template_id, template_version, supervisor, status,
       actuals, context, targets, ratings, attendance, updated_by)
     SELECT $1, $2, x.employee, x.template_id, x.template_version, x.supervisor, 'open', x.actuals, x.context,
       x.targets, '{}'::jsonb, '{}'::jsonb, $3
     FROM jsonb_to_recordset($4::jsonb)
       AS x(employee text, template_id text, template_version text, supervisor text, actuals jsonb, context jsonb,
            targets jsonb)`,
    [actor.company, input.month, actorLabel(actor), JSON.stringify(rows)],
  );
  for (const t of tpls.values()) {
    await tx.query(
      'UPDATE template_version SET applied = true WHERE company_id = $1 AND template_id = $2 AND version = $3',
      [actor.company, t.id, t.version],
    );
  }
  await writeAudit(tx, actor, {
    entity: 'month',
    entityId: input.month,
    action: 'open',
    after: {
      forms: rows.length,
      objectionDays,
      templates: [...tpls.values()].map((t) => `${t.id}@${t.version}`),
      families: input.families ?? null,
      employees: input.employees ?? null,
    },
  });
  return getMonth(tx, actor.company, input.month);
}

// ---------------------------------------------------------------------------------------------------
// changing a form

interface Change {
  /** columns to set (already serialised for SQL: objects as JSON text) */
  set: Record<string, unknown>;
  action: string;
  before: unknown;
  after: unknown;
  why?: string | null;
}

type Guard = (ctx: { actor: Actor; row: FullRow; month: MonthRow; template: Template }) => void;

const JSONB = new Set(['actuals', 'targets', 'ratings', 'attendance', 'scorecard', 'context']);

/**
 * The one way a form changes: month not closed, actor may see the form, the guard allows the change,
 * the version is the one the caller read. Writes the change and its audit entry; returns the new form.
 */
async function changeForm(
  tx: Sql,
  actor: Actor,
  month: string,
  employee: string,
  version: number | null,
  guard: Guard,
  make: (ctx: { row: FullRow; template: Template; month: MonthRow }) => Promise<Change> | Change,
): Promise<Form> {
  const m = await monthRow(tx, actor.company, month, true);
  const row = await loadForm(tx, actor.company, month, employee, true);
  if (!row || !canSeeForm(actor, row)) throw notFound(`form ${month} ${employee}`);
  if (m.status === 'closed')
    throw conflict(`${month} 已关闭并锁定，不能再修改`, `${month} is closed and locked: nothing can change`);
  const template = parsedTemplate(actor.company, row.template_id, row.template_version, row.yaml);
  guard({ actor, row, month: m, template });
  if (version !== null && row.version !== version)
    throw conflict(
      `考核表已被 ${row.updated_by} 于 ${row.updated_at} 修改（当前版本 ${row.version}，你的版本 ${version}）：请刷新后再改`,
      `the form was changed by ${row.updated_by} at ${row.updated_at} (version ${row.version}, yours ${version}): reload it and try again`,
    );
  const change = await make({ row, template, month: m });
  const cols = Object.keys(change.set);
  const params: unknown[] = [actor.company, month, employee, row.version, actorLabel(actor)];
  const sets = cols.map((c) => {
    const v = change.set[c];
    params.push(JSONB.has(c) && v !== null ? JSON.stringify(v) : v);
    return `${c} = $${params.length}${JSONB.has(c) ? '::jsonb' : ''}`;
  });
  const r = await tx.query(
    `UPDATE appraisal_form SET ${[...sets, 'version = version + 1', 'updated_by = $5', 'updated_at = now()'].join(', ')}
     WHERE company_id = $1 AND month = $2 AND employee = $3 AND version = $4`,
    params,
  );
  if (r.rowCount !== 1)
    throw conflict('考核表刚被他人修改，请刷新', 'the form was just changed by someone else: reload it');
  await writeAudit(tx, actor, {
    entity: 'form',
    entityId: `${month}/${employee}`,
    action: change.action,
    before: change.before,
    after: change.after,
    why: change.why ?? null,
  });
  const fresh = await loadForm(tx, actor.company, month, employee);
  return assembleForm(actor.company, fresh!);
}

/**
 * Inputs may change only while the month is open and the form is not published. After publishing, a
 * changed actual would silently move published scores, the colleagues' too (team mean, rank), some
 * already confirmed: it is refused, and a correction goes through the objection review (a second
 * reviewer sets the grade with a reason) or is a recorded adjustment in a later month.
 */
const inputsOpen: Guard = ({ row, month }) => {
  if (month.status !== 'open' || (row.status !== 'open' && row.status !== 'scored'))
    throw conflict(
      '结果已发布，考核输入（实际值、评分、附加分）不能再修改：如数据有误，请通过员工申诉由第二审核人写明原因调整等级，或在以后月份记录调整',
      'results are published: the inputs (actuals, ratings, additional points) can no longer change; correct a wrong figure through the objection review (a second reviewer sets the grade with a reason) or as a recorded adjustment in a later month',
    );
};

const hrOrSupervisor: Guard = (ctx) => {
  if (ctx.actor.role === 'hr' || isSupervisorOf(ctx.actor, ctx.row)) return;
  throw forbidden('只有人事或该员工的主管可以修改', 'only HR or the employee’s supervisor may change this');
};

const both =
  (...guards: Guard[]): Guard =>
  (ctx) => {
    for (const g of guards) g(ctx);
  };

/** Clearing the score when an input changes: a stale total must never be shown as current. */
const UNSCORED = {
  status: 'open',
  scorecard: null,
  total: null,
  grade: null,
  calibrated_grade: null,
  calibration_reason: null,
};

export async function overrideActual(
  tx: Sql,
  actor: Actor,
  month: string,
  employee: string,
  body: { version: number; indicator: string; value: number | null; reason: string },
): Promise<Form> {
  let changed: { template: Template; name: Text } | null = null;
  const form = await changeForm(
    tx,
    actor,
    month,
    employee,
    body.version,
    both(hrOrSupervisor, inputsOpen),
    ({ row, template }) => {
      const ind = template.indicators.find((i) => i.id === body.indicator);
      if (!ind)
        throw invalid(`模板没有指标 ${body.indicator}`, `the template has no indicator ${body.indicator}`);
      // the audit names the figure that changed: the metric (询单转化率), else the indicator
      changed = { template, name: METRICS[ind.metric as MetricCode]?.name ?? ind.name };
      if (!body.reason.trim())
        throw invalid('手工修改实际值必须写明原因', 'a manual override needs a reason');
      // The override corrects the person's figure, not one line: every indicator of the form that reads
      // the same metric (a team comparison and a rank on the same conversion, an input of that name)
      // takes it, or the form and the team figures would read two different values of one number.
      const keys = [
        body.indicator,
        ...template.indicators.filter((i) => i.metric === ind.metric && i.id !== ind.id).map((i) => i.id),
        ...(ind.metric !== ind.id && ind.metric in row.actuals ? [ind.metric] : []),
      ];
      const before: Record<string, ActualEntry> = {};
      const after: Record<string, ActualEntry> = {};
      for (const k of new Set(keys)) {
        const b = row.actuals[k] ?? { value: null, source: 'missing / 无数据' };
        before[k] = b;
        after[k] = {
          value: body.value,
          source: `manual override by ${actorLabel(actor)} / 手工修改`,
          override: {
            value: body.value,
            original: b.override ? b.override.original : b.value,
            reason: body.reason,
            by: actorLabel(actor),
            at: new Date().toISOString(),
          },
        };
      }
      return {
        set: { ...UNSCORED, actuals: { ...row.actuals, ...after } },
        action: 'override_actual',
        before,
        after,
        why: body.reason,
      };
    },
  );
  // The colleagues scored against this person's figure (team mean, rank) are scored again with it, in the
  // same transaction: a team's scores never disagree about the team. This form itself is open again, as
  // after any change of its own inputs.
  const c = changed as { template: Template; name: Text } | null;
  if (c)
    await rescoreGroup(
      tx,
      actor,
      month,
      c.template,
      {
        zh: `${employee} 的「${c.name.zh}」实际值已修改（原因：${body.reason}）`,
        en: `${employee}'s ${c.name.en} changed (reason: ${body.reason})`,
      },
      employee,
    );
  return form;
}

export async function rate(
  tx: Sql,
  actor: Actor,
  month: string,
  employee: string,
  body: { version: number; rater: 'self' | 'supervisor'; ratings: Record<string, number> },
): Promise<Form> {
  const guard: Guard = (ctx) => {
    inputsOpen(ctx);
    if (body.rater === 'self' && !isSelf(ctx.actor, ctx.row))
      throw forbidden('自评只能由本人填写', 'only the employee can rate themself');
    if (body.rater === 'supervisor' && !isSupervisorOf(ctx.actor, ctx.row))
      throw forbidden(
        '只有该员工的主管可以做主管评分',
        'only the employee’s supervisor can give the supervisor rating',
      );
  };
  return changeForm(tx, actor, month, employee, body.version, guard, ({ row, template }) => {
    const b = template.parts.behaviour;
    if (!b) throw invalid('模板没有行为绩效部分', 'the template has no behaviour part');
    if (b.raters[body.rater] === undefined)
      throw invalid(`模板不采用 ${body.rater} 评分`, `the template takes no ${body.rater} rating`);
    const problems: Problem[] = [];
    const ids = new Set(b.items.map((i) => i.id));
    for (const [k, v] of Object.entries(body.ratings)) {
      if (!ids.has(k) || !(v >= b.scale.min && v <= b.scale.max))
        problems.push({
          severity: 'error',
          code: 'rating_invalid',
          message: {
            zh: ids.has(k) ? `评分应在 ${b.scale.min}–${b.scale.max} 之间` : `没有评分项 ${k}`,
            en: ids.has(k) ? `a rating is between ${b.scale.min} and ${b.scale.max}` : `no rating item ${k}`,
          },
          where: { path: `ratings.${k}`, value: String(v) },
        });
    }
    for (const id of ids)
      if (body.ratings[id] === undefined)
        problems.push({
          severity: 'error',
          code: 'rating_missing',
          message: { zh: `缺少评分项 ${id}`, en: `rating item ${id} is missing` },
          where: { path: `ratings.${id}` },
        });
    if (problems.length) throw invalid('评分有误', 'the ratings are invalid', problems);
    return {
      set: { ...UNSCORED, ratings: { ...row.ratings, [body.rater]: body.ratings } },
      action: `rate_${body.rater}`,
      before: row.ratings[body.rater] ?? null,
      after: body.ratings,
    };
  });
}

export async function setAttendance(
  tx: Sql,
  actor: Actor,
  month: string,
  employee: string,
  body: { version: number; counts: Record<string, number> },
): Promise<Form> {
  return changeForm(
    tx,
    actor,
    month,
    employee,
    body.version,
    both(hrOrSupervisor, inputsOpen),
    ({ row, template }) => {
      const ids = new Set(template.parts.attendance?.items.map((i) => i.id) ?? []);
      const bad = Object.keys(body.counts).filter((k) => !ids.has(k));
      if (bad.length) throw invalid(`没有考勤项 ${bad.join('、')}`, `no attendance item ${bad.join(', ')}`);
      if (Object.values(body.counts).some((v) => !Number.isInteger(v) || v < 0))
        throw invalid('考勤次数应为非负整数', 'attendance counts are whole numbers ≥ 0');
      return {
        set: { ...UNSCORED, attendance: body.counts },
        action: 'attendance',
        before: row.attendance,
        after: body.counts,
      };
    },
  );
}

export async function addAdditional(
  tx: Sql,
  actor: Actor,
  month: string,
  employee: string,
  body: { version: number; points: number; reason: string; evidence: string },
): Promise<Form> {
  return changeForm(
    tx,
    actor,
    month,
    employee,
    body.version,
    both(hrOrSupervisor, inputsOpen),
    async ({ template }) => {
      const bound = template.parts.additional;
      if (!bound) throw invalid('模板没有附加分部分', 'the template has no additional-points part');
      if (body.points < bound.min || body.points > bound.max || body.points === 0)
        throw invalid(
          `附加分应在 ${bound.min} 到 ${bound.max} 之间且不为 0`,
          `additional points are between ${bound.min} and ${bound.max}, not 0`,
        );
      if (!body.reason.trim() || !body.evidence.trim())
        throw invalid('附加分必须写明原因和依据', 'additional points need a reason and evidence');
      const next = await tx.query<{ n: number }>(
        'SELECT coalesce(max(id), 0)::int + 1 AS n FROM additional_point WHERE company_id = $1 AND month = $2 AND employee = $3',
        [actor.company, month, employee],
      );
      const id = Number(next.rows[0]!.n);
      await tx.query(
        `INSERT INTO additional_point (company_id, month, employee, id, points, reason, evidence, entered_by, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending')`,
        [
          actor.company,
          month,
          employee,
          id,
          String(body.points),
          body.reason,
          body.evidence,
          actorLabel(actor),
        ],
      );
      return {
        set: UNSCORED,
        action: 'additional_add',
        before: null,
        after: { id, points: body.points, reason: body.reason, evidence: body.evidence },
        why: body.reason,
      };
    },
  );
}

export async function decideAdditional(
  tx: Sql,
  actor: Actor,
  month: string,
  employee: string,
  id: number,
  body: { version: number; approve: boolean; note?: string | undefined },
): Promise<Form> {
  return changeForm(tx, actor, month, employee, body.version, both(hrOrSupervisor, inputsOpen), async () => {
    const r = await tx.query<{ status: string; entered_by: string; points: string }>(
      'SELECT status, entered_by, points FROM additional_point WHERE company_id = $1 AND month = $2 AND employee = $3 AND id = $4',
      [actor.company, month, employee, id],
    );
    const a = r.rows[0];
    if (!a) throw notFound(`additional points #${id}`);
    if (a.status !== 'pending')
      throw conflict('这条附加分已审批', 'these additional points are already decided');
    if (a.entered_by === actorLabel(actor))
      throw forbidden(
        '录入人不能审批自己录入的附加分',
        'the person who entered additional points cannot approve them',
      );
    const status = body.approve ? 'approved' : 'rejected';
    await tx.query(
      'UPDATE additional_point SET status = $5, decided_by = $6, note = $7 WHERE company_id = $1 AND month = $2 AND employee = $3 AND id = $4',
      [actor.company, month, employee, id, status, actorLabel(actor), body.note ?? null],
    );
    return {
      set: UNSCORED,
      action: 'additional_decide',
      before: { id, status: 'pending', points: Number(a.points) },
      after: { id, status },
      why: body.note ?? null,
    };
  });
}

/** The engine's input for a form: actuals, targets, ratings, approved additional points, attendance. */
export function personInput(
  form: Pick<
    Form,
    'employee' | 'name' | 'actuals' | 'targets' | 'ratings' | 'attendance' | 'additional' | 'context'
  >,
): PersonInput {
  const actuals: Record<string, number | null> = {};
  const sources: Record<string, string> = {};
  for (const [id, a] of Object.entries(form.actuals)) {
    actuals[id] = a.value;
    sources[id] = a.override ? `${a.source}: ${a.override.reason}` : a.source;
  }
  const approved = form.additional.filter((a) => a.status === 'approved');
  const person: PersonInput = { employee: form.employee, name: form.name, actuals, sources };
  if (Object.keys(form.targets).length) person.targets = form.targets;
  const behaviour = Object.fromEntries(
    Object.entries(form.ratings).filter(([, v]) => v && Object.keys(v).length),
  );
  if (Object.keys(behaviour).length) person.behaviour = behaviour;
  if (approved.length) person.additional = approved.map((a) => ({ points: a.points, reason: a.reason }));
  if (Object.keys(form.attendance).length) person.attendance = form.attendance;
  if (form.context.history) person.history = form.context.history;
  if (form.context.daily) person.daily = form.context.daily;
  return person;
}

/**
 * Cohort and rank values (vs. the team's mean, rank in the team) over everyone on the same template
 * version this month, grouped by team and job family; taken when the form is scored and kept on the form
 * (`context.cohort`) so that a later change of the group's figures is seen (see {@link rescoreGroup}).
 */
const usesGroup = (tpl: Template) =>
  tpl.indicators.some((i) => i.derive?.kind === 'cohort' || i.derive?.kind === 'rank');

/** A form's context once scored: the group figures it was scored with. */
type ScoredContext = FormContext & { cohort?: Record<string, number> };

interface GroupForm {
  employee: string;
  status: FormStatus;
  /** the cohort values the score was computed with (null: not scored, or scored before they were kept) */
  scoredWith: Record<string, number> | null;
}

/** Everyone on the template version this month, and each one's group figures as the forms stand now. */
async function groupNow(
  tx: Sql,
  company: string,
  month: string,
  tpl: Template,
): Promise<{ forms: GroupForm[]; now: Map<string, Record<string, number>> }> {
  const r = await tx.query<{
    employee: string;
    status: FormStatus;
    team: string | null;
    family: string | null;
    actuals: Record<string, ActualEntry>;
    scored_with: Record<string, number> | null;
  }>(
    `SELECT f.employee, f.status, e.team, e.family, f.actuals, f.context -> 'cohort' AS scored_with
     FROM appraisal_form f JOIN employee e ON e.company_id = f.company_id AND e.code = f.employee
     WHERE f.company_id = $1 AND f.month = $2 AND f.template_id = $3 AND f.template_version = $4
     ORDER BY f.employee`,
    [company, month, tpl.id, tpl.version],
  );
  const members = r.rows.map((m) => {
    const actuals: Record<string, number | null> = {};
    for (const [id, a] of Object.entries(m.actuals)) actuals[id] = a.value;
    const groups: Record<string, string> = {};
    if (m.team) groups.team = m.team;
    if (m.family) groups.family = m.family;
    return { employee: m.employee, actuals, groups };
  });
  return {
    forms: r.rows.map((m) => ({ employee: m.employee, status: m.status, scoredWith: m.scored_with })),
    now: cohortValues(tpl, members),
  };
}

function sameFigures(a: Record<string, number> | null, b: Record<string, number>): boolean {
  if (!a) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}

/** The engine on a form's stored inputs plus the group figures given. */
function cardOf(company: string, row: FullRow, template: Template, cohort: Record<string, number> | null) {
  const person = personInput(assembleForm(company, row));
  if (cohort) person.cohort = cohort;
  return scoreForm(template, person, { explain: true });
}

export async function scoreOne(
  tx: Sql,
  actor: Actor,
  month: string,
  employee: string,
  version: number | null,
): Promise<Form> {
  return changeForm(
    tx,
    actor,
    month,
    employee,
    version,
    both(hrOrSupervisor, inputsOpen),
    async ({ row, template }) => {
      const cohort = usesGroup(template)
        ? ((await groupNow(tx, actor.company, month, template)).now.get(row.employee) ?? {})
        : null;
      const card = cardOf(actor.company, row, template, cohort);
      const errors = card.problems.filter((p) => p.severity === 'error');
      if (errors.length || card.total === null)
        throw invalid(`${employee} 还不能计分`, `${employee} cannot be scored yet`, errors);
      const context: ScoredContext = { ...row.context };
      if (cohort) context.cohort = cohort;
      return {
        set: {
          status: 'scored',
          scorecard: card,
          total: String(card.total),
          grade: card.grade,
          calibrated_grade: null,
          calibration_reason: null,
          context,
        },
        action: 'score',
        before: { total: row.total === null ? null : Number(row.total), grade: row.grade },
        after: {
          total: card.total,
          grade: card.grade,
          template: card.template,
          ...(cohort ? { cohort } : {}),
        },
      };
    },
  );
}

/**
 * Keeps a group's scores true to the group's figures (团队均值、组内排名). Called in the transaction that
 * changed an input of the group (a manual override of a colleague's actual), and by {@link scoreMonth}
 * for forms whose group changed otherwise (someone moved team after scoring): every **scored** form of
 * the template version whose cohort values are no longer the ones it was scored with is scored again
 * with the new ones: new version, the trace ends with why, the calibrated grade HR gave is kept (it was
 * a decision with a reason; HR can change it), and the audit log says why (action `rescore_group`).
 * A form the engine can no longer score is set back to open (action `unscore_group`), so publishing
 * waits for it. Forms whose figures did not change (another team, a rank that stayed the same) keep
 * their score and version. Returns the employees whose forms changed.
 */
export async function rescoreGroup(
  tx: Sql,
  actor: Actor,
  month: string,
  template: Template,
  because: Text,
  except: string | null = null,
): Promise<string[]> {
  if (!usesGroup(template)) return [];
  const { forms, now } = await groupNow(tx, actor.company, month, template);
  const changed: string[] = [];
  for (const f of forms) {
    const cohort = now.get(f.employee) ?? {};
    if (f.employee === except || f.status !== 'scored' || sameFigures(f.scoredWith, cohort)) continue;
    const row = (await loadForm(tx, actor.company, month, f.employee, true))!;
    const card = cardOf(actor.company, row, template, cohort);
    const ok = card.total !== null && !card.problems.some((p) => p.severity === 'error');
    card.steps?.push({ zh: `按组重新计分：${because.zh}`, en: `rescored because ${because.en}` });
    const context: ScoredContext = { ...row.context, cohort };
    const set = ok
      ? { status: 'scored', scorecard: card, total: String(card.total), grade: card.grade, context }
      : { ...UNSCORED, context: row.context };
    await tx.query(
      `UPDATE appraisal_form SET status = $4, scorecard = $5::jsonb, total = $6, grade = $7, calibrated_grade = $8,
         calibration_reason = $9, context = $10::jsonb, version = version + 1, updated_by = $11, updated_at = now()
       WHERE company_id = $1 AND month = $2 AND employee = $3`,
      [
        actor.company,
        month,
        f.employee,
        set.status,
        set.scorecard === null ? null : JSON.stringify(set.scorecard),
        set.total,
        set.grade,
        ok ? row.calibrated_grade : null,
        ok ? row.calibration_reason : null,
        JSON.stringify(set.context),
        actorLabel(actor),
      ],
    );
    await writeAudit(tx, actor, {
      entity: 'form',
      entityId: `${month}/${f.employee}`,
      action: ok ? 'rescore_group' : 'unscore_group',
      before: {
        total: row.total === null ? null : Number(row.total),
        grade: row.grade,
        calibratedGrade: row.calibrated_grade,
        cohort: f.scoredWith,
      },
      after: {
        total: ok ? card.total : null,
        grade: ok ? card.grade : null,
        calibratedGrade: ok ? row.calibrated_grade : null,
        cohort,
      },
      why: ok
        ? `按组重新计分：${because.zh} / rescored because ${because.en}`
        : `无法按新的组内数据计分，退回待计分：${because.zh} / cannot be scored with the new group figures, open again: ${because.en}`,
    });
    changed.push(f.employee);
  }
  return changed;
}

/** Templates of the month that read group figures. */
async function groupTemplates(db: Sql, company: string, month: string): Promise<Template[]> {
  const r = await db.query<{ template_id: string; template_version: string; yaml: string }>(
    `SELECT DISTINCT f.template_id, f.template_version, t.yaml FROM appraisal_form f
     JOIN template_version t ON t.company_id = f.company_id AND t.template_id = f.template_id AND t.version = f.template_version
     WHERE f.company_id = $1 AND f.month = $2 ORDER BY f.template_id, f.template_version`,
    [company, month],
  );
  return r.rows
    .map((t) => parsedTemplate(company, t.template_id, t.template_version, t.yaml))
    .filter(usesGroup);
}

const GROUP_CHANGED: Text = {
  zh: '组内数据（团队汇总或排名）在计分后发生变化',
  en: 'the group figures (team aggregate or rank) changed after scoring',
};

/** Scored forms whose group figures changed since scoring (they cannot be published as they stand). */
async function staleForms(db: Sql, company: string, month: string): Promise<string[]> {
  const out: string[] = [];
  for (const tpl of await groupTemplates(db, company, month)) {
    const { forms, now } = await groupNow(db, company, month, tpl);
    for (const f of forms)
      if (f.status === 'scored' && !sameFigures(f.scoredWith, now.get(f.employee) ?? {}))
        out.push(f.employee);
  }
  return out;
}

/**
 * Scores every form of the month that is not scored yet, and scores again the scored forms whose group
 * figures changed since (see {@link rescoreGroup}); reports the ones that cannot be scored.
 */
export async function scoreMonth(
  db: { transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> } & Sql,
  actor: Actor,
  month: string,
): Promise<{
  scored: number;
  rescored: string[];
  failed: { employee: string; problems: Problem[]; message: Text }[];
}> {
  const m = await monthRow(db, actor.company, month);
  if (m.status !== 'open') throw conflict(`${month} 不在进行中`, `${month} is not open`);
  const rescored: string[] = [];
  // Rescoring reaches across teams (a job family's rank): the month-wide action is HR's (its route is HR's).
  for (const tpl of actor.role === 'hr' ? await groupTemplates(db, actor.company, month) : []) {
    const done = await db.transaction(async (tx) => {
      const locked = await monthRow(tx, actor.company, month, true);
      if (locked.status !== 'open') return [];
      return rescoreGroup(tx, actor, month, tpl, GROUP_CHANGED);
    });
    rescored.push(...done);
  }
  const r = await db.query<{ employee: string }>(
    `SELECT employee FROM appraisal_form WHERE company_id = $1 AND month = $2 AND status = 'open' ORDER BY employee`,
    [actor.company, month],
  );
  let scored = 0;
  const failed: { employee: string; problems: Problem[]; message: Text }[] = [];
  for (const { employee } of r.rows) {
    try {
      await db.transaction((tx) => scoreOne(tx, actor, month, employee, null));
      scored++;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      failed.push({ employee, problems: [...err.problems], message: err.text });
    }
  }
  return { scored, rescored, failed };
}

// ---------------------------------------------------------------------------------------------------
// calibration, publishing, confirmation, objections, interviews, closing

export interface CalibrationGroup {
  template: string;
  size: number;
  quota: DistributionResult | null;
  forms: FormSummary[];
}

export async function calibration(
  db: Sql,
  actor: Actor,
  month: string,
): Promise<{ groups: CalibrationGroup[] }> {
  const forms = await listForms(db, actor, month);
  const groups = new Map<string, FormSummary[]>();
  for (const f of forms) {
    const g = groups.get(f.template) ?? [];
    g.push(f);
    groups.set(f.template, g);
  }
  const out: CalibrationGroup[] = [];
  for (const [key, list] of groups) {
    const [id, version] = key.split('@') as [string, string];
    const t = await db.query<{ yaml: string }>(
      'SELECT yaml FROM template_version WHERE company_id = $1 AND template_id = $2 AND version = $3',
      [actor.company, id, version],
    );
    const tpl = parsedTemplate(actor.company, id, version, t.rows[0]!.yaml);
    const scored = list.filter((f) => f.total !== null);
    const quota = tpl.distribution
      ? applyDistribution(
          scored.map((f) => ({ employee: f.employee, total: f.total!, grade: f.finalGrade })),
          tpl.distribution,
        )
      : null;
    out.push({ template: key, size: list.length, quota, forms: list });
  }
  return { groups: out };
}

export async function calibrateGrade(
  tx: Sql,
  actor: Actor,
  month: string,
  employee: string,
  body: { version: number; grade: string; reason: string },
): Promise<Form> {
  const guard: Guard = (ctx) => {
    if (ctx.actor.role !== 'hr') throw forbidden('只有人事可以校准等级', 'only HR may calibrate a grade');
    if (ctx.month.status !== 'open' || ctx.row.status !== 'scored')
      throw conflict(
        '只能在发布前校准已计分的考核表',
        'only a scored form can be calibrated, before publishing',
      );
  };
  return changeForm(tx, actor, month, employee, body.version, guard, ({ row, template }) => {
    if (!template.grades.some((g) => g.grade === body.grade))
      throw invalid(`模板没有等级 ${body.grade}`, `the template has no grade ${body.grade}`);
    if (!body.reason.trim()) throw invalid('校准等级必须写明原因', 'a calibrated grade needs a reason');
    return {
      set: {
        calibrated_grade: body.grade === row.grade ? null : body.grade,
        calibration_reason: body.reason,
      },
      action: 'calibrate',
      before: { grade: row.calibrated_grade ?? row.grade },
      after: { grade: body.grade },
      why: body.reason,
    };
  });
}

export async function publishMonth(tx: Sql, actor: Actor, month: string): Promise<MonthInfo> {
  const m = await monthRow(tx, actor.company, month, true);
  if (m.status !== 'open')
    throw conflict(`${month} 不在进行中，不能发布`, `${month} is not open: it cannot be published`);
  const unscored = await tx.query<{ employee: string }>(
    `SELECT employee FROM appraisal_form WHERE company_id = $1 AND month = $2 AND status <> 'scored' ORDER BY employee`,
    [actor.company, month],
  );
  if (unscored.rows.length) {
    const list = unscored.rows.map((r) => r.employee);
    throw conflict(
      `还有 ${list.length} 张考核表未计分：${list.slice(0, 20).join('、')}`,
      `${list.length} forms are not scored yet: ${list.slice(0, 20).join(', ')}`,
    );
  }
  // A score computed against team figures that have changed since (someone moved team) is stale: it is
  // never published as it stands. "Score all" scores these again.
  const stale = await staleForms(tx, actor.company, month);
  if (stale.length)
    throw conflict(
      `${stale.length} 张考核表计分后组内数据（团队汇总或排名）已变化，请先重新计分：${stale.slice(0, 20).join('、')}`,
      `${stale.length} forms were scored with team figures (aggregate or rank) that have changed since: score them again first: ${stale.slice(0, 20).join(', ')}`,
    );
  await tx.query(
    `UPDATE appraisal_month SET status = 'published', published_at = now() WHERE company_id = $1 AND month = $2`,
    [actor.company, month],
  );
  await tx.query(
    // "today" is the calendar day in the company's time zone, not the database server's (companyToday)
    `UPDATE appraisal_form SET status = 'published', deadline = ${companyToday('$1')} + $3::int,
       version = version + 1, updated_by = $4, updated_at = now() WHERE company_id = $1 AND month = $2`,
    [actor.company, month, m.objection_days, actorLabel(actor)],
  );
  await writeAudit(tx, actor, {
    entity: 'month',
    entityId: month,
    action: 'publish',
    before: { status: 'open' },
    after: { status: 'published' },
  });
  return getMonth(tx, actor.company, month);
}

/**
 * SQL for today's date in the company's time zone (公司时区, company.time_zone), given the placeholder of
 * the company id: the objection deadline is a day in the company's calendar, so a UTC database must not
 * give a Shanghai employee eight more hours. Same SQL on PGlite and PostgreSQL (both ship the zone names).
 */
const companyToday = (companyParam: string) =>
  `(now() AT TIME ZONE (SELECT c.time_zone FROM company c WHERE c.company_id = ${companyParam}))::date`;

const ownPublished: Guard = ({ actor, row, month }) => {
  if (!isSelf(actor, row))
    throw forbidden('只有本人可以确认或申诉', 'only the employee can confirm or object');
  if (month.status !== 'published' || row.status !== 'published')
    throw conflict('这张考核表现在不能确认或申诉', 'this form cannot be confirmed or objected to now');
};

export async function confirmForm(
  tx: Sql,
  actor: Actor,
  month: string,
  employee: string,
  version: number,
): Promise<Form> {
  return changeForm(tx, actor, month, employee, version, ownPublished, () => ({
    set: { status: 'confirmed', confirmed_at: new Date().toISOString() },
    action: 'confirm',
    before: { status: 'published' },
    after: { status: 'confirmed' },
  }));
}

export async function objectForm(
  tx: Sql,
  actor: Actor,
  month: string,
  employee: string,
  body: { version: number; reason: string },
): Promise<Form> {
  return changeForm(tx, actor, month, employee, body.version, ownPublished, async ({ row }) => {
    if (!body.reason.trim()) throw invalid('申诉必须写明理由', 'an objection needs a reason');
    const late = await tx.query<{ late: boolean }>(`SELECT (${companyToday('$2')} > $1::date) AS late`, [
      row.deadline,
      actor.company,
    ]);
    if (late.rows[0]?.late)
      throw conflict(`申诉期已于 ${row.deadline} 结束`, `the time to object ended on ${row.deadline}`);
    // The second reviewer is the supervisor's own supervisor; without one, HR or the committee review.
    const sup = row.supervisor
      ? await tx.query<{ supervisor: string | null }>(
          'SELECT supervisor FROM employee WHERE company_id = $1 AND code = $2',
          [actor.company, row.supervisor],
        )
      : null;
    const reviewer = sup?.rows[0]?.supervisor ?? null;
    await tx.query(
      `INSERT INTO objection (company_id, month, employee, reason, reviewer, status) VALUES ($1, $2, $3, $4, $5, 'open')`,
      [actor.company, month, employee, body.reason, reviewer],
    );
    return {
      set: { status: 'objected' },
      action: 'object',
      before: { status: 'published' },
      after: { status: 'objected', reviewer },
      why: body.reason,
    };
  });
}

export async function resolveObjection(
  tx: Sql,
  actor: Actor,
  month: string,
  employee: string,
  body: { version: number; resolution: string; grade?: string | undefined },
): Promise<Form> {
  let reviewer: string | null = null;
  const guard: Guard = ({ row }) => {
    if (row.status !== 'objected')
      throw conflict('这张考核表没有待处理的申诉', 'this form has no open objection');
    const allowed =
      actor.role === 'hr' ||
      actor.role === 'committee' ||
      (actor.employee !== null && actor.employee === reviewer);
    if (!allowed || isSelf(actor, row) || isSupervisorOf(actor, row))
      throw forbidden(
        '申诉须由第二审核人处理（不能是本人或其主管）',
        'an objection is resolved by a second reviewer (not the employee or their supervisor)',
      );
  };
  const o = await tx.query<{ reviewer: string | null }>(
    'SELECT reviewer FROM objection WHERE company_id = $1 AND month = $2 AND employee = $3',
    [actor.company, month, employee],
  );
  reviewer = o.rows[0]?.reviewer ?? null;
  return changeForm(tx, actor, month, employee, body.version, guard, ({ row, template }) => {
    if (!body.resolution.trim())
      throw invalid('处理申诉必须写明结论', 'resolving an objection needs a resolution');
    if (body.grade !== undefined && !template.grades.some((g) => g.grade === body.grade))
      throw invalid(`模板没有等级 ${body.grade}`, `the template has no grade ${body.grade}`);
    const set: Record<string, unknown> = { status: 'resolved' };
    if (body.grade !== undefined) {
      set.calibrated_grade = body.grade;
      set.calibration_reason = `objection: ${body.resolution}`;
    }
    return tx
      .query(
        `UPDATE objection SET status = 'resolved', resolution = $4, resolved_by = $5, resolved_at = now()
         WHERE company_id = $1 AND month = $2 AND employee = $3`,
        [actor.company, month, employee, body.resolution, actorLabel(actor)],
      )
      .then(() => ({
        set,
        action: 'resolve_objection',
        before: { status: 'objected', grade: row.calibrated_grade ?? row.grade },
        after: { status: 'resolved', grade: body.grade ?? row.calibrated_grade ?? row.grade },
        why: body.resolution,
      }));
  });
}

export async function recordInterview(
  tx: Sql,
  actor: Actor,
  month: string,
  employee: string,
  body: { version: number; strengths: string; gaps: string; plan: string },
): Promise<Form> {
  const guard: Guard = ({ row, month: m }) => {
    if (!isSupervisorOf(actor, row))
      throw forbidden(
        '只有该员工的主管可以记录绩效面谈',
        'only the employee’s supervisor records the interview',
      );
    if (m.status !== 'published')
      throw conflict('结果发布后才能记录面谈', 'the interview is recorded after the results are published');
  };
  return changeForm(tx, actor, month, employee, body.version, guard, async () => {
    const before = await tx.query(
      'SELECT strengths, gaps, plan FROM feedback_interview WHERE company_id = $1 AND month = $2 AND employee = $3',
      [actor.company, month, employee],
    );
    await tx.query(
      `INSERT INTO feedback_interview (company_id, month, employee, strengths, gaps, plan, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (company_id, month, employee) DO UPDATE SET strengths = excluded.strengths, gaps = excluded.gaps,
         plan = excluded.plan, recorded_by = excluded.recorded_by, at = now()`,
      [actor.company, month, employee, body.strengths, body.gaps, body.plan, actorLabel(actor)],
    );
    return {
      set: {},
      action: 'interview',
      before: before.rows[0] ?? null,
      after: { strengths: body.strengths, gaps: body.gaps, plan: body.plan },
    };
  });
}

export async function closeMonth(tx: Sql, actor: Actor, month: string): Promise<MonthInfo> {
  const m = await monthRow(tx, actor.company, month, true);
  if (m.status === 'closed') throw conflict(`${month} 已关闭`, `${month} is already closed`);
  if (m.status !== 'published')
    throw conflict(`${month} 尚未发布，不能关闭`, `${month} is not published: it cannot be closed`);
  const open = await tx.query<{ employee: string }>(
    `SELECT employee FROM appraisal_form WHERE company_id = $1 AND month = $2 AND status = 'objected' ORDER BY employee`,
    [actor.company, month],
  );
  if (open.rows.length) {
    const list = open.rows.map((r) => r.employee).join(', ');
    throw conflict(`还有未处理的申诉：${list}`, `objections are still open: ${list}`);
  }
  const unconfirmed = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM appraisal_form WHERE company_id = $1 AND month = $2 AND status = 'published'`,
    [actor.company, month],
  );
  await tx.query(
    `UPDATE appraisal_month SET status = 'closed', closed_at = now() WHERE company_id = $1 AND month = $2`,
    [actor.company, month],
  );
  await writeAudit(tx, actor, {
    entity: 'month',
    entityId: month,
    action: 'close',
    before: { status: 'published' },
    after: { status: 'closed', unconfirmedDeemedAccepted: Number(unconfirmed.rows[0]?.n ?? 0) },
  });
  return getMonth(tx, actor.company, month);
}

// ---------------------------------------------------------------------------------------------------
// my page

export interface WaitingItem {
  kind: 'self_rating' | 'confirm' | 'rate' | 'decide_additional' | 'interview' | 'objection';
  month: string;
  employee: string;
  text: Text;
}

/**
 * "My page": this month's scorecard with its traces, the trend over months, and what is waiting for
 * me. An employee's page costs two queries (their forms with month status, then the current form);
 * a supervisor's adds their team's open work and the objections they review.
 */
export async function myPage(db: Sql, actor: Actor, month: string | undefined) {
  if (!actor.employee) throw notFound('employee of this sign-in');
  const me = actor.employee;
  interface Mine {
    month: string;
    total: string | null;
    grade: string | null;
    calibrated_grade: string | null;
    status: string;
    has_self: boolean;
    mstatus: string;
  }
  const MINE = `SELECT coalesce(jsonb_agg(jsonb_build_object('month', g.month, 'total', g.total, 'grade', g.grade,
      'calibrated_grade', g.calibrated_grade, 'status', g.status, 'has_self', g.ratings ? 'self', 'mstatus', m.status)
      ORDER BY g.month), '[]'::jsonb)
    FROM appraisal_form g JOIN appraisal_month m ON m.company_id = g.company_id AND m.month = g.month
    WHERE g.company_id = $1 AND g.employee = $2`;
  // The page's one round trip: the month's form (the latest when none is asked for) with all my months.
  const r = await db.query<FullRow & { mine: Mine[] }>(
    `SELECT ${FORM_COLS}, (${MINE}) AS mine ${FORM_FROM}
     WHERE f.company_id = $1 AND f.employee = $2
       AND f.month = coalesce($3, (SELECT max(month) FROM appraisal_form WHERE company_id = $1 AND employee = $2))`,
    [actor.company, me, month ?? null],
    // prepared: planning this query costs several times its execution, on every page view
    { prepare: 'shopkpi_my_page' },
  );
  const form = await withYaml(db, actor.company, r.rows[0]);
  const mine = {
    rows: form
      ? form.mine
      : (
          await db.query<{ j: Mine[] }>(`SELECT (${MINE}) AS j`, [actor.company, me], {
            prepare: 'shopkpi_my_months',
          })
        ).rows[0]!.j,
  };
  const current = month ?? mine.rows.at(-1)?.month;
  const waiting: WaitingItem[] = [];
  for (const f of mine.rows) {
    if (f.mstatus === 'open' && f.status === 'open' && !f.has_self)
      waiting.push({
        kind: 'self_rating',
        month: f.month,
        employee: me,
        text: { zh: `${f.month} 自评`, en: `${f.month} self-assessment` },
      });
    if (f.status === 'published')
      waiting.push({
        kind: 'confirm',
        month: f.month,
        employee: me,
        text: { zh: `确认或申诉 ${f.month} 考核结果`, en: `confirm or object to ${f.month} results` },
      });
  }
  if (actor.role === 'supervisor') {
    const team = await db.query<{
      month: string;
      employee: string;
      has_sup: boolean;
      mstatus: string;
      has_interview: boolean;
    }>(
      `SELECT f.month, f.employee, (f.ratings ? 'supervisor') AS has_sup, m.status AS mstatus,
         EXISTS (SELECT 1 FROM feedback_interview i WHERE i.company_id = f.company_id AND i.month = f.month AND i.employee = f.employee) AS has_interview
       FROM appraisal_form f JOIN appraisal_month m ON m.company_id = f.company_id AND m.month = f.month
       WHERE f.company_id = $1 AND m.status <> 'closed' AND f.supervisor = $2 ORDER BY f.month, f.employee`,
      [actor.company, me],
    );
    for (const f of team.rows) {
      if (f.mstatus === 'open' && !f.has_sup)
        waiting.push({
          kind: 'rate',
          month: f.month,
          employee: f.employee,
          text: { zh: `为 ${f.employee} 评分（${f.month}）`, en: `rate ${f.employee} (${f.month})` },
        });
      if (f.mstatus === 'published' && !f.has_interview)
        waiting.push({
          kind: 'interview',
          month: f.month,
          employee: f.employee,
          text: {
            zh: `与 ${f.employee} 绩效面谈（${f.month}）`,
            en: `feedback interview with ${f.employee} (${f.month})`,
          },
        });
    }
    const objections = await db.query<{ month: string; employee: string }>(
      `SELECT month, employee FROM objection WHERE company_id = $1 AND status = 'open' AND reviewer = $2 ORDER BY month, employee`,
      [actor.company, me],
    );
    for (const o of objections.rows)
      waiting.push({
        kind: 'objection',
        month: o.month,
        employee: o.employee,
        text: {
          zh: `处理 ${o.employee} 的申诉（${o.month}）`,
          en: `review ${o.employee}'s objection (${o.month})`,
        },
      });
  }
  return {
    employee: me,
    month: current ?? null,
    form: form ? assembleForm(actor.company, form) : null,
    trend: mine.rows
      .filter((r) => r.total !== null)
      .map((r) => ({ month: r.month, total: Number(r.total), grade: r.calibrated_grade ?? r.grade })),
    waiting,
  };
}
