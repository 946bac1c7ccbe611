/**
 * A rule of the model (types.ts) as a template file writes it. The file form is shorter in a few places
 * and the parser reads it back into the model: a per-unit floor, base or reference of a number is
 * written as the number (`floor: 0`, not `floor: { points: 0 }`). Round trip over the reader's corpus:
 * rule-file.test.ts.
 */
import type { Rule } from '../types.ts';

/** A rule as plain data for YAML. */
export type RuleInFile = { type: Rule['type'] } & Record<string, unknown>;

export function ruleForFile(rule: Rule): RuleInFile {
  switch (rule.type) {
    case 'per-unit': {
      const { floor, base, reference, ...rest } = rule;
      return {
        ...rest,
        reference: typeof reference === 'object' ? reference.value : reference,
        base: typeof base === 'object' ? base.points : base,
        floor: typeof floor === 'object' && 'points' in floor ? floor.points : floor,
      };
    }
    case 'gate':
      return { ...rule, then: ruleForFile(rule.then) };
    default:
      return { ...rule };
  }
}
