/**
 * The rule-text reader (评分标准解读): turns the Chinese wording of a real appraisal sheet's 评分标准 cell
 * into a {@link Rule}, or into every defensible reading when the wording leaves a choice, or into a
 * refusal that says why. It never picks one of two readings silently (issue 8 §5).
 *
 * @example
 * readRuleText({ indicator: '销售额', points: 30, target: 1000000, text: '按完成率计分，最高120%' })
 * // → { status: 'read', rule: { type: 'linear', cap: 1.2 } }
 */
import { type Text, t } from '../../text.ts';
import { normalizeRuleText } from './normalize.ts';
import { readBands } from './read-bands.ts';
import { readDays } from './read-days.ts';
import { readDerived } from './read-derived.ts';
import { readDerivedFormula } from './read-formula.ts';
import { readJointBands } from './read-joint-bands.ts';
import { readPerUnit } from './read-per-unit.ts';
import { readLinear, readPassFail } from './read-simple.ts';
import type { Outcome, ReadContext, ReadResult, RuleTextInput } from './reader-types.ts';
import { refuseMoney, refuseNormalised, refuseRaw } from './refusals.ts';
import { pickSamples } from './samples.ts';

/** How much of a refused over-long text is echoed back. */
const ECHO = 200;

function echo(text: unknown): string {
  if (typeof text !== 'string') return '';
  return text.length > ECHO ? `${text.slice(0, ECHO)}…` : text;
}

function context(input: RuleTextInput, text: string): ReadContext {
  const target = input.target;
  const isRate =
    target !== null
      ? target > 0 && target <= 1.5 && !/次数|件数|单数|个数|人数|天数|量$/.test(input.indicator)
      : /率|占比|比例/.test(input.indicator);
  const mentionsCompletion = /完成率|达成率|完成度|完成比例|目标完成|完成目标|达成目标/.test(
    `${text} ${input.indicator}`,
  );
  return { input, text, isRate, mentionsCompletion };
}

function readShape(ctx: ReadContext): Outcome {
  // money (fines, rewards, rank prizes, commissions in 元) is pay, never points: refused before any shape
  const money = refuseMoney(ctx.text);
  if (money) return { kind: 'refused', reason: money };
  // day counts and streaks (每日/连续N天), joint bands (且), history/cohort formulas (…/上期…×15分), then
  // 环比/同比, team averages and ranks in their clear shapes: all before the refusals that catch the rest
  const derived = readDays(ctx) ?? readJointBands(ctx) ?? readDerivedFormula(ctx) ?? readDerived(ctx);
  if (derived) return derived;
  const refusal = refuseNormalised(ctx.text);
  if (refusal) return { kind: 'refused', reason: refusal };
  return (
    readPerUnit(ctx) ??
    readLinear(ctx) ??
    readBands(ctx) ??
    readPassFail(ctx) ?? {
      kind: 'refused',
      reason: t(
        '没有认出的评分写法（区间、每…加扣分、按比例、完成/未完成）',
        'no wording the reader knows (bands, per-unit add/deduct, proportional, done/not done)',
      ),
    }
  );
}

/** Reads one 评分标准 cell. Never throws on bad text: it refuses with a reason. */
export function readRuleText(input: RuleTextInput): ReadResult {
  const rawRefusal = refuseRaw(input.text);
  if (rawRefusal) return { text: echo(input.text), status: 'refused', reason: rawRefusal };
  if (!Number.isFinite(input.points) || input.points <= 0) {
    return {
      text: input.text,
      status: 'refused',
      reason: t(
        `满分不是正数（${String(input.points)}）`,
        `the full points are not a positive number (${String(input.points)})`,
      ),
    };
  }
  const ctx = context(input, normalizeRuleText(input.text));
  let outcome: Outcome;
  try {
    outcome = readShape(ctx);
  } catch (err) {
    // A bug in a pattern must not stop a whole sheet from being read; the cell is refused and reported.
    const msg = err instanceof Error ? err.message : String(err);
    outcome = { kind: 'refused', reason: t(`读取出错：${msg}`, `the reader failed on this text: ${msg}`) };
  }
  if (outcome.kind === 'refused') return { text: input.text, status: 'refused', reason: outcome.reason };
  const notes: Text[] = outcome.notes;
  if (outcome.kind === 'read') {
    return {
      text: input.text,
      status: 'read',
      rule: outcome.rule,
      ...(outcome.derive ? { derive: outcome.derive } : {}),
      ...(outcome.inputs ? { inputs: outcome.inputs } : {}),
      ...(notes.length ? { notes } : {}),
    };
  }
  // A derived figure (growth, difference from the mean, rank) is scored without the indicator's target,
  // and may be negative.
  const derived = outcome.options.some((o) => o.derive);
  const samples = pickSamples(
    outcome.options.map((o) => o.rule),
    derived
      ? { target: null, weight: input.points, signed: true }
      : { target: input.target, weight: input.points },
  );
  return {
    text: input.text,
    status: 'ambiguous',
    readings: outcome.options.map((o, i) => ({
      rule: o.rule,
      note: o.note,
      samples: samples[i]!,
      ...(o.derive ? { derive: o.derive } : {}),
      ...(o.inputs ? { inputs: o.inputs } : {}),
    })),
    reason: outcome.reason,
    ...(notes.length ? { notes } : {}),
  };
}
