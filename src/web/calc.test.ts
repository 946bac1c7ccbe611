import { describe, expect, it } from 'vitest';
import { actualCounts, gradesOf, progressOf } from './calc.ts';
import type { FormSummary } from './types.ts';

const form = (employee: string, grade: string | null, finalGrade: string | null = grade): FormSummary => ({
  month: '2026-10',
  employee,
  name: employee,
  family: 'store-operator',
  template: 'store-operator@2026.1',
  supervisor: 'D001',
  status: 'scored',
  total: 80,
  grade,
  calibratedGrade: finalGrade === grade ? null : finalGrade,
  finalGrade,
  version: 1,
});

describe('progressOf', () => {
  it('counts every form past open, and an empty month as 0', () => {
    expect(progressOf({ total: 11, counts: { open: 10, scored: 1 } })).toBe(9);
    expect(progressOf({ total: 4, counts: { published: 4 } })).toBe(100);
    expect(progressOf({ total: 0, counts: {} })).toBe(0);
  });
});

describe('calibration counts', () => {
  it('keeps the quota order, adds grades outside the quota after it, counts calibrated grades', () => {
    const forms = [form('E1', 'S'), form('E2', 'S', 'A'), form('E3', 'B'), form('E4', 'X'), form('E5', null)];
    const quota = {
      size: 5,
      counts: ['S', 'A', 'B'].map((grade) => ({ grade, share: 0.2, exact: 1, allowed: 1, actual: 0 })),
      ranked: [],
      tooSmall: false,
      ties: [],
      notes: [],
    };
    const grades = gradesOf({ quota, forms });
    expect(grades).toEqual(['S', 'A', 'B', 'X']);
    expect(actualCounts({ forms }, grades)).toEqual([1, 1, 1, 1]);
  });

  it('without a quota orders grades S…D first', () => {
    const forms = [form('E1', 'D'), form('E2', 'B'), form('E3', 'S'), form('E4', 'B')];
    const grades = gradesOf({ quota: null, forms });
    expect(grades).toEqual(['S', 'B', 'D']);
    expect(actualCounts({ forms }, grades)).toEqual([1, 2, 1]);
  });
});
