/**
 * Scoring benchmark (`npm run bench`, not a test). Issue 2's target: at least 1 000 000 indicators scored
 * per second on one core with the built-in rules, and formula indicators no more than 5× slower.
 *
 * Generates 100 000 employees × 8 indicators with a seeded PRNG (the same numbers every run), scores them
 * with scoreForm(…, { explain: false }), then the same people with 8 formula indicators, and a reference
 * measured in the same run on the same numbers: a plain loop computing min(a/t, 1.2) × w. Machines differ
 * and this one is noisy, so the ratios are the figures to compare across runs; each figure is the best of
 * a few rounds after a warm-up.
 */
import { type PersonInput, scoreForm } from '../src/core/scoring/score-form.ts';
import type { Indicator, Rule, Template } from '../src/core/scoring/types.ts';
import { validateTemplate } from '../src/core/scoring/validate.ts';

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** 'builtin' or 'formula' runs one half only (for profiling with node --cpu-prof) */
const ONLY = process.env.BENCH_ONLY ?? '';
const SEED = 20261130;

/** mulberry32: a tiny seeded PRNG, so every run scores the same numbers. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Spec {
  id: string;
  metric: string;
  weight: number;
  target: number;
  unit?: string;
  rule: Rule;
  /** the same scoring as a formula (over actual, target, weight, completion) */
  formula: string;
  /** a random actual for one person */
  actual: (r: () => number) => number;
}

const SPECS: Spec[] = [
  {
    id: 'revenue',
    metric: 'paid_amount',
    weight: 20,
    target: 1_000_000,
    rule: { type: 'linear', cap: 1.2 },
    formula: 'min(completion, 1.2) * weight',
    actual: (r) => Math.round(400_000 + r() * 1_000_000),
  },
  {
    id: 'gross_profit',
    metric: 'gross_profit',
    weight: 15,
    target: 250_000,
    rule: { type: 'gate', threshold: 0.6, inclusive: true, then: { type: 'linear', cap: 1.2 }, else: 0 },
    formula: 'completion >= 0.6 ? min(completion, 1.2) * weight : 0',
    actual: (r) => Math.round(50_000 + r() * 300_000),
  },
  {
    id: 'promotion_cost',
    metric: 'promotion_cost_ratio',
    weight: 10,
    target: 0.08,
    unit: '%',
    rule: { type: 'reverse', form: 'deviation', cap: 1, floor: 0 },
    formula: 'clamp(1 - (actual - target) / abs(target), 0, 1) * weight',
    actual: (r) => Math.round(400 + r() * 1200) / 10_000,
  },
  {
    id: 'conversion',
    metric: 'conversion_rate',
    weight: 15,
    target: 0.03,
    unit: '%',
    rule: {
      type: 'bands',
      on: 'completion',
      unit: 'percent',
      bands: [
        { when: { gte: 1 }, value: 100 },
        { when: { gte: 0.9, lt: 1 }, value: 85 },
        { when: { gte: 0.8, lt: 0.9 }, value: 70 },
        { when: { gte: 0.6, lt: 0.8 }, value: 50 },
      ],
      else: 0,
    },
    formula:
      '(completion >= 1 ? 100 : completion >= 0.9 ? 85 : completion >= 0.8 ? 70 : completion >= 0.6 ? 50 : 0) / 100 * weight',
    actual: (r) => Math.round(150 + r() * 250) / 10_000,
  },
  {
    id: 'complaint',
    metric: 'complaint_rate',
    weight: 10,
    target: 0.05,
    unit: '%',
    rule: {
      type: 'per-unit',
      on: 'actual',
      reference: 'target',
      direction: 'above',
      step: 0.005,
      stepOf: 'absolute',
      partial: 'whole',
      perStepAbove: -2,
      base: 'full',
      floor: { points: 0 },
    },
    formula: 'max(weight - 2 * max(floor((actual - target) / 0.005 + 1e-9), 0), 0)',
    actual: (r) => Math.round(200 + r() * 800) / 10_000,
  },
  {
    id: 'stock_days',
    metric: 'stock_turn_days',
    weight: 10,
    target: 30,
    rule: { type: 'closer', tolerance: 0.05, slope: 2 },
    formula: 'max(0, 1 - 2 * max(0, abs(actual - target) / abs(target) - 0.05)) * weight',
    actual: (r) => Math.round(15 + r() * 30),
  },
  {
    id: 'traffic',
    metric: 'uv',
    weight: 10,
    target: 200_000,
    rule: {
      type: 'interpolate',
      on: 'completion',
      unit: 'percent',
      points: [
        { at: 0.8, value: 0 },
        { at: 1, value: 100 },
        { at: 1.2, value: 120 },
      ],
    },
    formula:
      '(completion <= 0.8 ? 0 : completion >= 1.2 ? 120 : completion <= 1 ? (completion - 0.8) / 0.2 * 100 : 100 + (completion - 1) / 0.2 * 20) / 100 * weight',
    actual: (r) => Math.round(120_000 + r() * 140_000),
  },
  {
    id: 'new_listings',
    metric: 'new_listings_done',
    weight: 10,
    target: 1,
    rule: { type: 'pass-fail' },
    formula: 'actual == 1 ? weight : 0',
    actual: (r) => (r() < 0.8 ? 1 : 0),
  },
];

function template(formula: boolean): Template {
  const indicators: Indicator[] = SPECS.map((s) => ({
    id: s.id,
    name: { zh: s.id, en: s.id },
    definition: { zh: s.id, en: s.id },
    metric: s.metric,
    cycle: 'month',
    weight: s.weight,
    ...(s.rule.type === 'pass-fail' && !formula ? {} : { target: s.target }),
    ...(s.unit ? { unit: s.unit } : {}),
    rule: formula ? { type: 'formula', expr: s.formula } : s.rule,
  }));
  return {
    kind: 'kpi-template',
    id: formula ? 'bench-formula' : 'bench-builtin',
    version: '1',
    effective: '2026-01-01',
    family: 'bench',
    name: { zh: '基准', en: 'bench' },
    rounding: { point: 2, mode: 'half-up' },
    parts: { kpi: { weight: 100 } },
    indicators,
    grades: [
      { grade: 'S', when: { gte: 95 } },
      { grade: 'A', when: { gte: 85, lt: 95 } },
      { grade: 'B', when: { gte: 70, lt: 85 } },
      { grade: 'C', when: { gte: 60, lt: 70 } },
      { grade: 'D', when: { lt: 60 } },
    ],
    examples: [],
  };
}

function people(): PersonInput[] {
  const r = prng(SEED);
  const out: PersonInput[] = new Array(PEOPLE);
  for (let p = 0; p < PEOPLE; p++) {
    const actuals: Record<string, number> = {};
    for (const s of SPECS) actuals[s.id] = s.actual(r);
    out[p] = { employee: `E${String(p).padStart(6, '0')}`, actuals };
  }
  return out;
}

/** Best and median seconds of `rounds` runs of fn, after one warm-up run. */
function time(fn: () => number, rounds: number): { best: number; median: number; check: number } {
  let check = fn();
  const secs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    check = fn();
    secs.push((performance.now() - t0) / 1000);
  }
  secs.sort((a, b) => a - b);
  return { best: secs[0]!, median: secs[Math.floor(secs.length / 2)]!, check };
}

function scoreAll(tpl: Template, persons: readonly PersonInput[]): () => number {
  return () => {
    let sum = 0;
    for (let i = 0; i < persons.length; i++) {
      const card = scoreForm(tpl, persons[i]!, { explain: false });
      if (card.total === null) throw new Error(`${persons[i]!.employee}: ${card.problems[0]?.message.en}`);
      sum += card.total;
    }
    return sum;
  };
}

/** The reference: the simplest possible scorer over the same numbers, min(a/t, 1.2) × w. */
function reference(persons: readonly PersonInput[]): () => number {
  const n = persons.length * SPECS.length;
  const a = new Float64Array(n);
  const t = new Float64Array(n);
  const w = new Float64Array(n);
  let k = 0;
  for (const p of persons) {
    for (const s of SPECS) {
      a[k] = p.actuals[s.id] as number;
      t[k] = s.target;
      w[k] = s.weight;
      k++;
    }
  }
  return () => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.min(a[i]! / t[i]!, 1.2) * w[i]!;
    return sum;
  };
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

function main(): void {
  const builtin = template(false);
  const formula = template(true);
  for (const tpl of [builtin, formula]) {
    const errors = validateTemplate(tpl).filter((p) => p.severity === 'error');
    if (errors.length) throw new Error(`${tpl.id}: ${errors.map((e) => e.message.en).join('; ')}`);
  }
  const persons = people();
  const indicators = PEOPLE * SPECS.length;
  console.log(
    `shopkpi scoring benchmark: ${fmt(PEOPLE)} employees × ${SPECS.length} indicators = ${fmt(indicators)} per run, ` +
      `best of ${ROUNDS} rounds (Node ${process.version}, one core)`,
  );

  const skipped = { best: Number.NaN, median: Number.NaN, check: Number.NaN };
  const ref = time(reference(persons), ROUNDS);
  const built = ONLY === 'formula' ? skipped : time(scoreAll(builtin, persons), ROUNDS);
  const form = ONLY === 'builtin' ? skipped : time(scoreAll(formula, persons), ROUNDS);

  // the formulas restate the built-in rules: both templates must give the same totals
  if (!ONLY && Math.abs(built.check - form.check) > 1e-6 * Math.abs(built.check)) {
    throw new Error(`formula and built-in totals differ: ${form.check} vs ${built.check}`);
  }

  const rate = (t: { best: number }) => indicators / t.best;
  const line = (label: string, t: { best: number; median: number }) =>
    console.log(
      `  ${label.padEnd(34)} ${fmt(rate(t)).padStart(13)} indicators/s  (best ${(t.best * 1000).toFixed(0)} ms, median ${(t.median * 1000).toFixed(0)} ms)`,
    );
  line('reference loop min(a/t,1.2)*w', ref);
  line('scoreForm, built-in rules', built);
  line('scoreForm, formula rules', form);
  console.log(`  built-in target ≥ 1,000,000/s: ${rate(built) >= 1_000_000 ? 'met' : 'NOT met'}`);
  console.log(
    `  formula / built-in time: ${(form.best / built.best).toFixed(2)}× (target ≤ 5×: ${form.best / built.best <= 5 ? 'met' : 'NOT met'})`,
  );
  console.log(`  built-in / reference time: ${(built.best / ref.best).toFixed(1)}×`);
  console.log(`  formula / reference time: ${(form.best / ref.best).toFixed(1)}×`);
  console.log(`  (check sums: built-in ${built.check.toFixed(2)}, formula ${form.check.toFixed(2)})`);
}

main();
