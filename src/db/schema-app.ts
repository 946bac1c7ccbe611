/**
 * Tables of the web application (应用数据): sign-ins and sessions, the organisation (job families, teams,
 * employees, store assignments), template versions, appraisal months and their forms, additional
 * points, objections, feedback interviews, manual figures, and the audit log.
 *
 * Same rules as schema.ts: every table carries `company_id` and every primary key starts with it;
 * key text columns are `collate "C"`. Form parts that always travel together with the form (actuals,
 * ratings, attendance, the scorecard with its trace) are `jsonb` on the form row: a form is read and
 * written whole, and its `version` guards concurrent edits of all of them at once.
 */
import {
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const keyText = customType<{ data: string; driverData: string }>({
  dataType() {
    return 'text COLLATE "C"';
  },
});
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });
const day = (name: string) => date(name, { mode: 'string' });

/** 登录账号. `login` is unique across companies: a sign-in names no company. */
export const appUser = pgTable(
  'app_user',
  {
    companyId: keyText('company_id').notNull(),
    userId: keyText('user_id').notNull(),
    login: keyText('login').notNull(),
    /** "scrypt$N$r$p$salt(b64)$hash(b64)" */
    passwordHash: text('password_hash').notNull(),
    /** admin | hr | committee | supervisor | employee */
    role: text('role').notNull(),
    /** the employee this sign-in belongs to (null for a pure admin account) */
    employee: keyText('employee'),
    name: text('name').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.userId] }), uniqueIndex('app_user_login').on(t.login)],
);

/** 会话. Only the SHA-256 of the cookie's id is stored, so a database leak yields no usable session. */
export const appSession = pgTable(
  'app_session',
  {
    companyId: keyText('company_id').notNull(),
    idHash: keyText('id_hash').notNull(),
    userId: keyText('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.idHash] }), uniqueIndex('app_session_id').on(t.idHash)],
);

/** 登录失败记录: for the limit on failed sign-ins. `company_id` is '' when the login names nobody. */
export const loginFailure = pgTable(
  'login_failure',
  {
    companyId: keyText('company_id').notNull(),
    login: keyText('login').notNull(),
    ip: keyText('ip').notNull(),
    at: instant('at').notNull().defaultNow(),
  },
  (t) => [index('login_failure_key').on(t.login, t.ip, t.at)],
);

/** 岗位族 (job family): its code is the template family. */
export const jobFamily = pgTable(
  'job_family',
  {
    companyId: keyText('company_id').notNull(),
    code: keyText('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    /** business (业务) | functional (职能): seed 002 keeps one benchmark set for each */
    kind: text('kind').notNull(),
    /** false once deactivated (停用): kept for templates and forms that name it; no new employees join. */
    active: boolean('active').notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.code] })],
);

/** 团队 */
export const team = pgTable(
  'team',
  {
    companyId: keyText('company_id').notNull(),
    code: keyText('code').notNull(),
    name: text('name').notNull(),
    /** employee code of the team lead */
    lead: keyText('lead'),
    /** false once deactivated (停用): kept for facts and forms that name it; no new employees join. */
    active: boolean('active').notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.code] })],
);

/** 员工 */
export const employee = pgTable(
  'employee',
  {
    companyId: keyText('company_id').notNull(),
    code: keyText('code').notNull(),
    name: text('name').notNull(),
    team: keyText('team'),
    /** job family code; null for people appraised on no template (managers, HR) */
    family: keyText('family'),
    level: text('level'),
    supervisor: keyText('supervisor'),
    hireDate: day('hire_date'),
    leaveDate: day('leave_date'),
    /** customer-service account name in platform data (客服账号), for agent metrics */
    agent: text('agent'),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.code] }),
    index('employee_supervisor').on(t.companyId, t.supervisor),
  ],
);

/** 负责店铺: the stores an employee answers for, from a date (to a date). */
export const storeAssignment = pgTable(
  'store_assignment',
  {
    companyId: keyText('company_id').notNull(),
    employee: keyText('employee').notNull(),
    store: keyText('store').notNull(),
    fromDate: day('from_date').notNull(),
    toDate: day('to_date'),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.employee, t.store, t.fromDate] })],
);

/** 模板版本: the YAML as written, checked before it is stored; `applied` once a month used it. */
export const templateVersion = pgTable(
  'template_version',
  {
    companyId: keyText('company_id').notNull(),
    templateId: keyText('template_id').notNull(),
    version: keyText('version').notNull(),
    family: keyText('family').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    effective: day('effective').notNull(),
    yaml: text('yaml').notNull(),
    applied: boolean('applied').notNull().default(false),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.templateId, t.version] })],
);

/** 月度考核 */
export const appraisalMonth = pgTable(
  'appraisal_month',
  {
    companyId: keyText('company_id').notNull(),
    month: keyText('month').notNull(),
    /** open | published | closed */
    status: text('status').notNull(),
    objectionDays: integer('objection_days').notNull(),
    openedBy: text('opened_by').notNull(),
    openedAt: instant('opened_at').notNull().defaultNow(),
    publishedAt: instant('published_at'),
    closedAt: instant('closed_at'),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.month] })],
);

/** 考核表: one per employee and month. */
export const appraisalForm = pgTable(
  'appraisal_form',
  {
    companyId: keyText('company_id').notNull(),
    month: keyText('month').notNull(),
    employee: keyText('employee').notNull(),
    templateId: keyText('template_id').notNull(),
    templateVersion: keyText('template_version').notNull(),
    /** the supervisor when the month was opened (ownership does not move mid-month) */
    supervisor: keyText('supervisor'),
    /** open | scored | published | confirmed | objected | resolved */
    status: text('status').notNull(),
    actuals: jsonb('actuals').notNull(),
    targets: jsonb('targets').notNull(),
    ratings: jsonb('ratings').notNull(),
    attendance: jsonb('attendance').notNull(),
    /** what derived indicators read: previous/last-year figures and daily figures, gathered at opening */
    context: jsonb('context').notNull().default({}),
    scorecard: jsonb('scorecard'),
    /** total as the engine rounded it, kept as text like every exact figure */
    total: text('total'),
    grade: text('grade'),
    calibratedGrade: text('calibrated_grade'),
    calibrationReason: text('calibration_reason'),
    deadline: day('deadline'),
    confirmedAt: instant('confirmed_at'),
    version: integer('version').notNull().default(1),
    updatedBy: text('updated_by').notNull(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.month, t.employee] }),
    // "my page" (a person's months) and a supervisor's team list must not scan a month of forms
    index('appraisal_form_employee').on(t.companyId, t.employee, t.month),
    index('appraisal_form_supervisor').on(t.companyId, t.supervisor, t.month),
  ],
);

/** 当月考核附加分: signed points with reason and evidence, decided by someone other than who entered them. */
export const additionalPoint = pgTable(
  'additional_point',
  {
    companyId: keyText('company_id').notNull(),
    month: keyText('month').notNull(),
    employee: keyText('employee').notNull(),
    id: integer('id').notNull(),
    points: text('points').notNull(),
    reason: text('reason').notNull(),
    evidence: text('evidence').notNull(),
    enteredBy: text('entered_by').notNull(),
    /** pending | approved | rejected */
    status: text('status').notNull(),
    decidedBy: text('decided_by'),
    note: text('note'),
    at: instant('at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.month, t.employee, t.id] })],
);

/** 申诉: an objection to a published form, resolved by a second reviewer. */
export const objection = pgTable(
  'objection',
  {
    companyId: keyText('company_id').notNull(),
    month: keyText('month').notNull(),
    employee: keyText('employee').notNull(),
    reason: text('reason').notNull(),
    /** employee code of the second reviewer (the supervisor's supervisor), null = HR/committee */
    reviewer: keyText('reviewer'),
    /** open | resolved */
    status: text('status').notNull(),
    resolution: text('resolution'),
    resolvedBy: text('resolved_by'),
    at: instant('at').notNull().defaultNow(),
    resolvedAt: instant('resolved_at'),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.month, t.employee] })],
);

/** 绩效面谈 */
export const feedbackInterview = pgTable(
  'feedback_interview',
  {
    companyId: keyText('company_id').notNull(),
    month: keyText('month').notNull(),
    employee: keyText('employee').notNull(),
    strengths: text('strengths').notNull(),
    gaps: text('gaps').notNull(),
    plan: text('plan').notNull(),
    recordedBy: text('recorded_by').notNull(),
    at: instant('at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.month, t.employee] })],
);

/**
 * 手工数据: figures store data does not hold (a QC score, posts published), reported by whoever owns
 * them, keyed by metric code. Opening a month reads them after the metric dictionary.
 */
export const manualFigure = pgTable(
  'manual_figure',
  {
    companyId: keyText('company_id').notNull(),
    month: keyText('month').notNull(),
    employee: keyText('employee').notNull(),
    metric: keyText('metric').notNull(),
    /** '' for the month's figure, 'YYYY-MM-DD' for a daily figure (for day-derived indicators) */
    day: keyText('day').notNull().default(''),
    value: text('value').notNull(),
    source: text('source').notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.month, t.employee, t.metric, t.day] })],
);

/** 审计日志: who changed what, when, from what to what, and why. Append-only. */
export const auditLog = pgTable(
  'audit_log',
  {
    companyId: keyText('company_id').notNull(),
    id: integer('id').generatedAlwaysAsIdentity().notNull(),
    at: instant('at').notNull().defaultNow(),
    actor: text('actor').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    why: text('why'),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.id] })],
);

/**
 * KPI 设计提案 (domain.md §4, the six steps): a draft template for a family or team moving from the expert
 * group's proposal through consultation, cross-team review, benchmark, agreement (two signatures) and
 * committee approval, after which it becomes a template version that can no longer be edited.
 */
export const kpiProposal = pgTable(
  'kpi_proposal',
  {
    companyId: keyText('company_id').notNull(),
    id: integer('id').notNull(),
    family: keyText('family').notNull(),
    team: keyText('team'),
    title: text('title').notNull(),
    yaml: text('yaml').notNull(),
    /** 1 proposed … 6 committee review, 7 approved and applied */
    step: integer('step').notNull(),
    /** { supervisor?: {by, at}, lead?: {by, at} } */
    signatures: jsonb('signatures').notNull(),
    /** every action, oldest first: { step, action, by, at, comment, yaml? } */
    history: jsonb('history').notNull(),
    /** "id@version" of the template version it became */
    template: text('template'),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.id] })],
);

/**
 * 薪资台账 (pay ledger): per-incident money fines and rewards ("错发一单罚5元"), paid as payslip lines, never
 * turned into appraisal points. Append-only: a mistake is voided by a later entry that `reverses` it (same
 * kind, quantity and amount negated), so what was recorded stays readable; every write is audited.
 * Amounts are `numeric` read as strings (no float ever touches money).
 */
export const payLedgerEntry = pgTable(
  'pay_ledger_entry',
  {
    companyId: keyText('company_id').notNull(),
    id: integer('id').notNull(),
    employee: keyText('employee').notNull(),
    /** pay month YYYY-MM the entry is paid in */
    month: keyText('month').notNull(),
    /** the incident's date */
    date: day('date').notNull(),
    /** fine | reward */
    kind: text('kind').notNull(),
    reason: text('reason').notNull(),
    quantity: numeric('quantity').notNull(),
    unitAmount: numeric('unit_amount').notNull(),
    /** quantity × unit amount; negative on a reversing entry */
    amount: numeric('amount').notNull(),
    currency: text('currency').notNull(),
    /** manual | import */
    source: text('source').notNull(),
    sourceFile: text('source_file'),
    sourceRow: integer('source_row'),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: instant('recorded_at').notNull().defaultNow(),
    /** the id of the entry this one voids, else null */
    reverses: integer('reverses'),
    /** why it was voided (on the reversing entry) */
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    index('pay_ledger_month').on(t.companyId, t.month, t.employee),
    // an entry can be voided once
    uniqueIndex('pay_ledger_reverses').on(t.companyId, t.reverses),
    // re-importing a file finds its rows by file and row
    index('pay_ledger_source').on(t.companyId, t.sourceFile, t.sourceRow),
  ],
);

/** Application tables in an order that satisfies dependencies (for tests that compare snapshots). */
export const APP_TABLES = [
  'app_user',
  'app_session',
  'login_failure',
  'job_family',
  'team',
  'employee',
  'store_assignment',
  'template_version',
  'appraisal_month',
  'appraisal_form',
  'additional_point',
  'objection',
  'feedback_interview',
  'manual_figure',
  'audit_log',
  'kpi_proposal',
  'pay_ledger_entry',
] as const;
