/**
 * The shapes of the score-sheet import API (src/server/routes/sheet-routes.ts), apart from the service so
 * that the web app can import them without Node's modules. docs/sheet-import.md, "In the web app".
 */
import type { Problem } from '../core/errors.ts';
import type { DraftDoc, DraftItem, UnresolvedItem } from '../core/scoring/sheet/build-draft.ts';
import type { RuleInFile } from '../core/scoring/sheet/rule-file.ts';
import type { Text } from '../core/text.ts';

/** A person's answer for one row, as the browser sends it. */
export interface SheetChoice {
  /** 1-based reading of an ambiguous row */
  reading?: number;
  /** a rule written by hand, as a YAML (or JSON) mapping: `type: pass-fail` … */
  ruleYaml?: string;
  /** full points: when the sheet gave none, or to adjust them (after a row is dropped) */
  weight?: number;
  /** the row is not a points rule (a money fine goes to the pay ledger): leave it out of the template */
  drop?: boolean;
}

/** One column of sample actuals: one actual per indicator, and what the company's sheet gives there. */
export interface SampleCase {
  name: Text;
  /** the sheet's own 示例实际值/自评得分 (its numbers are taken from the draft, not from the browser) */
  fromSheet: boolean;
  actuals: Record<string, number | null>;
  /** "what our Excel gives", per indicator id; absent or null = not stated */
  sheet: Record<string, number | null>;
  sheetTotal?: number | null;
}

export interface SheetState {
  draft: DraftDoc;
  choices: Record<string, SheetChoice>;
  cases: SampleCase[];
}

export interface ReadingView {
  /** 1-based, as `shopkpi sheet resolve --pick` numbers them; 0 for the one reading of a read row */
  n: number;
  note: Text | null;
  /** the rule in words (zh/en) */
  sentence: Text;
  rule: RuleInFile;
  /** points per sample case (null: the engine cannot score it, e.g. a 环比 rule without last month) */
  points: (number | null)[];
}

export interface RowView {
  id: string;
  row: number;
  indicator: string;
  dimension: string | null;
  weight: number | null;
  target: number | null;
  unit: string | null;
  text: string;
  status: DraftItem['status'];
  reason: Text | null;
  notes: Text[];
  readings: ReadingView[];
  /** what the person chose: a reading number, 'by hand', or null */
  chosen: number | 'by hand' | null;
  /** the rule the indicator has now (read, chosen or written), in words, with its points per case */
  current: { sentence: Text; rule: RuleInFile; points: (number | null)[] } | null;
  unresolved: UnresolvedItem[];
  /** problems of the rule written by hand (it is not applied while it has any) */
  ruleProblems: Problem[];
  /** the row was dropped: it is not in the template, and the draft records why (null: not dropped) */
  dropped: { text: string; why: Text } | null;
  /** the money reader's refusal: the row is pay (元), not points, so dropping it is the usual answer */
  money: boolean;
}

export interface ComparisonCell {
  sheet: number | null;
  template: number | null;
  /** null when the sheet states no points here: nothing to compare */
  match: boolean | null;
}

export interface Comparison {
  /** 'draft': the resolved draft scored here; 'saved': the stored version read back and scored */
  source: 'draft' | 'saved';
  template: string;
  cases: {
    name: Text;
    fromSheet: boolean;
    indicators: (ComparisonCell & { id: string; name: string })[];
    total: ComparisonCell;
  }[];
  /** every stated figure matches (and at least one was stated) */
  allMatch: boolean;
  stated: number;
}

export interface SheetView {
  summary: { read: number; ambiguous: number; refused: number; unresolved: number };
  source: DraftDoc['draft']['source'];
  notes: Text[];
  rows: RowView[];
  cases: SampleCase[];
  /** null while some row has no rule */
  comparison: Comparison | null;
  /** what stands between the draft and a saved template; empty when it can be saved */
  blockers: Problem[];
  canSave: boolean;
  /** the template as it would be saved */
  yaml: string;
}

export interface SaveOptions {
  id?: string;
  version: string;
  family?: string;
  effective?: string;
  name?: Text;
  reason?: string;
}
