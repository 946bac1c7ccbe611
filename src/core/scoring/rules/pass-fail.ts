/** 完成/未完成 (pass/fail): an actual of 1 (done) gives `pass` (default: full points), 0 gives `fail` (default 0). */
import { n } from '../../trace.ts';
import { type RuleImpl, RuleInputError } from '../rule.ts';
import type { PassFailRule } from '../types.ts';

export const passFail: RuleImpl<PassFailRule> = {
  describe(rule) {
    return {
      zh: `完成得${rule.pass !== undefined ? `${n(rule.pass)}分` : '满分'}，未完成得${n(rule.fail ?? 0)}分`,
      en: `done: ${rule.pass !== undefined ? `${n(rule.pass)} points` : 'full points'}; not done: ${n(rule.fail ?? 0)}`,
    };
  },
  score(rule, x, sink) {
    if (x.actual !== 0 && x.actual !== 1) {
      throw new RuleInputError({
        zh: `完成/未完成指标的实际值应为1或0，得到 ${x.actual}`,
        en: `a pass/fail actual must be 1 or 0, got ${x.actual}`,
      });
    }
    const done = x.actual === 1;
    const points = done ? (rule.pass ?? x.full) : (rule.fail ?? 0);
    if (sink)
      sink.step(
        done ? `已完成，得 ${n(points)} 分` : `未完成，得 ${n(points)} 分`,
        done ? `done: ${n(points)} points` : `not done: ${n(points)} points`,
      );
    return points;
  },
  direction: () => 'higher',
  lint: () => [],
};
