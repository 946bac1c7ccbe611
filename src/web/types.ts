/**
 * Shapes of the API answers (docs/api.md). The scoring types come straight from the engine so the
 * scorecard the UI shows is typed exactly as the engine wrote it.
 */

export type {
  Comparison,
  RowView,
  SampleCase,
  SheetChoice,
  SheetState,
  SheetView,
} from '../app/sheet-types.ts';
export type { DistributionResult } from '../core/scoring/distribution.ts';
export type { IndicatorScore, PartScore, Scorecard } from '../core/scoring/score-form.ts';
export type { Template } from '../core/scoring/types.ts';
export type { Text } from '../core/text.ts';
export type { Trace } from '../core/trace.ts';

import type { DistributionResult } from '../core/scoring/distribution.ts';
import type { Scorecard } from '../core/scoring/score-form.ts';
import type { Template } from '../core/scoring/types.ts';
import type { Text } from '../core/text.ts';

export type Role = 'admin' | 'hr' | 'committee' | 'supervisor' | 'employee';

export interface User {
  id: string;
  login: string;
  name: string;
  role: Role;
  employee: string | null;
  company: string;
}

export interface Session {
  user: User;
  csrfToken: string;
}

export interface Store {
  code: string;
  name: string;
  platform: string;
  currency: string;
  timeZone: string;
  operator: string | null;
  /** false once deactivated (停用); absent (an older server) reads as active */
  active?: boolean;
}

export interface Family {
  code: string;
  name: Text;
  kind: 'business' | 'functional';
  /** false once deactivated (停用); absent (an older server) reads as active */
  active?: boolean;
}

export interface Team {
  code: string;
  name: string;
  lead: string | null;
  /** false once deactivated (停用); absent (an older server) reads as active */
  active?: boolean;
}

export interface Employee {
  code: string;
  name: string;
  team: string | null;
  family: string | null;
  level: string | null;
  supervisor: string | null;
  hireDate: string | null;
  leaveDate: string | null;
  agent: string | null;
  stores: string[];
  role: Role | null;
}

export interface TemplateVersion {
  id: string;
  version: string;
  family: string;
  name: Text;
  effective: string;
  applied: boolean;
  createdBy: string;
  createdAt: string;
}

export type TemplateDetail = TemplateVersion & { template: Template; yaml: string };

export type MonthStatus = 'open' | 'published' | 'closed';

export interface Month {
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

export type FormStatus = 'open' | 'scored' | 'published' | 'confirmed' | 'objected' | 'resolved';

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

export interface FormTemplateInfo {
  id: string;
  version: string;
  raters: string[];
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
}

export interface Form extends FormSummary {
  templateInfo: FormTemplateInfo;
  updatedBy: string;
  updatedAt: string;
  actuals: Record<
    string,
    {
      value: number | null;
      source: string;
      override?: { value: number | null; reason: string; by: string; at: string; original: number | null };
    }
  >;
  targets: Record<string, number>;
  ratings: { self?: Record<string, number>; supervisor?: Record<string, number> };
  attendance: Record<string, number>;
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
}

export interface CalibrationGroup {
  template: string;
  size: number;
  quota: DistributionResult | null;
  forms: FormSummary[];
}

export interface MyPage {
  employee: string;
  month: string | null;
  form: Form | null;
  trend: { month: string; total: number | null; grade: string | null }[];
  waiting: { kind: string; month: string; employee: string; text: Text }[];
}

export interface AuditEntry {
  id: string | number;
  at: string;
  actor: string;
  entity: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
  why: string | null;
}

export interface ResultRow {
  employee: string;
  name: string;
  grades: (string | null)[] | Record<string, string | null>;
  reason: Text;
}

export type DesignAction = 'comment' | 'revise' | 'advance' | 'sign_lead' | 'sign_supervisor' | 'approve';
export type DesignStep =
  | 'proposed'
  | 'consultation'
  | 'cross-review'
  | 'benchmark'
  | 'agreement'
  | 'committee'
  | 'applied';

/** A KPI design proposal (domain.md §4, src/app/kpi-design-service.ts). */
export interface Proposal {
  id: number;
  family: string;
  team: string | null;
  title: string;
  yaml: string;
  step: number;
  stepName: DesignStep;
  next: Text;
  signatures: { supervisor?: { by: string; at: string }; lead?: { by: string; at: string } };
  signers: { lead: { code: string; name: string } | null; supervisor: { code: string; name: string } | null };
  history: {
    step: number;
    action: string;
    by: string;
    at: string;
    comment: string | null;
    yaml?: string;
    from?: string;
  }[];
  template: string | null;
  approval: { by: string; at: string; comment: string | null; template: string; from: string } | null;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface ProposalView extends Proposal {
  you: Record<DesignAction, { ok: boolean; why: Text }>;
  earliestFrom: string | null;
}
