/** The rule-text reader's input and output (issue 8 §5: `shopkpi rules read`). */
import type { Text } from '../../text.ts';
import type { Derive, Rule } from '../types.ts';

/** One 评分标准 cell with what the sheet says around it. */
export interface RuleTextInput {
  /** the indicator's name as the sheet writes it, e.g. 转化率 */
  indicator: string;
  /** the indicator's full points (满分) */
  points: number;
  /** the target as a fraction (0.95) or a number (1000000); null when the sheet gives none */
  target: number | null;
  text: string;
}

export interface Sample {
  actual: number;
  /** null when the engine cannot score this figure under this reading */
  points: number | null;
}

/** One defensible reading of an ambiguous cell, with what it gives at two sample actuals. */
export interface Reading {
  rule: Rule;
  note: Text;
  samples: Sample[];
  /** the indicator's actual is derived (环比, team average, rank): the rule scores the derived figure */
  derive?: Derive;
  /** other named inputs the rule reads (joint bands): the indicator's `inputs` */
  inputs?: string[];
}

export type ReadResult =
  | { text: string; status: 'read'; rule: Rule; derive?: Derive; inputs?: string[]; notes?: Text[] }
  | { text: string; status: 'ambiguous'; readings: Reading[]; reason: Text; notes?: Text[] }
  | { text: string; status: 'refused'; reason: Text };

/** What a shape reader (bands, per-unit, linear, pass-fail) makes of a cell. */
export type Outcome =
  | { kind: 'read'; rule: Rule; notes: Text[]; derive?: Derive; inputs?: string[] }
  | {
      kind: 'choices';
      options: { rule: Rule; note: Text; derive?: Derive; inputs?: string[] }[];
      reason: Text;
      notes: Text[];
    }
  | { kind: 'refused'; reason: Text };

/** The normalised cell and the facts about the indicator that decide between shapes. */
export interface ReadContext {
  input: RuleTextInput;
  /** normalised text (half-width, simplified, arabic numbers) */
  text: string;
  /** the indicator is a rate (its target is a fraction, or its name says 率/占比) */
  isRate: boolean;
  /** the text speaks of completion (完成率/达成率/完成目标) */
  mentionsCompletion: boolean;
}
