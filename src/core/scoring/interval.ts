/**
 * Intervals with each end's inclusion explicit (区间). Chinese usage (民法典 第1259条): 以上/以下/以内
 * include the number, 超过/不满 exclude it; the words are generated from the bounds for every trace.
 */
import type { Text } from '../text.ts';
import { pct } from '../trace.ts';
import { parseQuantity } from './quantity.ts';
import type { Interval } from './types.ts';

export function contains(iv: Interval, x: number): boolean {
  if (iv.gte !== undefined && !(x >= iv.gte)) return false;
  if (iv.gt !== undefined && !(x > iv.gt)) return false;
  if (iv.lte !== undefined && !(x <= iv.lte)) return false;
  if (iv.lt !== undefined && !(x < iv.lt)) return false;
  return true;
}

/** Lower bound and whether it is included (-Infinity when open below). */
export function lower(iv: Interval): { at: number; inclusive: boolean } {
  if (iv.gte !== undefined) return { at: iv.gte, inclusive: true };
  if (iv.gt !== undefined) return { at: iv.gt, inclusive: false };
  return { at: Number.NEGATIVE_INFINITY, inclusive: false };
}

export function upper(iv: Interval): { at: number; inclusive: boolean } {
  if (iv.lte !== undefined) return { at: iv.lte, inclusive: true };
  if (iv.lt !== undefined) return { at: iv.lt, inclusive: false };
  return { at: Number.POSITIVE_INFINITY, inclusive: false };
}

export function isEmpty(iv: Interval): boolean {
  const lo = lower(iv);
  const hi = upper(iv);
  if (lo.at > hi.at) return true;
  if (lo.at === hi.at) return !(lo.inclusive && hi.inclusive);
  return false;
}

/** Words for an interval; `asPercent` shows fractions as percentages. @example 90%以上(含)且不满100% */
export function describeInterval(iv: Interval, asPercent: boolean): Text {
  const f = (x: number) => (asPercent ? pct(x) : String(Number(x.toPrecision(12))));
  const lo = lower(iv);
  const hi = upper(iv);
  const zh: string[] = [];
  const en: string[] = [];
  if (Number.isFinite(lo.at)) {
    zh.push(lo.inclusive ? `${f(lo.at)}以上(含)` : `超过${f(lo.at)}`);
    en.push(lo.inclusive ? `≥ ${f(lo.at)}` : `> ${f(lo.at)}`);
  }
  if (Number.isFinite(hi.at)) {
    zh.push(hi.inclusive ? `${f(hi.at)}以下(含)` : `不满${f(hi.at)}`);
    en.push(hi.inclusive ? `≤ ${f(hi.at)}` : `< ${f(hi.at)}`);
  }
  if (zh.length === 0) return { zh: '任意值', en: 'any value' };
  return { zh: zh.join('且'), en: en.join(' and ') };
}

/**
 * Parses an interval as templates write it: ">= 95", "> 1.2", "<= 35", "< 60", "[0.9, 1.0)", "(1, 1.2]",
 * "[90%, 100%)", or an object { gte, gt, lte, lt } whose values may be quantities ("90%").
 * Returns a message on failure.
 */
export function parseInterval(value: unknown): Interval | string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const out: Interval = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k !== 'gte' && k !== 'gt' && k !== 'lte' && k !== 'lt')
        return `unknown bound "${k}" (use gte, gt, lte, lt)`;
      const q = parseQuantity(v);
      if (q === undefined) return `bound ${k} is not a number: ${JSON.stringify(v)}`;
      out[k] = q;
    }
    if (out.gte !== undefined && out.gt !== undefined) return 'both gte and gt given';
    if (out.lte !== undefined && out.lt !== undefined) return 'both lte and lt given';
    return out;
  }
  if (typeof value !== 'string') return `not an interval: ${JSON.stringify(value)}`;
  const s = value
    .trim()
    .replace(/，/g, ',')
    .replace(/【/g, '[')
    .replace(/】/g, ']')
    .replace(/（/g, '(')
    .replace(/）/g, ')');
  const cmp = /^(>=|≥|>|<=|≤|<)\s*(.+)$/.exec(s);
  if (cmp) {
    const q = parseQuantity(cmp[2]);
    if (q === undefined) return `not a number: ${cmp[2]}`;
    switch (cmp[1]) {
      case '>=':
      case '≥':
        return { gte: q };
      case '>':
        return { gt: q };
      case '<=':
      case '≤':
        return { lte: q };
      default:
        return { lt: q };
    }
  }
  const br = /^([[(])\s*([^,]*)\s*,\s*([^\])]*)\s*([\])])$/.exec(s);
  if (br) {
    const out: Interval = {};
    if (br[2]!.trim() !== '' && br[2]!.trim() !== '-inf' && br[2]!.trim() !== '-∞') {
      const lo = parseQuantity(br[2]);
      if (lo === undefined) return `not a number: ${br[2]}`;
      if (br[1] === '[') out.gte = lo;
      else out.gt = lo;
    }
    const hiText = br[3]!.trim();
    if (hiText !== '' && hiText !== 'inf' && hiText !== '∞' && hiText !== '+inf' && hiText !== '+∞') {
      const hi = parseQuantity(hiText);
      if (hi === undefined) return `not a number: ${br[3]}`;
      if (br[4] === ']') out.lte = hi;
      else out.lt = hi;
    }
    return out;
  }
  return `cannot read interval "${value}" (write ">= 95", "< 60" or "[90%, 100%)")`;
}

export interface CoverageIssue {
  kind: 'gap' | 'overlap' | 'empty';
  /** indices of the intervals involved */
  rows: number[];
  /** a value that falls in the gap or the overlap */
  at: number;
  text: Text;
}

/**
 * Checks that intervals cover the line once: no gap, no overlap, no empty row. With `outer` false only
 * the gaps between rows count (a band table's `else` covers what lies below or above all rows).
 * Works on the sorted bounds; a gap between [.., a) and (a, ..] at exactly a is found too.
 */
export function coverage(ivs: readonly Interval[], asPercent: boolean, outer = true): CoverageIssue[] {
  const issues: CoverageIssue[] = [];
  const f = (x: number) => (asPercent ? pct(x) : String(x));
  ivs.forEach((iv, i) => {
    if (isEmpty(iv)) {
      const lo = lower(iv).at;
      issues.push({
        kind: 'empty',
        rows: [i],
        at: lo,
        text: {
          zh: `第${i + 1}行的区间是空的，永远不会命中`,
          en: `row ${i + 1}'s interval is empty and can never match`,
        },
      });
    }
  });
  const live = ivs.map((iv, i) => ({ iv, i })).filter(({ iv }) => !isEmpty(iv));
  // overlaps: any pair sharing a point
  for (let a = 0; a < live.length; a++) {
    for (let b = a + 1; b < live.length; b++) {
      const x = live[a]!;
      const y = live[b]!;
      const lo = maxLower(lower(x.iv), lower(y.iv));
      const hi = minUpper(upper(x.iv), upper(y.iv));
      const overlaps = lo.at < hi.at || (lo.at === hi.at && lo.inclusive && hi.inclusive);
      if (overlaps) {
        const at = Number.isFinite(lo.at) ? lo.at : Number.isFinite(hi.at) ? hi.at : 0;
        issues.push({
          kind: 'overlap',
          rows: [x.i, y.i],
          at,
          text: {
            zh: `第${x.i + 1}行与第${y.i + 1}行重叠（例如 ${f(at)} 同时落在两行）`,
            en: `rows ${x.i + 1} and ${y.i + 1} overlap (e.g. ${f(at)} falls in both)`,
          },
        });
      }
    }
  }
  // gaps: sort by lower bound and walk
  const sorted = live.slice().sort((p, q) => {
    const lp = lower(p.iv);
    const lq = lower(q.iv);
    return lp.at - lq.at || (lp.inclusive === lq.inclusive ? 0 : lp.inclusive ? -1 : 1);
  });
  let reach: { at: number; inclusive: boolean } = { at: Number.NEGATIVE_INFINITY, inclusive: false };
  let reachRow = -1;
  for (const { iv, i } of sorted) {
    const lo = lower(iv);
    const covered =
      lo.at < reach.at ||
      (lo.at === reach.at && (lo.inclusive || reach.inclusive)) ||
      (lo.at === Number.NEGATIVE_INFINITY && reach.at === Number.NEGATIVE_INFINITY);
    if (!covered && (outer || reachRow >= 0)) {
      const from = reach.at;
      const to = lo.at;
      const at = Number.isFinite(from) ? (from === to ? from : (from + to) / 2) : to - 1;
      issues.push({
        kind: 'gap',
        rows: reachRow >= 0 ? [reachRow, i] : [i],
        at,
        text: {
          zh: `${Number.isFinite(from) ? `${f(from)}与${f(to)}之间` : `低于${f(to)}`}没有区间（例如 ${f(at)}）`,
          en: `no row covers ${Number.isFinite(from) ? `between ${f(from)} and ${f(to)}` : `below ${f(to)}`} (e.g. ${f(at)})`,
        },
      });
    }
    const hi = upper(iv);
    if (hi.at > reach.at || (hi.at === reach.at && hi.inclusive && !reach.inclusive)) {
      reach = hi;
      reachRow = i;
    }
  }
  if (outer && reach.at !== Number.POSITIVE_INFINITY && live.length > 0) {
    const at = reach.inclusive ? reach.at + Math.max(Math.abs(reach.at) * 0.01, 0.01) : reach.at;
    issues.push({
      kind: 'gap',
      rows: [reachRow],
      at,
      text: {
        zh: `${reach.inclusive ? '超过' : ''}${f(reach.at)}${reach.inclusive ? '' : '及以上'}没有区间`,
        en: `nothing covers ${reach.inclusive ? 'above' : 'from'} ${f(reach.at)}${reach.inclusive ? '' : ' up'}`,
      },
    });
  }
  return issues;
}

function maxLower(a: { at: number; inclusive: boolean }, b: { at: number; inclusive: boolean }) {
  if (a.at !== b.at) return a.at > b.at ? a : b;
  return { at: a.at, inclusive: a.inclusive && b.inclusive };
}
function minUpper(a: { at: number; inclusive: boolean }, b: { at: number; inclusive: boolean }) {
  if (a.at !== b.at) return a.at < b.at ? a : b;
  return { at: a.at, inclusive: a.inclusive && b.inclusive };
}
