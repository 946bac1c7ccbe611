import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec } from '../money.ts';
import { computePayroll } from './compute-payroll.ts';
import { parsePlan } from './parse-plan.ts';
import { readPayInputs, tableFromRecords } from './pay-inputs.ts';
import { canonicalJson } from './payslip.ts';
import type { PayPlan, YearEndPoolComponent } from './plan.ts';
import { sha256Hex } from './sha256.ts';
import { instalmentAmounts, splitPool } from './year-end-pool.ts';

const PLANS = join(import.meta.dirname, '../../../plans');
function plan(name: string): PayPlan {
  const r = parsePlan(readFileSync(join(PLANS, `${name}.yaml`), 'utf8'), name);
  if (!r.plan) throw new Error(JSON.stringify(r.problems));
  return r.plan;
}

function run(p: PayPlan, month: string, rows: Record<string, string>[], explain = true) {
  const inputs = readPayInputs(tableFromRecords('in.csv', rows), month);
  expect(inputs.problems).toEqual([]);
  return computePayroll(p, inputs.employees, { month, explain });
}

const operator = (extra: Record<string, string> = {}) => ({
  employee: 'E1',
  name: '张三',
  role: 'operator',
  level: 'senior',
  month: '2026-03',
  base_salary: '2000',
  paid_amount: '200000',
  refunds: '5000',
  shipping: '3000',
  cost_of_goods: '120000',
  platform_fees: '10000',
  ...extra,
});

describe('payslips', () => {
  const gp = plan('gross-profit-commission');

  it('carry a trace on every line: rule, inputs with their source, steps in both languages, plan version, hash', () => {
    const { payslips, problems } = run(gp, '2026-03', [operator()]);
    expect(problems).toEqual([]);
    const slip = payslips[0]!;
    expect(slip.total.toFixed(2)).toBe('5460.00');
    const c = slip.lines.find((l) => l.id === 'commission')!;
    expect(c.trace.version).toBe('gross-profit-commission@2026.1');
    expect(c.trace.inputs[0]?.source).toBe('in.csv row 2');
    expect(c.trace.steps.map((s) => s.en).join('\n')).toContain('50000 × 5% + 12000 × 8% = 3460');
    expect(c.trace.steps.map((s) => s.zh).join('\n')).toContain('超额累进');
    expect(c.trace.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(c.effectiveRate?.toString()).toBe('0.05580645');
  });

  it('the inputs hash reproduces: same inputs, same hash; any changed figure, another hash', () => {
    const a = run(gp, '2026-03', [operator()]).payslips[0]!.inputsHash;
    const b = run(gp, '2026-03', [operator()]).payslips[0]!.inputsHash;
    const c = run(gp, '2026-03', [operator({ shipping: '3001' })]).payslips[0]!.inputsHash;
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('the hash is the SHA-256 of the canonical JSON of month, plan, rows (sorted columns) and score', () => {
    const row = operator({ kpi_score: '88.5', kpi_grade: 'A' });
    const slip = run(gp, '2026-03', [row]).payslips[0]!;
    const expected = sha256Hex(
      canonicalJson({
        plan: 'gross-profit-commission@2026.1',
        month: '2026-03',
        rows: [row],
        score: { total: 88.5, grade: 'A' },
      }),
    );
    expect(slip.inputsHash).toBe(expected);
  });

  it('without explain no step words are built, and the amounts are the same', () => {
    const fast = run(gp, '2026-03', [operator()], false).payslips[0]!;
    expect(fast.lines.every((l) => l.trace.steps.length === 0)).toBe(true);
    expect(fast.total.toFixed(2)).toBe('5460.00');
  });

  it('refuses an unassigned role, a wrong FX date and a missing score, naming row and column', () => {
    const r1 = run(gp, '2026-03', [operator({ role: 'designer' })]);
    expect(r1.payslips).toEqual([]);
    expect(r1.problems[0]?.where).toMatchObject({ file: 'in.csv', row: 2, column: 'role' });
    const r2 = run(gp, '2026-03', [operator({ currency: 'USD', fx_rate: '7.1', fx_date: '2026-03-15' })]);
    expect(r2.problems[0]?.where).toMatchObject({ column: 'fx_date', value: '2026-03-15' });
    const r3 = run(plan('pure-performance'), '2026-03', [operator()]);
    expect(r3.problems[0]?.where.column).toBe('kpi_score');
  });

  it('a month outside the plan’s effective dates is refused', () => {
    const r = run(gp, '2025-12', [operator({ month: '2025-12' })]);
    expect(r.problems[0]?.code).toBe('plan_not_effective');
  });

  it('refunds counted in the month refunded reduce this month instead of clawing back', () => {
    const p = { ...gp, refunds: 'month-refunded' as const };
    const row = operator({ late_refund: '2000', late_refund_month: '2026-02', late_refund_rate: '0.0558' });
    const slip = run(p, '2026-03', [row]).payslips[0]!;
    expect(slip.lines.map((l) => l.id)).toEqual(['base', 'commission']);
    expect(slip.lines[1]!.amount.toFixed(2)).toBe('3300.00'); // 60 000 gross: 2 500 + 10 000 × 8 %
    const claw = run(gp, '2026-03', [row]).payslips[0]!.lines.find((l) => l.id === 'clawback')!;
    expect(claw.amount.toFixed(2)).toBe('-111.60');
    expect(claw.corrects).toBe('2026-02 commission');
  });

  it('net profit with own salary base-only pays r × (P − B − O)', () => {
    const np = plan('net-profit-commission');
    const c = np.components[1]!;
    if (c.type !== 'commission') throw new Error('commission expected');
    const p: PayPlan = { ...np, components: [np.components[0]!, { ...c, ownSalary: 'base-only' }] };
    const slip = run(p, '2026-04', [
      {
        employee: 'E1',
        role: 'operator',
        level: 'senior',
        month: '2026-04',
        base_salary: '5000',
        paid_amount: '100000',
      },
    ]).payslips[0]!;
    // 100 000 − 5 000 − 15 000 = 80 000 × 10 %
    expect(slip.lines[1]!.amount.toFixed(2)).toBe('8000.00');
  });
});

describe('rounding through the engine', () => {
  it('each line is the exact amount rounded half up at the declared point (checked with integer arithmetic)', () => {
    const pc = plan('performance-commission');
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 100_000_000_00n }), (cents) => {
        // commission = (net − 50 000) × 1 %: exact to 0.0001 元; half up to 0.01 by hand in integers
        const paid = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
        const row = {
          employee: 'E1',
          role: 'operator',
          level: 'senior',
          month: '2026-05',
          base_salary: '1',
          kpi_score: '50',
          paid_amount: paid,
        };
        const slip = run(pc, '2026-05', [row], false).payslips[0]!;
        const excess = cents - 5_000_000n; // in cents
        const exactTenThousandths = excess > 0n ? excess : 0n; // cents × 1 % = 0.0001 元 units
        const roundedCents = (exactTenThousandths + 50n) / 100n; // half up for non-negative values
        const want = `${roundedCents / 100n}.${String(roundedCents % 100n).padStart(2, '0')}`;
        expect(slip.lines.find((l) => l.id === 'commission')!.amount.toFixed(2)).toBe(want);
      }),
      { numRuns: 300 },
    );
  });
});

describe('year-to-date accumulation', () => {
  it('pays the published example end to end: 145 000 credited, new 20 000 → 1 100', () => {
    const gp = plan('gross-profit-commission');
    const c = gp.components[1]!;
    if (c.type !== 'commission') throw new Error('commission expected');
    const table = {
      mode: 'marginal' as const,
      boundary: 'lower-inclusive' as const,
      tiers: [
        { from: dec(0), to: dec(150_000), rate: dec('0.04') },
        { from: dec(150_000), to: dec(250_000), rate: dec('0.06') },
        { from: dec(250_000), to: null, rate: dec('0.08') },
      ],
    };
    const p: PayPlan = {
      ...gp,
      components: [{ ...c, base: 'net-sales', costLines: [], accumulation: 'year-to-date', table }],
    };
    const row = { employee: 'E1', role: 'operator', level: 'senior', month: '2026-03', paid_amount: '20000' };
    const slip = run(p, '2026-03', [{ ...row, credited_before: '145000' }]).payslips[0]!;
    expect(slip.lines[0]!.amount.toFixed(2)).toBe('1100.00');
    expect(slip.lines[0]!.trace.steps.at(-1)?.en).toBe('this commission = 6900 − 5800 = 1100');
    // without credited_before the plan refuses rather than assume 0
    const inputs = readPayInputs(tableFromRecords('in.csv', [row]), '2026-03');
    const r = computePayroll(p, inputs.employees, { month: '2026-03', explain: false });
    expect(r.problems[0]?.where.column).toBe('credited_before');
  });

  it('a plan with a base refuses an employee without base_salary', () => {
    const gp = plan('gross-profit-commission');
    const inputs = readPayInputs(
      tableFromRecords('in.csv', [{ employee: 'E1', role: 'operator', level: 'senior', month: '2026-03' }]),
      '2026-03',
    );
    const r = computePayroll(gp, inputs.employees, { month: '2026-03', explain: false });
    expect(r.payslips).toEqual([]);
    expect(r.problems[0]?.where).toMatchObject({ row: 2, column: 'base_salary' });
  });
});

describe('year-end pool', () => {
  const pool = plan('year-end-pool').components[0] as YearEndPoolComponent;
  const member = fc.record({
    grade: fc.constantFrom('S', 'A', 'B', 'C'),
    level: fc.constantFrom('junior', 'senior'),
    department: fc.constantFrom('ops', 'design', 'cs'),
  });

  it('shares always add up to the pool exactly, and instalments to each share', () => {
    fc.assert(
      fc.property(
        fc.array(member, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 10_000_000_000 }),
        (ms, cents) => {
          const sales = dec(cents).div(100);
          const split = splitPool(
            pool,
            ms.map((m, i) => ({ ...m, employee: `E${i}`, row: i + 2, annualSales: sales })),
            { point: 2, mode: 'half-up' },
            'f',
          );
          expect(split.problems).toEqual([]);
          const sum = [...split.shares.values()].reduce((a, s) => a.plus(s.share), dec(0));
          expect(sum.eq(split.pool)).toBe(true);
          for (const s of split.shares.values()) {
            const parts = instalmentAmounts(pool, s.share, 2);
            expect(parts.reduce((a, b) => a.plus(b), dec(0)).eq(s.share)).toBe(true);
          }
        },
      ),
    );
  });

  it('flags the instalment as 全年一次性奖金', () => {
    const p = plan('year-end-pool');
    const slip = run(p, '2027-01', [
      {
        employee: 'A',
        role: 'operator',
        level: 'senior',
        department: 'ops',
        month: '2027-01',
        base_salary: '0',
        kpi_grade: 'S',
        company_annual_sales: '1000000',
      },
    ]).payslips[0]!;
    expect(slip.lines[0]!.yearEndBonus).toBe(true);
    expect(slip.lines[0]!.amount.toFixed(2)).toBe('5000.00');
  });
});
