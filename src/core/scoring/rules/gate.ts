/**
 * 门槛 (gate): below a completion threshold the indicator scores `else` (0); at or above it, the inner
 * rule scores. Worked month: gross profit 140 000 / 250 000 = 56% < 60% → 0.
 */
import type { Problem } from '../../errors.ts';
import { pct } from '../../trace.ts';
import { completion, type RuleImpl } from '../rule.ts';
import type { GateRule } from '../types.ts';

export const gate: RuleImpl<GateRule> = {
  describe(rule, nested) {
    const inner = nested.describe(rule.then);
    return {
      zh: `门槛${pct(rule.threshold)}${rule.inclusive ? '(含)' : '(不含)'}，达到后按${inner.zh}`,
      en: `gate at ${pct(rule.threshold)} (${rule.inclusive ? 'inclusive' : 'exclusive'}), then ${inner.en}`,
    };
  },
  score(rule, x, sink, nested) {
    const c = completion(x, null);
    const passed = rule.inclusive ? c >= rule.threshold : c > rule.threshold;
    if (!passed) {
      const points = rule.else ?? 0;
      if (sink) {
        completion(x, sink);
        sink.step(
          `完成率${pct(c)}未达到门槛${pct(rule.threshold)}，得${points}分`,
          `completion ${pct(c)} is below the ${pct(rule.threshold)} gate: ${points} points`,
        );
      }
      return points;
    }
    if (sink)
      sink.step(
        `完成率${pct(c)}达到门槛${pct(rule.threshold)}`,
        `completion ${pct(c)} passes the ${pct(rule.threshold)} gate`,
      );
    return nested.score(rule.then, x, sink);
  },
  direction: (rule, nested) => nested.direction(rule.then),
  lint(rule, ind, path, nested) {
    const out: Problem[] = [];
    if (rule.then.type === 'gate') {
      out.push({
        severity: 'warning',
        code: 'gate_nested',
        message: { zh: '门槛套门槛，请合并为一个', en: 'a gate inside a gate: merge them' },
        where: { path },
      });
    }
    return out.concat(nested.lint(rule.then, ind, `${path}.then`));
  },
};
