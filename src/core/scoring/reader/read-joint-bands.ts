/**
 * Joint bands over two or more figures (联合区间): "5分钟留存≥60% 且 30分钟留存≥40%: 8分；≥50%+≥35%: 6分；
 * 其余0分" → `joint-bands` whose rows name each figure, the first row whose conditions all hold. Later rows
 * may leave the names out ("≥50%+≥35%"): their conditions are taken in the order of the first row's names.
 * The names become the indicator's `inputs` (the output line carries them beside the rule).
 */
import { t } from '../../text.ts';
import type { Interval, JointBandsRule } from '../types.ts';
import { type Condition, parseCondition, parseValue, type RowValue } from './conditions.ts';
import type { Outcome, ReadContext } from './reader-types.ts';

/** 且, 并且, 同时, 而且, "+", "&": conditions that must all hold */
const AND = /\s*(?:并且|而且|同时|且|\+|&)\s*/;
const ELSE_WORDS = /^(其他|其余|其它|否则)/;

function toInterval(c: Condition): Interval {
  const w: Interval = {};
  if (c.lower) w[c.lower.inclusive ? 'gte' : 'gt'] = c.lower.value;
  if (c.upper) w[c.upper.inclusive ? 'lte' : 'lt'] = c.upper.value;
  return w;
}

/** "…: 8分" / "…得8分" / "…，8分": the condition part and the value part of a row. */
function splitRow(row: string): { cond: string; value: RowValue } | null {
  const m =
    /^(.*?)(?:[:=,]\s*|\s+|(?=得|计|为|不得分|满分))((?:得|计|为)?\s*(?:-?\d+(?:\.\d+)?\s*分(?!钟)|满分|不得分|0分))\s*$/.exec(
      row,
    );
  if (!m) return null;
  const value = parseValue(m[2]!);
  if (!value || value.kind === 'linear') return null;
  return { cond: m[1]!, value };
}

export function readJointBands(ctx: ReadContext): Outcome | null {
  const { text, input } = ctx;
  // rows are separated by ";" (a "," may sit between a row's conditions and its points)
  const rows = text
    .split(';')
    .map((r) => r.trim())
    .filter(Boolean);
  const first = rows[0];
  if (!first || !AND.test(first)) return null;
  const head = splitRow(first);
  if (!head) return null;
  const firstParts = head.cond.split(AND);
  if (firstParts.length < 2) return null;
  const names: string[] = [];
  for (const part of firstParts) {
    const { condition, rest, conflict } = parseCondition(part);
    const name = rest.replace(/[\s:：]/g, '');
    // a figure's name: words (and digits, "5分钟留存"), no punctuation or points ("得8分,")
    if (
      !condition ||
      conflict ||
      !/^[\u4e00-\u9fa5A-Za-z0-9]+$/.test(name) ||
      /\d\s*分(?!钟)|得|扣/.test(name)
    )
      return null;
    names.push(name);
  }
  if (new Set(names).size !== names.length) return null;
  const out: JointBandsRule['rows'] = [];
  let elseValue = 0;
  let elseStated = false;
  const full = input.points;
  const pointsOf = (v: RowValue): number =>
    v.kind === 'points'
      ? v.points
      : v.kind === 'full'
        ? full
        : v.kind === 'deduct'
          ? full - v.points
          : v.kind === 'fraction-of-full'
            ? Number((full * v.fraction).toPrecision(12))
            : Number.NaN;
  for (const row of rows) {
    if (ELSE_WORDS.test(row)) {
      const v = parseValue(row);
      if (!v || v.kind === 'linear') return null;
      elseValue = pointsOf(v);
      elseStated = true;
      continue;
    }
    const r = splitRow(row);
    if (!r) {
      return {
        kind: 'refused',
        reason: t(
          `"${row}"不是联合区间的一行（条件且条件：分数）`,
          `"${row}" is not a joint-band row (condition and condition: points)`,
        ),
      };
    }
    const parts = r.cond.split(AND);
    if (parts.length !== names.length) {
      return {
        kind: 'refused',
        reason: t(
          `"${row}"的条件个数与第一行不同`,
          `"${row}" has a different number of conditions than the first row`,
        ),
      };
    }
    const when: Record<string, Interval> = {};
    for (let k = 0; k < parts.length; k++) {
      const { condition, rest, conflict } = parseCondition(parts[k]!);
      if (!condition || conflict) return null;
      const named = rest.replace(/[\s:：]/g, '');
      // a named condition must name one of the first row's figures; an unnamed one takes its place
      const name = named ? names.find((n) => n === named) : names[k];
      if (!name || when[name]) {
        return {
          kind: 'refused',
          reason: t(
            `"${row}"的条件"${parts[k]}"对应不到第一行的指标（${names.join('、')}）`,
            `in "${row}", "${parts[k]}" matches none of the first row's figures (${names.join(', ')})`,
          ),
        };
      }
      when[name] = toInterval(condition);
    }
    out.push({ when, value: pointsOf(r.value), text: row });
  }
  if (out.length === 0) return null;
  const rule: JointBandsRule = { type: 'joint-bands', unit: 'points', rows: out, else: elseValue };
  return {
    kind: 'read',
    rule,
    inputs: names,
    notes: [
      t(
        `联合区间：按行从上到下，第一行所有条件都满足即得该行分数；需要输入 ${names.join('、')}`,
        `joint bands: the first row whose conditions all hold; needs the inputs ${names.join(', ')}`,
      ),
      ...(elseStated
        ? []
        : [t('未写"其他"情况的分数：都不满足得0分', 'no else value written: no row holding scores 0')]),
    ],
  };
}
