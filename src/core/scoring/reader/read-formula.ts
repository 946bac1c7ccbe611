/**
 * Formulas on a derived figure (issue 8 §3), read into a `formula` rule plus the indicator's `derive`:
 *
 * - history: "(本期销售额-上期销售额)/上期销售额×15分" → derive history (previous; 去年同期/同比: last year)
 *   as growth, and `actual * 15` on the growth;
 * - cohort: "(个人转化率-团队转化率)/团队转化率×10分" → derive cohort (team mean) as growth, and `actual * 10`.
 *
 * The text states no floor and no cap, so two readings are offered and a person chooses: exactly as
 * written (below the reference the points are negative, far above it they pass the full points), or kept
 * between 0 and the full points. "团队转化率" is read as the mean of the members' figures: the engine's
 * cohort aggregates are computed from the members' figures, and the note says so.
 */
import { type Text, t } from '../../text.ts';
import type { Derive, FormulaRule } from '../types.ts';
import { groupWords } from './read-derived.ts';
import type { Outcome, ReadContext } from './reader-types.ts';

const SHAPE =
  /^(?:得分|分数|分值)?\s*=?\s*\(\s*(?<own>[^()\-/÷]*?)\s*-\s*(?<ref>[^()\-/÷]+?)\s*\)\s*[/÷]\s*(?<ref2>[^×*xX()]+?)\s*[×*xX]\s*(?:(?<k>\d+(?:\.\d+)?)\s*分?|(?<full>满分|权重|分值))\s*$/;
const PREVIOUS = /上期|上月|上周|上季度|上季|上一期|环比/;
const LAST_YEAR = /去年同期|上年同期|同比|去年/;
const GROUP = /团队|小组|组内|全组|同组|部门|全店|店铺/;

/** "团队平均转化率" and "团队转化率" name the same figure for the denominator check. */
function core(s: string): string {
  return s.replace(/\s|的|平均值|平均数|平均|均值|人均|中位数/g, '');
}

export function readDerivedFormula(ctx: ReadContext): Outcome | null {
  const m = SHAPE.exec(ctx.text);
  if (!m?.groups) return null;
  const { own = '', ref = '', ref2 = '', k, full } = m.groups;
  if (core(ref) !== core(ref2)) {
    return {
      kind: 'refused',
      reason: t(
        `公式的分母"${ref2}"与被减数"${ref}"不同：不是增长率，请手写公式`,
        `the divisor "${ref2}" is not the figure subtracted ("${ref}"): not a growth rate, write the formula by hand`,
      ),
    };
  }
  const points = ctx.input.points;
  const factor = k ?? (full ? String(points) : undefined);
  if (factor === undefined) return null;
  let derive: Derive;
  const notes: Text[] = [];
  if (LAST_YEAR.test(ref)) {
    derive = { kind: 'history', compare: 'lastYear', as: 'growth' };
    notes.push(
      t(
        '按同比增长率计分：(本期 − 去年同期) ÷ 去年同期（需去年同期数据）',
        'scored on the growth over the same period last year (needs last year’s figure)',
      ),
    );
  } else if (PREVIOUS.test(ref)) {
    derive = { kind: 'history', compare: 'previous', as: 'growth' };
    notes.push(
      t(
        '按环比增长率计分：(本期 − 上期) ÷ 上期（需上期数据）',
        'scored on the growth over the previous period (needs the previous period’s figure)',
      ),
    );
  } else if (GROUP.test(ref) && !GROUP.test(own)) {
    const { group, label } = groupWords(ref);
    const agg = /中位数/.test(ref) ? 'median' : 'mean';
    derive = { kind: 'cohort', group, agg, as: 'growth' };
    notes.push(
      t(
        `与${label.zh}${agg === 'median' ? '中位数' : '平均值'}的相对差：(个人 − ${agg === 'median' ? '中位数' : '平均值'}) ÷ ${agg === 'median' ? '中位数' : '平均值'}（需按组计分）`,
        `relative difference from the ${label.en} ${agg}: (own − ${agg}) ÷ ${agg} (score the group together)`,
      ),
    );
    if (!/平均|均值|人均|中位数/.test(ref)) {
      notes.push(
        t(
          `"${ref}"按组员数值的平均值计算，不是全组合计后的比率（如全组订单 ÷ 全组访客）`,
          `"${ref}" is read as the mean of the members' figures, not a pooled group rate (e.g. group orders ÷ group visitors)`,
        ),
      );
    }
  } else {
    return null;
  }
  const asWritten: FormulaRule = { type: 'formula', expr: `actual * ${factor}` };
  const bounded: FormulaRule = { type: 'formula', expr: `clamp(actual * ${factor}, 0, ${points})` };
  return {
    kind: 'choices',
    options: [
      {
        rule: asWritten,
        derive,
        note: t(
          '按字面：不设下限和上限（低于对照值得负分，可超过满分）',
          'as written: no floor and no cap (below the reference the points are negative, and they may pass the full points)',
        ),
      },
      {
        rule: bounded,
        derive,
        note: t(`限定在0到满分${points}分之间`, `kept between 0 and the full points (${points})`),
      },
    ],
    reason: t(
      '公式没写下限和上限：低于对照值是否得负分、能否超过满分，需要选择',
      'the formula states no floor and no cap: whether points go negative below the reference or past the full points is a choice',
    ),
    notes,
  };
}
