/**
 * Per-unit rules (每…加/扣…分): "每低于目标1%扣1分", "每出现一次扣2分", "超过5%的，每超过0.5%扣2分，
 * 扣完为止", "每高于目标1%加1分，低于目标1%减1分，最高加5分", "两次修改内30分，每多一次扣5分".
 *
 * Two things most sheets leave open become readings, never a silent pick (issue 8 §1):
 * - "1%" on a rate compared with its target: 1 percentage point (stepOf absolute) or 1% of the target
 *   (stepOf target). Against a fixed stated rate ("超过5%…每超过0.5%") the % is read in the rate's own
 *   units (percentage points), the only sensible reading there; 个百分点/个点 always mean points.
 * - partial steps ("0.5% below" on a 1% step): whole steps or prorated, unless the text says
 *   (不足…按比例 → prorated; 每满/不足…不扣 → whole) or the figure is a count and the step is 1.
 */

import type { Text } from '../../text.ts';
import { t } from '../../text.ts';
import type { PerUnitFloor, PerUnitRule } from '../types.ts';
import { parseCondition, parseValue, splitClauses, toNumber } from './conditions.ts';
import type { Outcome, ReadContext } from './reader-types.ts';

const UNITS =
  '个百分点|百分点|个点|%|‰|次|单|例|件|起|项|处|个|人|条|笔|张|元|秒|分钟|小时|天|名|款|篇|场|套|位|家';
const COUNT_UNIT = /^(次|单|例|件|起|项|处|个|人|条|笔|张|名|天|款|篇|场|套|位|家)$/;
const ABOVE = /高于|超过|超出|增加|提高|提升|上升|多|超|延迟|延误|晚/;
const BELOW = /低于|减少|下降|降低|少|不足|差|未达|低/;
const REF_TARGET = /目标|计划|任务|标准|基准/;

interface Clause {
  direction: 'above' | 'below' | 'counted';
  step: number;
  unit: string;
  perStep: number;
  refWord: boolean;
  /** no 高于/低于 word: the direction comes from the verb, or from the threshold before the clause */
  implicit: boolean;
  index: number;
  length: number;
}

function clause(m: RegExpExecArray, fromEvery: boolean): Clause {
  const g = m.groups!;
  const words = `${g.pre ?? ''}${g.mid ?? ''}`;
  const unit = g.unit ?? '';
  let direction: Clause['direction'];
  let implicit = false;
  if (BELOW.test(g.pre ?? '')) direction = 'below';
  else if (ABOVE.test(g.pre ?? '')) direction = 'above';
  else if (COUNT_UNIT.test(unit) || !fromEvery) direction = 'counted';
  else {
    direction = /加|奖|得/.test(g.verb!) ? 'above' : 'below';
    implicit = true;
  }
  const pct =
    unit === '%' || unit === '个百分点' || unit === '百分点' || unit === '个点'
      ? '%'
      : unit === '‰'
        ? '‰'
        : undefined;
  const sign = /扣|减/.test(g.verb!) ? -1 : 1;
  return {
    direction,
    step: toNumber(g.num ?? '1', pct),
    unit,
    perStep: sign * toNumber(g.pts!),
    refWord: REF_TARGET.test(words),
    implicit,
    index: m.index,
    length: m[0].length,
  };
}

const EVERY = new RegExp(
  String.raw`每(?<pre>[^\d,;每]{0,10}?)(?<num>\d+(?:\.\d+)?)?\s*(?<unit>${UNITS})?(?<mid>[^,;\d每]{0,12}?)(?<verb>扣除|扣|减|加|奖励|奖|得)\s*(?<pts>\d+(?:\.\d+)?)\s*分`,
  'g',
);
// the second side of "每高于目标1%加1分，低于目标1%减1分", written without 每
const SECOND = new RegExp(
  String.raw`(?<![每\d])(?<pre>高于|低于|超过|超出|增加|减少|多|少)(?<mid0>目标|计划)?(?<num>\d+(?:\.\d+)?)\s*(?<unit>${UNITS})?(?<mid>[^,;\d]{0,6}?)(?<verb>扣除|扣|减|加|奖励|奖)\s*(?<pts>\d+(?:\.\d+)?)\s*分`,
  'g',
);
// "遗漏1次扣3分", "错发1单扣1分": one event, one deduction, 每 understood
const ONE_EVENT =
  /(?<pre>[^\d,;每]{0,8}?)(?<num>1)\s*(?<unit>次|单|例|件|起|项|处|条|笔)(?<mid>[^,;\d]{0,6}?)(?<verb>扣除|扣|减)\s*(?<pts>\d+(?:\.\d+)?)\s*分/;

export function findPerUnitClauses(text: string): Clause[] {
  const out = [...text.matchAll(EVERY)].map((m) => clause(m, true));
  if (out.length > 0) {
    for (const m of text.matchAll(SECOND)) {
      if (out.some((c) => m.index >= c.index && m.index < c.index + c.length)) continue;
      const c = clause(m, true);
      if (m.groups?.mid0) c.refWord = true;
      out.push(c);
    }
    return out;
  }
  const one = ONE_EVENT.exec(text);
  // a band word makes "1次扣3分" a row of a table, unless it belongs to a floor or cap ("最低不得低于80%得分")
  const rest = text.replace(/(最低|最高|最多|扣分上限|加分上限)[^,;]*/g, '');
  if (one && !/以上|以下|超过|以内|低于/.test(rest)) return [clause(one, false)];
  return [];
}

function floorOf(text: string, points: number): PerUnitFloor | null {
  if (
    /扣完为止|扣至0分|扣到0分|扣完即止|扣完本项|扣光为止|直至0分|最低0分|最低为0|最低扣至0|不得低于0分|至0分为止|扣满为止/.test(
      text,
    )
  ) {
    return { points: 0 };
  }
  const frac = /最低(?:不得低于|不低于|为)?\s*(\d+(?:\.\d+)?)%\s*(?:的)?(?:得分|分值|满分)?/.exec(text);
  if (frac) return { fractionOfFull: toNumber(frac[1]!, '%') };
  const pts = /最低(?:不得低于|不低于|得|为|扣至|扣到)?\s*(-?\d+(?:\.\d+)?)\s*分/.exec(text);
  if (pts) {
    const v = toNumber(pts[1]!);
    return v === points ? null : { points: v };
  }
  return null;
}

function capsOf(text: string): { maxDeduction?: number; maxAddition?: number; maxTotal?: number } {
  const out: { maxDeduction?: number; maxAddition?: number; maxTotal?: number } = {};
  const d =
    /(?:最高|最多|累计最多|累计最高|至多)(?:扣除|扣|减)\s*(\d+(?:\.\d+)?)\s*分|扣分(?:上限|不超过|最多)(?:为)?\s*(\d+(?:\.\d+)?)\s*分?/.exec(
      text,
    );
  if (d) out.maxDeduction = toNumber((d[1] ?? d[2])!);
  const a =
    /(?:最高|最多|累计最多|累计最高|至多)(?:加|奖励|奖)\s*(\d+(?:\.\d+)?)\s*分|加分(?:上限|不超过|最多)(?:为)?\s*(\d+(?:\.\d+)?)\s*分?/.exec(
      text,
    );
  if (a) out.maxAddition = toNumber((a[1] ?? a[2])!);
  const total = /(?:最高|封顶|上限)(?:得|为)?\s*(\d+(?:\.\d+)?)\s*分/.exec(text);
  if (total) out.maxTotal = toNumber(total[1]!);
  return out;
}

type Partial = PerUnitRule['partial'];

function partialOf(text: string): Partial | 'round-up' | null {
  if (/不足.{0,10}?按(?!比例|实际).{0,6}?计|四舍五入|4舍5入|进位|按.{0,4}?整数/.test(text)) return 'round-up';
  if (/不足.{0,10}?(按比例|按实际)|按比例(计算|扣|加|折算|计)|按实际(比例|差额)/.test(text))
    return 'prorated';
  if (/每满|不足.{0,10}?(不扣|不加|不计|不算|忽略|舍去|不予)/.test(text)) return 'whole';
  return null;
}

export function readPerUnit(ctx: ReadContext): Outcome | null {
  const { input, text } = ctx;
  const clauses = findPerUnitClauses(text);
  if (clauses.length === 0) return null;
  const notes: Text[] = [];
  const first = clauses[0]!;

  // The text before the first 每 clause may state the reference and the base ("超过5%的", "2次修改内30分").
  const before = text.slice(0, first.index);
  let threshold: number | null = null;
  let thresholdPercent = false;
  let thresholdIsTarget = false;
  let base: PerUnitRule['base'] = 'full';
  // Where the per-unit region lies, from the threshold: "30秒以内得满分" (the good region is below, so the
  // steps count above), "超过30秒，每…" (the clause's own region is above).
  let regionAbove: boolean | null = null;
  for (const seg of splitClauses(before)) {
    const { condition, rest } = parseCondition(seg);
    if (!condition) continue;
    const b = condition.lower ?? condition.upper;
    if (!b || (condition.lower && condition.upper) || (threshold !== null && b.value !== threshold)) {
      return {
        kind: 'refused',
        reason: t(
          '分档与每…加扣分组合在一起：请改写成分段插值或公式',
          'bands combined with a per-unit clause: write it as interpolation or a formula',
        ),
      };
    }
    threshold = b.value;
    thresholdPercent = condition.percent;
    thresholdIsTarget = condition.targetWord;
    const v = parseValue(rest);
    if (v?.kind === 'linear') {
      return {
        kind: 'refused',
        reason: t(
          '按比例计分与每…加扣分组合在一起：请写成公式',
          'proportional scoring combined with a per-unit clause: write it as a formula',
        ),
      };
    }
    if (v?.kind === 'points' && v.points !== input.points) base = { points: v.points };
    regionAbove = v ? Boolean(condition.upper) : Boolean(condition.lower);
  }
  if (regionAbove !== null) {
    for (const c of clauses) if (c.implicit) c.direction = regionAbove ? 'above' : 'below';
  }
  const baseWord = /(?:基础分|基本分|底分|基准分)(?:为)?\s*(\d+(?:\.\d+)?)\s*分?/.exec(text);
  if (baseWord) {
    const v = toNumber(baseWord[1]!);
    base = v === input.points ? 'full' : { points: v };
  }

  const counted = first.direction === 'counted' || COUNT_UNIT.test(first.unit);
  const pointUnit = /百分点|个点/.test(first.unit);
  // ‰ is written for small rates in the rate's own units; only % raises the percent-of-target question
  const pctUnit = first.unit === '%';
  const rateUnit = pctUnit || pointUnit || first.unit === '‰';

  let on: PerUnitRule['on'] = 'actual';
  let reference: PerUnitRule['reference'];
  let stepOfChoices: PerUnitRule['stepOf'][];
  const adds = clauses.every((c) => c.perStep > 0);
  // Against the target, "%" is percent of the target for amounts, and either reading for rates.
  const againstTarget = (): PerUnitRule['stepOf'][] => {
    if (pointUnit) return ['absolute'];
    if (pctUnit && ctx.mentionsCompletion) return ['target'];
    if (pctUnit && ctx.isRate) return ['absolute', 'target'];
    if (pctUnit) return ['target'];
    return ['absolute'];
  };

  if (thresholdIsTarget || (threshold !== null && input.target !== null && threshold === input.target)) {
    reference = 'target';
    stepOfChoices = againstTarget();
  } else if (threshold !== null) {
    const completionThreshold =
      thresholdPercent && (ctx.mentionsCompletion || (!ctx.isRate && input.target !== null));
    if (completionThreshold && threshold === 1) {
      reference = 'target';
      stepOfChoices = pctUnit || pointUnit ? ['target'] : ['absolute'];
    } else if (completionThreshold) {
      on = 'completion';
      reference = { value: threshold };
      stepOfChoices = ['absolute'];
    } else {
      reference = threshold === 0 ? 'zero' : { value: threshold };
      stepOfChoices = ['absolute'];
      if (pctUnit && ctx.isRate) {
        notes.push(
          t('对照写明的比率，"%"按百分点读', 'against a stated rate, "%" is read as percentage points'),
        );
      }
    }
  } else if (first.refWord || (input.target !== null && (!counted || first.direction === 'below'))) {
    if (!first.refWord) {
      notes.push(t('未写对照值：按目标值读', 'no reference stated: read as the target'));
    }
    if (input.target === null) {
      return {
        kind: 'refused',
        reason: t('按目标加扣分，但没有目标值', 'adds or deducts against the target, but no target is given'),
      };
    }
    reference = 'target';
    stepOfChoices = againstTarget();
  } else if (counted || (adds && input.target === null && !rateUnit)) {
    // 每出现一次 counts events from zero; 每满1万元加1分 with no target counts from zero as well.
    reference = 'zero';
    stepOfChoices = ['absolute'];
    if (adds && base === 'full' && !baseWord) {
      base = { points: 0 };
      notes.push(
        t('从0分起加分（每…加分且无目标）', 'points start at 0 (per-unit additions with no target)'),
      );
    }
  } else {
    return {
      kind: 'refused',
      reason: t(
        '没写从哪个数开始加扣分（目标或标准值）',
        'the reference is not stated (target or a stated value) and there is no target',
      ),
    };
  }

  // Direction and per-step points from the clauses (both sides when two clauses point opposite ways).
  let perStepAbove: number | undefined;
  let perStepBelow: number | undefined;
  for (const c of clauses) {
    const dir = c.direction === 'counted' ? 'above' : c.direction;
    if (Math.abs(c.step - first.step) > 1e-12) {
      return {
        kind: 'refused',
        reason: t('两条每…分的步长不同', 'the per-unit clauses use different steps'),
      };
    }
    if (dir === 'above') perStepAbove = c.perStep;
    else perStepBelow = c.perStep;
  }
  const direction: PerUnitRule['direction'] =
    perStepAbove !== undefined && perStepBelow !== undefined
      ? 'both'
      : perStepAbove !== undefined
        ? 'above'
        : 'below';

  const partialWord = partialOf(text);
  if (partialWord === 'round-up') {
    return {
      kind: 'refused',
      reason: t(
        '不足一步按一步计（向上取整）或四舍五入：规则只有"整步"或"按比例"两种',
        'partial steps round up (不足…按…计) or to nearest: the rule knows only whole steps or prorated',
      ),
    };
  }
  const integerCounts = counted && Number.isInteger(first.step) && first.step === 1;
  const partialChoices: Partial[] = partialWord
    ? [partialWord]
    : integerCounts
      ? ['whole']
      : ['whole', 'prorated'];

  let floor = floorOf(text, input.points);
  const deducts = (perStepAbove ?? 0) < 0 || (perStepBelow ?? 0) < 0;
  if (floor === null) {
    floor = 'none';
    if (deducts)
      notes.push(t('未写扣分下限：不设下限（检查时会警告）', 'no floor stated: none (the linter warns)'));
  }
  const caps = capsOf(text);
  const rule: PerUnitRule = {
    type: 'per-unit',
    on,
    reference,
    direction,
    step: first.step,
    stepOf: stepOfChoices[0]!,
    partial: partialChoices[0]!,
    ...(perStepAbove !== undefined ? { perStepAbove } : {}),
    ...(perStepBelow !== undefined ? { perStepBelow } : {}),
    base,
    floor,
  };
  if (caps.maxDeduction !== undefined) rule.maxDeduction = caps.maxDeduction;
  if (caps.maxAddition !== undefined) rule.maxAddition = caps.maxAddition;
  else if (caps.maxTotal !== undefined && (perStepAbove ?? 0) > 0) {
    const basePoints = base === 'full' ? input.points : base.points;
    if (caps.maxTotal > basePoints) rule.maxAddition = caps.maxTotal - basePoints;
  }

  if (stepOfChoices.length === 1 && partialChoices.length === 1) return { kind: 'read', rule, notes };

  const options: { rule: PerUnitRule; note: Text }[] = [];
  for (const stepOf of stepOfChoices) {
    for (const partial of partialChoices) {
      const parts: Text[] = [];
      if (stepOfChoices.length > 1) parts.push(STEP_OF[stepOf]);
      if (partialChoices.length > 1) parts.push(PARTIAL[partial]);
      options.push({
        rule: { ...rule, stepOf, partial },
        note: t(parts.map((p) => p.zh).join('；'), parts.map((p) => p.en).join('; ')),
      });
    }
  }
  const reasons: Text[] = [];
  if (stepOfChoices.length > 1) {
    reasons.push(
      t(
        '比率上的"每低1%"：可指1个百分点，也可指目标的1%',
        '"1%" on a rate: one percentage point, or 1% of the target',
      ),
    );
  }
  if (partialChoices.length > 1) {
    reasons.push(
      t(
        '没写不足一步的部分怎么算（整步或按比例）',
        'the text does not say how a partial step counts (whole steps or prorated)',
      ),
    );
  }
  return {
    kind: 'choices',
    options,
    reason: t(reasons.map((r) => r.zh).join('；'), reasons.map((r) => r.en).join('; ')),
    notes,
  };
}

const STEP_OF: Record<PerUnitRule['stepOf'], Text> = {
  absolute: t('1% = 1个百分点', '1% = one percentage point'),
  target: t('1% = 目标值的1%', '1% = 1% of the target'),
};
const PARTIAL: Record<Partial, Text> = {
  whole: t('只算整步，不足一步不计', 'whole steps only; a partial step does not count'),
  prorated: t('不足一步按比例计算', 'partial steps prorated'),
};
