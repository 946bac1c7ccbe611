import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { checkPlanSource, loadPlan } from './check-plan.ts';

const PLANS = join(import.meta.dirname, '../../../plans');
const files = readdirSync(PLANS).filter((f) => f.endsWith('.yaml'));
const read = (f: string) => readFileSync(join(PLANS, f), 'utf8');

describe('shipped plans', () => {
  it('ships the four schemes, customer service, designer per-unit and the year-end pool', () => {
    expect(files.sort()).toEqual(
      expect.arrayContaining([
        'gross-profit-commission.yaml',
        'net-profit-commission.yaml',
        'performance-commission.yaml',
        'pure-performance.yaml',
        'customer-service.yaml',
        'designer-per-unit.yaml',
        'year-end-pool.yaml',
      ]),
    );
  });
  it.each(files)('%s is valid and all its examples pass', (f) => {
    const report = checkPlanSource(read(f), `plans/${f}`);
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(report.examples.length).toBeGreaterThan(0);
    expect(report.examples.filter((e) => !e.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.kind).toBe('plan');
  });
});

describe('a plan is invalid when', () => {
  const src = read('gross-profit-commission.yaml');

  it('an example expects a different amount', () => {
    const bad = src.replace('commission: 3460.00', 'commission: 3460.01');
    const report = checkPlanSource(bad, 'p.yaml');
    expect(report.ok).toBe(false);
    const failed = report.examples.find((e) => !e.ok);
    expect(failed?.mismatches[0]?.en).toBe('E1: commission expected 3460.01, got 3460.00');
    expect(() => loadPlan(bad, 'p.yaml')).toThrow(AppError);
  });

  it('a dispute-causing field is left out: the error names the field', () => {
    for (const [line, field] of [
      ['refunds: original-month\n', 'refunds'],
      ['    negative: zero\n', 'components[1].negative'],
      ['      boundary: lower-inclusive\n', 'components[1].table.boundary'],
      [
        'proration: { convention: calendar-days, join_day_counts: true, leave_day_counts: true }\n',
        'proration',
      ],
    ] as const) {
      expect(src.includes(line)).toBe(true);
      const report = checkPlanSource(src.replace(line, ''), 'p.yaml');
      expect(report.ok).toBe(false);
      const missing = report.problems.find((p) => p.code === 'missing_field');
      expect(missing?.where.path).toBe(field);
      expect(missing?.message.en).toContain(field);
      expect(missing?.message.zh).toContain(field);
    }
  });

  it('a rate table has a gap (error), and a flat table reports its cliffs (warning)', () => {
    const gap = src.replace(
      '{ from: 50000, to: 100000, rate: "8%" }',
      '{ from: 60000, to: 100000, rate: "8%" }',
    );
    const r1 = checkPlanSource(gap, 'p.yaml');
    expect(r1.ok).toBe(false);
    expect(r1.problems.find((p) => p.code === 'tier_gap')?.where.path).toBe('components[1].table.tiers[1]');
    const flat = src.replace('mode: marginal', 'mode: flat');
    const r2 = checkPlanSource(flat, 'p.yaml');
    const cliffs = r2.problems.filter((p) => p.code === 'flat_cliff').map((p) => p.where.value);
    expect(cliffs).toEqual(['1500.00', '2000.00']); // 50 000 × 3 %, 100 000 × 2 %
    expect(r2.problems.find((p) => p.code === 'flat_cliff')?.severity).toBe('warning');
  });

  it('YAML is broken', () => {
    const r = checkPlanSource('kind: pay-plan\n  id: [', 'p.yaml');
    expect(r.ok).toBe(false);
    expect(r.problems[0]?.code).toBe('yaml_syntax');
  });
});
