/**
 * 联合区间 (joint bands over several inputs): the first row whose conditions all hold.
 * "5分钟留存≥60% 且 30分钟留存≥40%: 8分; ≥50% 且 ≥35%: 6分; 其他 0分".
 */
import type { Problem } from '../../errors.ts';
import { n } from '../../trace.ts';
import { contains, describeInterval } from '../interval.ts';
import { pointsText, type RuleImpl, RuleInputError } from '../rule.ts';
import type { JointBandsRule } from '../types.ts';
import { bandPoints } from './bands.ts';

export const jointBands: RuleImpl<JointBandsRule> = {
  describe(rule) {
    const names = Object.keys(rule.rows[0]?.when ?? {});
    return {
      zh: `联合区间（${names.join('、')}，${rule.rows.length}档）`,
      en: `joint bands (${names.join(', ')}, ${rule.rows.length} rows)`,
    };
  },
  score(rule, x, sink) {
    for (let i = 0; i < rule.rows.length; i++) {
      const row = rule.rows[i]!;
      let all = true;
      for (const name in row.when) {
        const value = x.vars[name];
        if (value === undefined || value === null) {
          throw new RuleInputError({
            zh: `联合区间需要输入“${name}”，但没有提供`,
            en: `joint bands need the input "${name}", which is missing`,
          });
        }
        if (!contains(row.when[name]!, value)) {
          all = false;
          break;
        }
      }
      if (all) {
        const points = bandPoints(row.value, rule.unit, x.full);
        if (sink) {
          const conds = Object.entries(row.when).map(([k, iv]) => ({
            k,
            d: describeInterval(iv, true),
            val: x.vars[k],
          }));
          sink.step(
            `第${i + 1}行条件全部满足：${conds.map((c) => `${c.k}=${n(c.val as number)}（${c.d.zh}）`).join('，')}`,
            `row ${i + 1} holds: ${conds.map((c) => `${c.k}=${n(c.val as number)} (${c.d.en})`).join(', ')}`,
          );
          sink.step(`得分 ${pointsText(points)}`, `points ${pointsText(points)}`);
        }
        return points;
      }
    }
    const points = bandPoints(rule.else, rule.unit, x.full);
    if (sink)
      sink.step(
        `没有一行的条件全部满足，按“其他”得 ${pointsText(points)} 分`,
        `no row holds: the "else" value gives ${pointsText(points)}`,
      );
    return points;
  },
  direction: () => 'mixed',
  lint(rule, ind, path) {
    const out: Problem[] = [];
    const declared = new Set(ind.inputs ?? []);
    rule.rows.forEach((row, i) => {
      for (const name of Object.keys(row.when)) {
        if (!declared.has(name)) {
          out.push({
            severity: 'error',
            code: 'joint_input_undeclared',
            message: {
              zh: `第${i + 1}行用到输入“${name}”，但指标的 inputs 没有列出`,
              en: `row ${i + 1} reads "${name}", which the indicator's inputs do not list`,
            },
            where: { path: `${path}.rows[${i}]` },
            fix: { zh: `在 inputs 中加入 ${name}`, en: `add ${name} to inputs` },
          });
        }
      }
    });
    return out;
  },
};
