/**
 * Forced distribution (强制分布): how many people each grade may hold in a group, by the largest-remainder
 * method, and which grade the quota allows each person when the group is ranked by total.
 *
 * 27 people at 20/70/10: exact quotas 5.4 / 18.9 / 2.7 → floors 5 / 18 / 2 (25), the two seats left go to
 * the largest remainders .9 and .7 → 5 / 19 / 3. Groups smaller than the declared minimum are flagged
 * (pool them with another team, or do not apply the quota). People tied on the total across a quota
 * boundary are flagged too: the quota cannot separate them, a person must.
 */
import type { Text } from '../text.ts';
import type { DistributionSpec } from './types.ts';

export interface DistributionPerson {
  employee: string;
  total: number;
  /** grade from the bands, before the quota */
  grade: string | null;
}

export interface DistributionResult {
  size: number;
  counts: { grade: string; share: number; exact: number; allowed: number; actual: number }[];
  /** per person, ranked best first: the grade the quota allows */
  ranked: { employee: string; total: number; grade: string | null; allowed: string; withinQuota: boolean }[];
  tooSmall: boolean;
  /** ties across a quota boundary */
  ties: { employees: string[]; total: number; grades: string[] }[];
  notes: Text[];
}

/** Integer seats per share summing exactly to n (largest remainder, ties to the earlier, better grade). */
export function largestRemainderCounts(n: number, shares: readonly number[]): number[] {
  const exact = shares.map((s) => n * s);
  const floors = exact.map((e) => Math.floor(e + 1e-9));
  let left = n - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, rem: e - floors[i]! })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = floors[i]! + 1;
    left--;
  }
  return floors;
}

export function applyDistribution(
  people: readonly DistributionPerson[],
  spec: DistributionSpec,
): DistributionResult {
  const size = people.length;
  const shares = spec.quotas.map((q) => q.share);
  const allowed = largestRemainderCounts(size, shares);
  const ranked = people
    .map((p, idx) => ({ p, idx }))
    .sort((a, b) => b.p.total - a.p.total || a.idx - b.idx)
    .map(({ p }) => p);
  const seats: string[] = [];
  spec.quotas.forEach((q, i) => {
    for (let k = 0; k < allowed[i]!; k++) seats.push(q.grade);
  });
  const rankedOut = ranked.map((p, i) => ({
    employee: p.employee,
    total: p.total,
    grade: p.grade,
    allowed: seats[i]!,
    withinQuota: p.grade === seats[i],
  }));
  const ties: DistributionResult['ties'] = [];
  for (let i = 1; i < rankedOut.length; i++) {
    const a = rankedOut[i - 1]!;
    const b = rankedOut[i]!;
    if (a.total === b.total && a.allowed !== b.allowed) {
      const group = rankedOut.filter((r) => r.total === a.total);
      if (!ties.some((t) => t.total === a.total)) {
        ties.push({
          employees: group.map((g) => g.employee),
          total: a.total,
          grades: [...new Set(group.map((g) => g.allowed))],
        });
      }
    }
  }
  const tooSmall = size < spec.minGroupSize;
  const notes: Text[] = [];
  if (tooSmall) {
    notes.push({
      zh: `该组只有 ${size} 人，少于强制分布要求的 ${spec.minGroupSize} 人：请与其他团队合并计算，或不强制分布`,
      en: `this group has ${size} people, fewer than the ${spec.minGroupSize} a forced distribution needs: pool it with another team or do not apply the quota`,
    });
  }
  for (const t of ties) {
    notes.push({
      zh: `${t.employees.join('、')} 总分同为 ${t.total}，跨越名额分界（${t.grades.join('/')}），需人工决定`,
      en: `${t.employees.join(', ')} share the total ${t.total} across a quota boundary (${t.grades.join('/')}): a person must decide`,
    });
  }
  return {
    size,
    counts: spec.quotas.map((q, i) => ({
      grade: q.grade,
      share: q.share,
      exact: size * q.share,
      allowed: allowed[i]!,
      actual: people.filter((p) => p.grade === q.grade).length,
    })),
    ranked: rankedOut,
    tooSmall,
    ties,
    notes,
  };
}
