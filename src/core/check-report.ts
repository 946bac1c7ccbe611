/**
 * What `shopkpi check` reports for any checked document (a KPI template or a pay plan):
 * the problems found by validation and lint, and each example's outcome.
 */
import type { Problem } from './errors.ts';
import type { Text } from './text.ts';

export interface ExampleOutcome {
  name: string;
  ok: boolean;
  /** One line per mismatch: what was expected, what came out. */
  mismatches: Text[];
}

export interface CheckReport {
  kind: 'template' | 'plan';
  id: string;
  version: string;
  problems: Problem[];
  examples: ExampleOutcome[];
  /** True when there is no error and every example passes (warnings do not block). */
  ok: boolean;
}
