/**
 * Band tables (区间法): "100%以上得20分;90%-100%得15分;80%以下不得分", "≥220 100;220>X≥180 60",
 * "95%-99%: 8分; 90%-94%: 6分", "[100%,90%) 15分".
 *
 * Where the wording leaves a choice, every choice becomes a reading: two dash ranges sharing an end
 * (which row gets exactly 90%?), integer-percent rows leaving 99.5% in no row (as written, or half-open
 * intervals), 超过120%以上 (is 120% itself in?). Rows overlapping beyond a shared end are refused: the
 * sheet gives two values for the same figure.
 */
import { t } from '../../text.ts';
import type { Band, BandsRule, Interval } from '../types.ts';
import { type Bound, type Condition, type Row, splitRows } from './conditions.ts';
import type { Outcome, ReadContext } from './reader-types.ts';

interface WorkRow {
  lower?: Bound;
  upper?: Bound;
  value: number;
  text: string;
  contradictory?: 'lower' | 'upper';
}

type Transform = (rows: WorkRow[]) => WorkRow[];
interface Choice {
  name: string;
  options: { note: { zh: string; en: string }; apply: Transform }[];
}

const clone = (rows: WorkRow[]): WorkRow[] =>
  rows.map((r) => ({
    ...r,
    lower: r.lower ? { ...r.lower } : undefined,
    upper: r.upper ? { ...r.upper } : undefined,
  }));

function toInterval(r: WorkRow): Interval {
  const w: Interval = {};
  if (r.lower) w[r.lower.inclusive ? 'gte' : 'gt'] = r.lower.value;
  if (r.upper) w[r.upper.inclusive ? 'lte' : 'lt'] = r.upper.value;
  return w;
}

function lo(r: WorkRow): number {
  return r.lower ? r.lower.value : Number.NEGATIVE_INFINITY;
}
function hi(r: WorkRow): number {
  return r.upper ? r.upper.value : Number.POSITIVE_INFINITY;
}

/** Smallest step the numbers are written in: "94%" → 0.01, "4.5" → 0.1, "180" → 1. */
function granularity(b: Bound): number {
  const m = /^(\d+)(?:\.(\d+))?(%|‰)?$/.exec(b.written);
  const decimals = m?.[2]?.length ?? 0;
  const scale = m?.[3] === '%' ? 100 : m?.[3] === '‰' ? 1000 : 1;
  return 10 ** -decimals / scale;
}

const near = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/** Overlap of two rows beyond a single shared point. */
function overlaps(a: WorkRow, b: WorkRow): boolean {
  const low = Math.max(lo(a), lo(b));
  const high = Math.min(hi(a), hi(b));
  if (low < high - 1e-12) return true;
  if (!near(low, high)) return false;
  const has = (r: WorkRow, x: number) =>
    (lo(r) < x || (r.lower?.inclusive ?? true)) && (hi(r) > x || (r.upper?.inclusive ?? true));
  return has(a, low) && has(b, low);
}

export function readBands(ctx: ReadContext, preRows?: Row[]): Outcome | null {
  const { input } = ctx;
  const rows = preRows ?? splitRows(ctx.text);
  const table = rows.filter((r) => r.condition && r.value);
  if (table.length === 0) return null;
  if (rows.some((r) => r.condition && r.value?.kind === 'linear')) return null;
  const elseRow = rows.find((r) => r.isElse && r.value);
  const notes: { zh: string; en: string }[] = [];

  const anyPercent = table.some((r) => r.condition!.percent);
  const targetWord = table.some((r) => r.condition!.targetWord);
  const onCompletion =
    targetWord ||
    (anyPercent && (ctx.mentionsCompletion || (input.target !== null && !ctx.isRate)));

  // Values: points, or percent of full points when they run past the indicator's points (a 100-scale).
  const raws = table.map((r) => r.value!);
  const numeric = raws.flatMap((v) => (v.kind === 'points' ? [v.points] : []));
  const maxValue = Math.max(0, ...numeric);
  const percentScale = maxValue > input.points;
  if (percentScale && maxValue > 100) {
    return {
      kind: 'refused',
      reason: t(
        `分值${maxValue}超过满分${input.points}，也不是百分制`,
        `a band value (${maxValue}) exceeds the indicator's full points (${input.points}) and is not on a 100 scale`,
      ),
    };
  }
  if (percentScale) {
    notes.push(
      t(
        `各档分值最高${maxValue}，超过满分${input.points}：按百分制（满分的百分比）读`,
        `band values run up to ${maxValue}, above the full points ${input.points}: read as percent of the full points`,
      ),
    );
  }
  const full = percentScale ? 100 : input.points;
  const valueOf = (v: NonNullable<Row['value']>): number => {
    if (v.kind === 'points') return v.points;
    if (v.kind === 'full') return full;
    if (v.kind === 'deduct') return full - v.points;
    if (v.kind === 'fraction-of-full') return Number((full * v.fraction).toPrecision(12));
    return Number.NaN;
  };

  const work: WorkRow[] = table.map((r) => {
    const c = r.condition as Condition;
    const w: WorkRow = { value: valueOf(r.value!), text: r.text };
    if (c.lower) w.lower = { ...c.lower };
    if (c.upper) w.upper = { ...c.upper };
    if (c.contradictory) w.contradictory = c.contradictory;
    return w;
  });

  // Unstated ends next to a stated end of another row: the stated word decides (100%以上 takes 100%).
  const shared: [number, 'lower' | 'upper'][] = [];
  work.forEach((r, i) => {
    for (const end of ['lower', 'upper'] as const) {
      const b = r[end];
      if (!b || b.stated) continue;
      const other = end === 'lower' ? 'upper' : 'lower';
      const neighbour = work.find((o, j) => j !== i && o[other] && near(o[other]!.value, b.value));
      if (!neighbour) continue;
      const nb = neighbour[other]!;
      if (nb.stated) b.inclusive = !nb.inclusive;
      else if (end === 'upper') shared.push([i, end]);
    }
  });

  const choices: Choice[] = [];
  if (shared.length > 0) {
    const point = shared.map(([i]) => work[i]!.upper!.written).join('、');
    choices.push({
      name: 'shared',
      options: [
        {
          note: t(`相邻两档共用的端点（${point}）归高的一档`, `a shared end (${point}) belongs to the higher row`),
          apply: (rows) => {
            for (const [i] of shared) rows[i]!.upper!.inclusive = false;
            return rows;
          },
        },
        {
          note: t(`相邻两档共用的端点（${point}）归低的一档`, `a shared end (${point}) belongs to the lower row`),
          apply: (rows) => {
            for (const [i] of shared) {
              const x = rows[i]!.upper!.value;
              for (const r of rows) if (r.lower && !r.lower.stated && near(r.lower.value, x)) r.lower.inclusive = false;
            }
            return rows;
          },
        },
      ],
    });
  }

  work.forEach((r, i) => {
    if (!r.contradictory) return;
    const end = r.contradictory;
    const b = r[end]!;
    choices.push({
      name: `contradictory-${i}`,
      options: [
        {
          note: t(`"${r.text}"：${b.written}本身不算（按"超过/低于"）`, `"${r.text}": ${b.written} itself excluded (as 超过/低于)`),
          apply: (rows) => {
            rows[i]![end]!.inclusive = false;
            return rows;
          },
        },
        {
          note: t(`"${r.text}"：${b.written}本身算（按"以上/以下"）`, `"${r.text}": ${b.written} itself included (as 以上/以下)`),
          apply: (rows) => {
            rows[i]![end]!.inclusive = true;
            return rows;
          },
        },
      ],
    });
  });

  // Integer-percent gaps: "95%-99%" then "90%-94%" leaves (94%, 95%) in no row.
  const sorted = [...work.keys()].sort((a, b) => lo(work[a]!) - lo(work[b]!));
  const gaps: { below: number; above: number }[] = [];
  for (let k = 0; k + 1 < sorted.length; k++) {
    const a = work[sorted[k]!]!;
    const b = work[sorted[k + 1]!]!;
    if (!a.upper || !b.lower || !a.upper.inclusive || !b.lower.inclusive) continue;
    const g = Math.max(granularity(a.upper), granularity(b.lower));
    if (near(b.lower.value - a.upper.value, g)) gaps.push({ below: sorted[k]!, above: sorted[k + 1]! });
  }
  if (gaps.length > 0) {
    const list = gaps.map((g) => `${work[g.below]!.upper!.written}~${work[g.above]!.lower!.written}`).join('、');
    choices.push({
      name: 'gaps',
      options: [
        {
          note: t(`按字面：${list}之间的数不在任何一档（得"其他"分）`, `as written: figures between ${list} fall in no row (else value)`),
          apply: (rows) => rows,
        },
        {
          note: t(`半开区间：每档延伸到上一档的下限（[90%,95%)）`, `half-open: each row runs up to the next row's lower end ([90%, 95%))`),
          apply: (rows) => {
            for (const g of gaps) {
              const up = rows[g.above]!.lower!;
              rows[g.below]!.upper = { ...up, inclusive: false };
            }
            return rows;
          },
        },
      ],
    });
  }

  // Overlaps beyond a shared end cannot be read: the sheet gives two values for one figure.
  for (let i = 0; i < work.length; i++) {
    for (let j = i + 1; j < work.length; j++) {
      const a = work[i]!;
      const b = work[j]!;
      const strict = Math.min(hi(a), hi(b)) - Math.max(lo(a), lo(b)) > 1e-12;
      if (strict && a.value !== b.value) {
        return {
          kind: 'refused',
          reason: t(
            `"${a.text}"与"${b.text}"重叠：同一数值对应两个分数，请改正区间`,
            `rows "${a.text}" and "${b.text}" overlap: one figure gets two values; fix the intervals`,
          ),
        };
      }
    }
  }

  let elseValue = 0;
  if (elseRow?.value) elseValue = valueOf(elseRow.value);

  const build = (rows: WorkRow[]): BandsRule => {
    const bands: Band[] = rows
      .map((r) => ({ when: toInterval(r), value: r.value, text: r.text }))
      .sort((a, b) => (b.when.gte ?? b.when.gt ?? -1e300) - (a.when.gte ?? a.when.gt ?? -1e300));
    return { type: 'bands', on: onCompletion ? 'completion' : 'actual', unit: percentScale ? 'percent' : 'points', bands, else: elseValue };
  };

  if (!elseRow) {
    const rule = build(clone(work));
    if (!coversLine(rule.bands)) {
      notes.push(t('未写"其他"情况的分数：不在任何一档的数值得0分', 'no else value written: figures in no row score 0'));
    }
  }

  if (choices.length === 0) return { kind: 'read', rule: build(clone(work)), notes };
  // The cartesian product of the choices, at most 8 readings.
  let combos: { rows: WorkRow[]; notes: { zh: string; en: string }[] }[] = [{ rows: clone(work), notes: [] }];
  for (const c of choices) {
    combos = combos.flatMap((cb) =>
      c.options.map((o) => ({ rows: o.apply(clone(cb.rows)), notes: [...cb.notes, o.note] })),
    );
  }
  combos = combos.slice(0, 8);
  const reasons = choices.map((c) => REASONS[c.name.replace(/-\d+$/, '') as keyof typeof REASONS]);
  return {
    kind: 'choices',
    options: combos.map((cb) => ({
      rule: build(cb.rows),
      note: t(cb.notes.map((n) => n.zh).join('；'), cb.notes.map((n) => n.en).join('; ')),
    })),
    reason: t(reasons.map((r) => r.zh).join('；'), reasons.map((r) => r.en).join('; ')),
    notes,
  };
}

const REASONS = {
  shared: t('两档区间共用一个端点，没写这个点归哪一档', 'two rows share an end and the text does not say which row it belongs to'),
  contradictory: t('"超过…以上"/"低于…以下"自相矛盾：端点是否包含说法不一', '"超过…以上"/"低于…以下" contradicts itself on whether the end is included'),
  gaps: t('整数百分比分档留有空隙（如99.5%不在任何一档）', 'integer-percent rows leave gaps (e.g. 99.5% is in no row)'),
};

/** Whether the bands leave no figure uncovered (so the else value never applies). */
function coversLine(bands: Band[]): boolean {
  const ivs = bands
    .map((b) => ({
      lo: b.when.gte ?? b.when.gt ?? Number.NEGATIVE_INFINITY,
      loIn: b.when.gt === undefined,
      hi: b.when.lte ?? b.when.lt ?? Number.POSITIVE_INFINITY,
      hiIn: b.when.lt === undefined,
    }))
    .sort((a, b) => a.lo - b.lo);
  let reach = Number.NEGATIVE_INFINITY;
  let reachIn = true;
  for (const iv of ivs) {
    if (iv.lo > reach || (near(iv.lo, reach) && !reachIn && !iv.loIn)) return false;
    if (iv.hi > reach || (near(iv.hi, reach) && iv.hiIn)) {
      reach = iv.hi;
      reachIn = iv.hiIn;
    }
  }
  return reach === Number.POSITIVE_INFINITY;
}
