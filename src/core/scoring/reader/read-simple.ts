/**
 * The simple shapes: 按完成率计分 (linear, with 封顶120% / 最高N分), a gate in front of it
 * ("完成率低于60%不得分，60%以上按完成率计分"), and 完成/未完成 (pass-fail).
 */
import { t } from '../../text.ts';
import type { GateRule, LinearRule, PassFailRule } from '../types.ts';
import { parseValue, splitRows, toNumber } from './conditions.ts';
import type { Outcome, ReadContext } from './reader-types.ts';

const LINEAR =
  /按(实际)?(完成率|达成率|完成比例|完成情况|实际完成|比例|实际)(计分|得分|计算|折算|给分|核算|计)|完成率\s*[×*xX]|得分\s*=\s*(实际|完成)|实际.{0,6}\/.{0,6}目标|线性/;

function gate(threshold: number, inclusive: boolean, inner: LinearRule): GateRule {
  return { type: 'gate', threshold, inclusive, then: inner };
}

export function readLinear(ctx: ReadContext): Outcome | null {
  const { text, input } = ctx;
  if (!LINEAR.test(text)) return null;
  const rule: LinearRule = { type: 'linear' };
  const capPct = /(最高|封顶|上限|最多|不超过|超过部分按)\s*(得|计|为)?\s*(\d+(?:\.\d+)?)%/.exec(text);
  const capPts = /(最高|封顶|上限|最多)\s*(得|计|为)?\s*(\d+(?:\.\d+)?)\s*分/.exec(text);
  if (capPct) rule.cap = toNumber(capPct[3]!, '%');
  else if (capPts) rule.cap = Number((toNumber(capPts[3]!) / input.points).toPrecision(12));
  if (ctx.isRate && !ctx.mentionsCompletion && input.target === null) {
    return {
      kind: 'refused',
      reason: t('按比例计分但没有目标值', 'scores in proportion but no target is given'),
    };
  }
  // A row scoring 0 below a threshold in front of the linear part is a gate.
  for (const row of splitRows(text)) {
    const c = row.condition;
    if (!c || !row.value) continue;
    const gateRow =
      (row.value.kind === 'points' && row.value.points === 0 && c.upper && !c.lower) ||
      row.value.kind === 'linear';
    if (gateRow && ctx.isRate && !/完成|达成/.test(row.text) && (c.lower ?? c.upper)) {
      // 转化率低于3%不得分: the threshold is on the rate itself, but a gate compares completion
      return {
        kind: 'refused',
        reason: t(
          `"${row.text}"的门槛是比率本身，不是完成率：请写成公式`,
          `"${row.text}" puts the threshold on the rate itself, not on completion: write it as a formula`,
        ),
      };
    }
    if (row.value.kind === 'points' && row.value.points === 0 && c.upper && !c.lower) {
      return { kind: 'read', rule: gate(c.upper.value, !c.upper.inclusive, rule), notes: [] };
    }
    if (row.value.kind === 'linear' && c.lower && !c.upper && c.lower.value > 0) {
      return { kind: 'read', rule: gate(c.lower.value, c.lower.inclusive, rule), notes: [] };
    }
  }
  return { kind: 'read', rule, notes: [] };
}

const DONE =
  /(按时|准时|如期|全部|已)?(完成|达成|达标|合格|通过|执行|提交|做到|到岗)(的)?(得|计|给|记)?\s*(满分|\d+(?:\.\d+)?分)/;
const NOT_DONE =
  /(未|没有|没|不)(按时|准时|如期)?(完成|达成|达标|合格|通过|执行|提交|做到)(的)?(得|计|给|记|扣)?\s*(0分|不得分|零分|不计分|全扣|扣完|\d+(?:\.\d+)?分)/;

export function readPassFail(ctx: ReadContext): Outcome | null {
  const { text, input } = ctx;
  const done = DONE.exec(text);
  const notDone = NOT_DONE.exec(text);
  if (!done && !notDone) return null;
  if (/\d+(?:\.\d+)?%/.test(text)) return null;
  const rule: PassFailRule = { type: 'pass-fail' };
  if (done) {
    const v = parseValue(done[5]!);
    if (v?.kind === 'points' && v.points !== input.points) rule.pass = v.points;
  }
  if (notDone) {
    const tail = notDone[6]!;
    const v = parseValue(tail);
    if (/全扣|扣完/.test(tail)) {
      // fail scores 0: the default
    } else if (notDone[5] === '扣' && v?.kind === 'points') {
      const fail = (rule.pass ?? input.points) - v.points;
      if (fail !== 0) rule.fail = fail;
    } else if (v?.kind === 'points' && v.points !== 0) rule.fail = v.points;
  }
  const notes = done && !notDone ? [t('未写未完成的得分：按0分', 'no points stated for not done: 0')] : [];
  return { kind: 'read', rule, notes };
}
