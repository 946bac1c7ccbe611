/**
 * Sheets that score every indicator out of 100 and then weight it (分值 100, 权重 20%) read their 评分标准
 * on the 100 scale. Rules that give a fraction of the full points (linear, gate, reverse, closer,
 * pass-fail with default values) mean the same on any scale; a band table in points becomes a band table
 * in percent of the full points. Anything else (per-unit: "每…扣2分" of 100 is not 2 of 20) cannot be
 * carried over without a person's word: `rescaleRule` returns null and the draft keeps it unresolved.
 */
import type { Rule } from '../types.ts';

export function rescaleRule(rule: Rule, readOn: number): Rule | null {
  switch (rule.type) {
    case 'linear':
    case 'reverse':
    case 'closer':
      return rule;
    case 'pass-fail':
      return rule.pass === undefined && (rule.fail === undefined || rule.fail === 0) ? rule : null;
    case 'gate': {
      if (rule.else !== undefined && rule.else !== 0) return null;
      const then = rescaleRule(rule.then, readOn);
      return then ? { ...rule, then } : null;
    }
    case 'bands': {
      if (rule.unit === 'percent') return rule;
      const pct = (v: number) => Number(((v / readOn) * 100).toPrecision(12));
      return {
        ...rule,
        unit: 'percent',
        bands: rule.bands.map((b) => ({ ...b, value: pct(b.value) })),
        else: pct(rule.else),
      };
    }
    default:
      return null;
  }
}
