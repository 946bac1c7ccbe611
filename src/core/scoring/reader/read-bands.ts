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

export function readBands(ctx: ReadContext, preRows?: Row[]): Outcome | null {
  const { input } = ctx;
  const rows = preRows ?? splitRows(ctx.text);
  const table = rows.filter((r) => r.condition && r.value);
  if (table.length === 0) return null;
  if (rows.some((r) => r.condition && r.value?.kind === 'linear')) return null;
  const elseRow = rows.find((r) => r.isElse && r.value);
  // A clause that states points but is neither a row nor the else value ("被投诉1次扣5分，2次及以上0分")
  // would be silently dropped: refuse rather than read half the cell.
  const unread = rows.find((r) => !r.condition && !r.isElse && r.value && r.value.kind !== 'linear');
  if (unread) {
    return {
      kind: 'refused',
      reason: t(
        `"${unread.text}"不是一档区间，读不出它的条件`,
        `"${unread.text}" is not a band row: its condition cannot be read`,
      ),
    };
  }
  const notes: { zh: string; en: string }[] = [];

  const anyPercent = table.some((r) => r.condition!.percent);
  const targetWord = table.some((r) => r.condition!.targetWord);
  const onCompletion =
    targetWord || (anyPercent && (ctx.mentionsCompletion || (input.target !== null && !ctx.isRate)));

  // Values: points, or percent of full points when they run past the indicator's points (a 100-scale).
  const raws = table.map((r) => r.value!);
  const numeric = raws.flatMap((v) => (v.kind === 'points' ? [v.points] : []));
  const maxValue = Math.max(0, ...numeric);
  // A table topping at exactly 100 for an indicator worth less is on a 100 scale (percent of full points);
  // other values above the full points are over-achievement points and stay points.
  const percentScale = maxValue === 100 && input.points < 100;
  if (!percentScale && maxValue > input.points) {
    notes.push(
      t(
        `最高一档${maxValue}分超过满分${input.points}分：按加分读`,
        `the top value ${maxValue} exceeds the full points ${input.points}: read as over-achievement points`,
      ),
    );
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
  const bandValue = (v: NonNullable<Row['value']>): number => {
    if (v.kind === 'points') return v.points;
    if (v.kind === 'full') return full;
    if (v.kind === 'deduct') return full - v.points;
    if (v.kind === 'fraction-of-full') return Number((full * v.fraction).toPrecision(12));
    return Number.NaN;
  };

  const work: WorkRow[] = table.map((r) => {
    const c = r.condition as Condition;
    const w: WorkRow = { value: bandValue(r.value!), text: r.text };
    if (c.lower) w.lower = { ...c.lower };
    if (c.upper) w.upper = { ...c.upper };
    if (c.contradictory) w.contradictory = c.contradictory;
    return w;
  });

  cascade(work);

  // Every row gives 0 and no else value is written ("完成率不满80%不得分"): the text states only where no
  // points are given. Read alone it would score 0 for any figure, so what the rest gives is a choice.
  if (!elseRow && work.every((r) => r.value === 0)) return unstatedRest(work, onCompletion, input.points);

  // Unstated ends next to a stated end of another row: the stated word decides (100%以上 takes 100%).
  work.forEach((r, i) => {
    for (const end of ['lower', 'upper'] as const) {
      const b = r[end];
      if (!b || b.stated) continue;
      const other = end === 'lower' ? 'upper' : 'lower';
      const nb = work.find((o, j) => j !== i && o[other]?.stated && near(o[other]!.value, b.value))?.[other];
      if (nb) b.inclusive = !nb.inclusive;
    }
  });

  // A figure two rows both include (two dash ranges sharing an end, or 95%(含) and 95%以下): which row?
  const shared: { below: number; above: number; written: string }[] = [];
  work.forEach((r, i) => {
    if (!r.upper?.inclusive || r.contradictory === 'upper') return;
    work.forEach((o, j) => {
      if (j === i || !o.lower?.inclusive || o.contradictory === 'lower') return;
      if (near(o.lower.value, r.upper!.value) && r.value !== o.value) {
        shared.push({ below: i, above: j, written: r.upper!.written });
      }
    });
  });

  const choices: Choice[] = [];
  if (shared.length > 0) {
    const point = shared.map((x) => x.written).join('、');
    choices.push({
      name: 'shared',
      options: [
        {
          note: t(
            `两档都含的端点（${point}）归高的一档`,
            `a figure two rows include (${point}) belongs to the higher row`,
          ),
          apply: (rows) => {
            for (const x of shared) rows[x.below]!.upper!.inclusive = false;
            return rows;
          },
        },
        {
          note: t(
            `两档都含的端点（${point}）归低的一档`,
            `a figure two rows include (${point}) belongs to the lower row`,
          ),
          apply: (rows) => {
            for (const x of shared) rows[x.above]!.lower!.inclusive = false;
            return rows;
          },
        },
      ],
    });
  }

  work.forEach((r, i) => {
    if (!r.contradictory) return;
    const end = r.contradictory;
    const other = end === 'lower' ? 'upper' : 'lower';
    const b = r[end]!;
    // the neighbouring dash range's unstated end follows the choice, so no figure is in two rows
    const setBoth = (rows: WorkRow[], inclusive: boolean) => {
      rows[i]![end]!.inclusive = inclusive;
      for (const o of rows) {
        const ob = o[other];
        if (o !== rows[i] && ob && !ob.stated && near(ob.value, b.value)) ob.inclusive = !inclusive;
      }
      return rows;
    };
    choices.push({
      name: `contradictory-${i}`,
      options: [
        {
          note: t(
            `"${r.text}"：${b.written}本身不算（按"超过/低于"）`,
            `"${r.text}": ${b.written} itself excluded (as 超过/低于)`,
          ),
          apply: (rows) => setBoth(rows, false),
        },
        {
          note: t(
            `"${r.text}"：${b.written}本身算（按"以上/以下"）`,
            `"${r.text}": ${b.written} itself included (as 以上/以下)`,
          ),
          apply: (rows) => setBoth(rows, true),
        },
      ],
    });
  });

  // Integer-percent gaps: "95%-99%" then "90%-94%" leaves (94%, 95%) in no row; a top row ending at 99%
  // leaves 99.5% and 100% out. The half-open reading moves an unstated end, never a stated one.
  const sorted = [...work.keys()].sort((x, y) => lo(work[x]!) - lo(work[y]!));
  const fixes: Transform[] = [];
  const gapWords: string[] = [];
  for (let k = 0; k + 1 < sorted.length; k++) {
    const ia = sorted[k]!;
    const ib = sorted[k + 1]!;
    const ra = work[ia]!;
    const rb = work[ib]!;
    if (!ra.upper || !rb.lower || !ra.upper.inclusive || !rb.lower.inclusive) continue;
    const g = Math.max(granularity(ra.upper), granularity(rb.lower));
    if (!near(rb.lower.value - ra.upper.value, g)) continue;
    if (!ra.upper.stated) {
      fixes.push((rows) => {
        rows[ia]!.upper = { ...rows[ib]!.lower!, inclusive: false };
        return rows;
      });
    } else if (!rb.lower.stated) {
      fixes.push((rows) => {
        rows[ib]!.lower = { ...rows[ia]!.upper!, inclusive: false };
        return rows;
      });
    } else continue;
    gapWords.push(`${ra.upper.written}~${rb.lower.written}`);
  }
  const top = work[sorted.at(-1) ?? 0];
  if (top?.upper && !top.upper.stated && top.upper.written === '99%' && onCompletion === false) {
    const it = sorted.at(-1)!;
    fixes.push((rows) => {
      rows[it]!.upper = { value: 1, inclusive: true, stated: true, written: '100%' };
      return rows;
    });
    gapWords.push('99%~100%');
  }
  if (fixes.length > 0) {
    const list = gapWords.join('、');
    choices.push({
      name: 'gaps',
      options: [
        {
          note: t(
            `按字面：${list}之间的数不在任何一档（得"其他"分）`,
            `as written: figures between ${gapWords.join(', ')} fall in no row (else value)`,
          ),
          apply: (rows) => rows,
        },
        {
          note: t(
            `半开区间：每档延伸到相邻一档的端点（如[90%,95%)）`,
            `half-open: each row runs up to the next row's end (e.g. [90%, 95%))`,
          ),
          apply: (rows) => fixes.reduce((acc, f) => f(acc), rows),
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
  if (elseRow?.value) elseValue = bandValue(elseRow.value);

  const build = (rows: WorkRow[]): BandsRule => {
    const bands: Band[] = rows
      .map((r) => ({ when: toInterval(r), value: r.value, text: r.text }))
      .sort((a, b) => (b.when.gte ?? b.when.gt ?? -1e300) - (a.when.gte ?? a.when.gt ?? -1e300));
    return {
      type: 'bands',
      on: onCompletion ? 'completion' : 'actual',
      unit: percentScale ? 'percent' : 'points',
      bands,
      else: elseValue,
    };
  };

  if (!elseRow) {
    const rule = build(clone(work));
    if (!coversLine(rule.bands)) {
      notes.push(
        t(
          '未写"其他"情况的分数：不在任何一档的数值得0分',
          'no else value written: figures in no row score 0',
        ),
      );
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

/** The rest of a table that only says where no points are given: two readings, or a refusal. */
function unstatedRest(work: WorkRow[], onCompletion: boolean, points: number): Outcome {
  const single = work.length === 1 ? work[0]! : undefined;
  const u = single && !single.lower ? single.upper : undefined;
  const stated = work.map((r) => `"${r.text}"`).join('、');
  if (single && u && onCompletion) {
    const restWords = u.inclusive ? `超过${u.written}` : `${u.written}及以上`;
    const restEn = u.inclusive ? `above ${u.written}` : `at ${u.written} or more`;
    const rest: Interval = u.inclusive ? { gt: u.value } : { gte: u.value };
    const full: BandsRule = {
      type: 'bands',
      on: 'completion',
      unit: 'points',
      bands: [
        { when: rest, value: points, text: `${restWords}得满分` },
        { when: toInterval(single), value: 0, text: single.text },
      ],
      else: 0,
    };
    return {
      kind: 'choices',
      options: [
        { rule: full, note: t(`${restWords}得满分`, `${restEn}: full points`) },
        {
          rule: { type: 'gate', threshold: u.value, inclusive: !u.inclusive, then: { type: 'linear' } },
          note: t(`${restWords}按完成率计分`, `${restEn}: in proportion to completion`),
        },
      ],
      reason: t(
        `只写了${stated}：${restWords}得多少没有写`,
        `only ${stated} is stated: what is given ${restEn} is not stated`,
      ),
      notes: [],
    };
  }
  return {
    kind: 'refused',
    reason: t(
      `只写了不得分的情况（${stated}）：其余情况得多少没有写`,
      `only where no points are given is stated (${stated}): what the rest is given is not stated`,
    ),
  };
}

const REASONS = {
  shared: t(
    '两档都包含同一个端点，没写这个点归哪一档',
    'two rows both include the same end and the text does not say which row it belongs to',
  ),
  contradictory: t(
    '"超过…以上"/"低于…以下"自相矛盾：端点是否包含说法不一',
    '"超过…以上"/"低于…以下" contradicts itself on whether the end is included',
  ),
  gaps: t(
    '按整数或整百分比写的分档留有空隙（如99.5%不在任何一档）',
    'rows written in whole numbers or whole percents leave gaps (e.g. 99.5% is in no row)',
  ),
};

/**
 * "≥100%得30分;≥90%得25分;≥80%得20分": rows with only a lower end (or only an upper end) are a cascade,
 * read top-down; each row stops where the row above it starts. The only sensible reading, so no choice.
 */
function cascade(work: WorkRow[]): void {
  const onlyLower = work.filter((r) => r.lower && !r.upper).sort((a, b) => b.lower!.value - a.lower!.value);
  for (let k = 1; k < onlyLower.length; k++) {
    const prev = onlyLower[k - 1]!.lower!;
    onlyLower[k]!.upper = { ...prev, inclusive: !prev.inclusive };
  }
  const onlyUpper = work.filter((r) => r.upper && !r.lower).sort((a, b) => a.upper!.value - b.upper!.value);
  for (let k = 1; k < onlyUpper.length; k++) {
    const prev = onlyUpper[k - 1]!.upper!;
    onlyUpper[k]!.lower = { ...prev, inclusive: !prev.inclusive };
  }
}

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
