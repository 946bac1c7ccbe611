/**
 * 每…加/扣…分 (per-unit add/deduct), the commonest shape of real sheets, with every parameter declared.
 *
 *   diff   = value − reference                      (value: the actual, or completion)
 *   diff'  = diff (absolute: percentage points, counts) or diff / |reference| (percent of target)
 *   steps  = diff' / step, whole steps (floor) or prorated
 *   points = base + Σ steps × per-step points, additions ≤ maxAddition, deductions ≤ maxDeduction, ≥ floor
 *
 * "每高于目标0.5%扣2分，最低扣至0分" on a complaint rate with target 5%, actual 6.2%:
 * diff 1.2 pp → 2 whole steps of 0.5 pp → 10 − 4 = 6 (prorated: 2.4 steps → 10 − 4.8 = 5.2).
 */
import type { Problem } from '../../errors.ts';
import { n, pct } from '../../trace.ts';
import { basisValue, pointsText, type RuleImpl, RuleInputError, snap } from '../rule.ts';
import type { PerUnitRule } from '../types.ts';

export function perUnitBase(rule: PerUnitRule, full: number): number {
  return rule.base === 'full' ? full : rule.base.points;
}

export function perUnitFloor(rule: PerUnitRule, full: number): number | undefined {
  if (rule.floor === 'none') return undefined;
  if ('points' in rule.floor) return rule.floor.points;
  return rule.floor.fractionOfFull * full;
}

function referenceOf(rule: PerUnitRule, target: number | undefined): number {
  if (rule.reference === 'zero') return 0;
  if (rule.reference === 'target') {
    if (rule.on === 'completion') return 1;
    if (target === undefined)
      throw new RuleInputError({
        zh: '以目标为基准，但没有目标值',
        en: 'the reference is the target and none is set',
      });
    return target;
  }
  return rule.reference.value;
}

export const perUnit: RuleImpl<PerUnitRule> = {
  describe(rule) {
    const unit = rule.stepOf === 'absolute' ? '' : '（目标的百分比）';
    const unitEn = rule.stepOf === 'absolute' ? '' : ' (percent of the reference)';
    const parts: string[] = [];
    const partsEn: string[] = [];
    const stepText = rule.stepOf === 'target' || rule.on === 'completion' ? pct(rule.step) : n(rule.step);
    if (rule.perStepAbove !== undefined) {
      parts.push(
        `每高于基准${stepText}${unit}${rule.perStepAbove >= 0 ? '加' : '扣'}${n(Math.abs(rule.perStepAbove))}分`,
      );
      partsEn.push(
        `${rule.perStepAbove >= 0 ? '+' : '−'}${n(Math.abs(rule.perStepAbove))} per ${stepText}${unitEn} above`,
      );
    }
    if (rule.perStepBelow !== undefined) {
      parts.push(
        `每低于基准${stepText}${unit}${rule.perStepBelow >= 0 ? '加' : '扣'}${n(Math.abs(rule.perStepBelow))}分`,
      );
      partsEn.push(
        `${rule.perStepBelow >= 0 ? '+' : '−'}${n(Math.abs(rule.perStepBelow))} per ${stepText}${unitEn} below`,
      );
    }
    parts.push(rule.partial === 'whole' ? '不足一档不计' : '不足一档按比例');
    partsEn.push(rule.partial === 'whole' ? 'whole steps only' : 'partial steps prorated');
    if (rule.maxDeduction !== undefined) {
      parts.push(`最多扣${n(rule.maxDeduction)}分`);
      partsEn.push(`deduct at most ${n(rule.maxDeduction)}`);
    }
    if (rule.maxAddition !== undefined) {
      parts.push(`最多加${n(rule.maxAddition)}分`);
      partsEn.push(`add at most ${n(rule.maxAddition)}`);
    }
    if (rule.floor === 'none') {
      parts.push('无下限');
      partsEn.push('no floor');
    } else if ('points' in rule.floor) {
      parts.push(rule.floor.points === 0 ? '扣完为止' : `最低${n(rule.floor.points)}分`);
      partsEn.push(`floor ${n(rule.floor.points)}`);
    } else {
      parts.push(`最低不低于满分的${pct(rule.floor.fractionOfFull)}`);
      partsEn.push(`floor ${pct(rule.floor.fractionOfFull)} of full points`);
    }
    return { zh: `按档加扣分（${parts.join('，')}）`, en: `per-unit add/deduct (${partsEn.join(', ')})` };
  },
  score(rule, x, sink) {
    const value = basisValue(rule.on, x, sink);
    const ref = referenceOf(rule, x.target);
    const show = (q: number) => (rule.on === 'completion' || x.asPercent ? pct(q) : n(q));
    let diff = value - ref;
    if (rule.stepOf === 'target') {
      if (ref === 0)
        throw new RuleInputError({
          zh: '基准为0，无法按目标的百分比计档',
          en: 'the reference is 0: steps in percent of it are undefined',
        });
      diff = diff / Math.abs(ref);
    }
    const base = perUnitBase(rule, x.full);
    let above = 0;
    let below = 0;
    if (diff > 0 && rule.perStepAbove !== undefined) above = snap(diff / rule.step);
    if (diff < 0 && rule.perStepBelow !== undefined) below = snap(-diff / rule.step);
    if (rule.partial === 'whole') {
      above = Math.floor(above);
      below = Math.floor(below);
    }
    if (sink) {
      const diffText = rule.stepOf === 'target' ? pct(diff) : show(diff);
      sink.step(
        `与基准 ${show(ref)} 相差 ${diffText}${rule.stepOf === 'target' ? '（按基准的百分比）' : ''}，每档 ${rule.stepOf === 'target' ? pct(rule.step) : show(rule.step)}`,
        `difference from the reference ${show(ref)}: ${diffText}${rule.stepOf === 'target' ? ' (percent of the reference)' : ''}, step ${rule.stepOf === 'target' ? pct(rule.step) : show(rule.step)}`,
      );
      const steps = above || below;
      sink.step(
        `${rule.partial === 'whole' ? '按整档' : '按比例'}计 ${n(steps, 4)} 档${diff > 0 ? '（高于基准）' : diff < 0 ? '（低于基准）' : ''}`,
        `${n(steps, 4)} ${rule.partial === 'whole' ? 'whole' : 'prorated'} steps${diff > 0 ? ' above' : diff < 0 ? ' below' : ''}`,
      );
    }
    const deltaAbove = above * (rule.perStepAbove ?? 0);
    const deltaBelow = below * (rule.perStepBelow ?? 0);
    let addition = Math.max(0, deltaAbove) + Math.max(0, deltaBelow);
    let deduction = -Math.min(0, deltaAbove) - Math.min(0, deltaBelow);
    if (rule.maxAddition !== undefined && addition > rule.maxAddition) {
      addition = rule.maxAddition;
      if (sink) sink.step(`加分以${n(addition)}分为上限`, `addition capped at ${n(addition)}`);
    }
    if (rule.maxDeduction !== undefined && deduction > rule.maxDeduction) {
      deduction = rule.maxDeduction;
      if (sink) sink.step(`扣分以${n(deduction)}分为上限`, `deduction capped at ${n(deduction)}`);
    }
    let points = base + addition - deduction;
    if (sink) {
      sink.step(
        `${pointsText(base)}${addition ? ` + ${pointsText(addition)}` : ''}${deduction ? ` − ${pointsText(deduction)}` : ''} = ${pointsText(points)}`,
        `${pointsText(base)}${addition ? ` + ${pointsText(addition)}` : ''}${deduction ? ` − ${pointsText(deduction)}` : ''} = ${pointsText(points)}`,
      );
    }
    const floor = perUnitFloor(rule, x.full);
    if (floor !== undefined && points < floor) {
      points = floor;
      if (sink)
        sink.step(`不低于下限 ${pointsText(floor)} 分`, `not below the floor of ${pointsText(floor)}`);
    }
    return points;
  },
  direction(rule) {
    const a = rule.perStepAbove ?? 0;
    const b = rule.perStepBelow ?? 0;
    // more value → more steps above (sign a) and fewer steps below (sign −b)
    if (a >= 0 && b <= 0) return a === 0 && b === 0 ? 'mixed' : 'higher';
    if (a <= 0 && b >= 0) return 'lower';
    return 'target';
  },
  lint(rule, ind, path) {
    const out: Problem[] = [];
    const where = { path };
    const wantAbove = rule.direction !== 'below';
    const wantBelow = rule.direction !== 'above';
    if (wantAbove !== (rule.perStepAbove !== undefined) || wantBelow !== (rule.perStepBelow !== undefined)) {
      out.push({
        severity: 'error',
        code: 'per_unit_direction',
        message: {
          zh: `方向为“${rule.direction}”，但每档分值与之不符（高于: ${rule.perStepAbove ?? '无'}，低于: ${rule.perStepBelow ?? '无'}）`,
          en: `direction is "${rule.direction}" but the per-step points do not match (above: ${rule.perStepAbove ?? 'none'}, below: ${rule.perStepBelow ?? 'none'})`,
        },
        where,
      });
    }
    if (!(rule.step > 0)) {
      out.push({
        severity: 'error',
        code: 'per_unit_step',
        message: { zh: '每档大小必须大于0', en: 'the step must be greater than 0' },
        where: { path: `${path}.step` },
      });
    }
    const base = perUnitBase(rule, ind.weight);
    const floor = perUnitFloor(rule, ind.weight);
    const canDeduct = (rule.perStepAbove ?? 0) < 0 || (rule.perStepBelow ?? 0) < 0;
    const canAdd = (rule.perStepAbove ?? 0) > 0 || (rule.perStepBelow ?? 0) > 0;
    if (rule.floor === 'none' && canDeduct && rule.maxDeduction === undefined) {
      out.push({
        severity: 'warning',
        code: 'per_unit_no_floor',
        message: {
          zh: `指标“${ind.name.zh}”没有下限也没有扣分上限，扣分可以超过该指标的分值`,
          en: `indicator "${ind.name.en}" has neither a floor nor a deduction cap: deductions can exceed the indicator`,
        },
        where: { path: `${path}.floor` },
        fix: {
          zh: '写明“扣完为止”（floor: 0）或“最高扣N分”',
          en: 'declare floor: 0 (扣完为止) or maxDeduction',
        },
      });
    }
    if (canAdd && rule.maxAddition === undefined) {
      out.push({
        severity: 'warning',
        code: 'per_unit_no_addition_cap',
        message: {
          zh: `指标“${ind.name.zh}”的加分没有上限`,
          en: `indicator "${ind.name.en}" has no cap on additions`,
        },
        where: { path: `${path}.maxAddition` },
        fix: { zh: '写明“最高加N分”', en: 'declare maxAddition' },
      });
    }
    if (rule.maxDeduction !== undefined && floor !== undefined && base - floor < rule.maxDeduction) {
      out.push({
        severity: 'warning',
        code: 'per_unit_unreachable_cap',
        message: {
          zh: `扣分上限 ${n(rule.maxDeduction)} 永远达不到：从 ${n(base)} 分最多扣到下限 ${n(floor)} 分`,
          en: `the deduction cap ${n(rule.maxDeduction)} can never be reached: from ${n(base)} the floor ${n(floor)} stops first`,
        },
        where: { path: `${path}.maxDeduction` },
      });
    }
    if (rule.maxDeduction !== undefined && !canDeduct) {
      out.push({
        severity: 'warning',
        code: 'per_unit_unreachable_cap',
        message: {
          zh: '规定了扣分上限，但规则从不扣分',
          en: 'a deduction cap is declared but the rule never deducts',
        },
        where: { path: `${path}.maxDeduction` },
      });
    }
    if (rule.maxAddition !== undefined && !canAdd) {
      out.push({
        severity: 'warning',
        code: 'per_unit_unreachable_cap',
        message: {
          zh: '规定了加分上限，但规则从不加分',
          en: 'an addition cap is declared but the rule never adds',
        },
        where: { path: `${path}.maxAddition` },
      });
    }
    if (rule.maxDeduction !== undefined && rule.maxDeduction > ind.weight && floor === undefined) {
      out.push({
        severity: 'warning',
        code: 'deduction_exceeds_indicator',
        message: {
          zh: `最多可扣 ${n(rule.maxDeduction)} 分，超过该指标的 ${n(ind.weight)} 分`,
          en: `up to ${n(rule.maxDeduction)} points can be deducted, more than the indicator's ${n(ind.weight)}`,
        },
        where: { path: `${path}.maxDeduction` },
      });
    }
    return out;
  },
};
