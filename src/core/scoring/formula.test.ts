/**
 * The formula sandbox (公式沙箱): escape probes are refused at compile time with a FormulaError, the limits
 * hold, and the allowed language computes the right values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFormula, FORMULA_MAX_LENGTH, FORMULA_MAX_NODES, FormulaError } from './formula.ts';

const VARS = ['actual', 'target', 'weight', 'completion', 'team_rate'] as const;

function refused(source: string): FormulaError {
  try {
    compileFormula(source, VARS);
  } catch (err) {
    if (err instanceof FormulaError) return err;
    throw new Error(`"${source}" threw ${String(err)}, not a FormulaError`);
  }
  throw new Error(`"${source}" was accepted`);
}

describe('compileFormula refuses escape probes', () => {
  it.each([
    'constructor',
    '__proto__',
    'a.constructor',
    'actual.constructor',
    'actual["constructor"]',
    'import("fs")',
    'ones(1e5, 1e5)',
    'x = 1',
    'actual = 1',
    'f(x) = x',
    '[1, 2]',
    '{a: 1}',
    '"str"',
    'evaluate("1")',
    'parse("1")',
    'min.constructor',
    'cos(1)',
    '1:5',
    'actual; target',
    'true',
    'Infinity',
    'NaN',
    'e',
    'pi',
    '2 m',
    'actual!',
    'max',
  ])('%s', (source) => {
    const err = refused(source);
    expect(err.text.zh.length).toBeGreaterThan(0);
    expect(err.text.en.length).toBeGreaterThan(0);
  });

  it(`refuses a formula over ${FORMULA_MAX_LENGTH} characters`, () => {
    const over = `actual${' '.repeat(FORMULA_MAX_LENGTH - 'actual'.length + 1)}`;
    expect(over.length).toBe(501);
    expect(refused(over).text.en).toContain(`${FORMULA_MAX_LENGTH} characters`);
    // the same formula one space shorter is fine: the limit is on length, not on content
    expect(compileFormula(over.slice(0, FORMULA_MAX_LENGTH), VARS).evaluate({ actual: 7 })).toBe(7);
  });

  it(`refuses a formula over ${FORMULA_MAX_NODES} nodes, accepts one at the limit`, () => {
    // "1+1+…+1" with k ones has k constants and k − 1 operators: 2k − 1 nodes
    const over = Array.from({ length: 101 }, () => '1').join('+'); // 201 nodes, 201 characters
    expect(over.length).toBeLessThanOrEqual(FORMULA_MAX_LENGTH);
    expect(refused(over).text.en).toContain(String(FORMULA_MAX_NODES));
    const at = `${Array.from({ length: 100 }, () => '1').join('+')}`; // 199 nodes
    expect(compileFormula(at, VARS).evaluate({})).toBe(100);
  });

  it('names an unknown variable and lists the available ones', () => {
    const err = refused('actual / revenue_target');
    expect(err.text.en).toContain('revenue_target');
    expect(err.text.en).toContain('team_rate');
  });

  it('refuses a function with the wrong number of arguments', () => {
    expect(refused('abs(1, 2)').text.en).toContain('abs');
    expect(refused('clamp(1, 2)').text.en).toContain('clamp');
  });
});

describe('compileFormula computes', () => {
  const vars = { actual: 126, target: 100, weight: 30, completion: 1.26, team_rate: 0.05 };
  it.each<[string, number]>([
    ['min(actual / target, 1.2) * weight', 36],
    ['(actual - target) / target * 15', 3.9],
    ['completion >= 1 ? weight : 0', 30],
    ['completion < 1 ? weight : 0', 0],
    ['max(0, 100 - min((actual - target) / target * 2, 0.3) * 100)', 70],
    ['clamp(actual, 0, 100)', 100],
    ['abs(target - actual)', 26],
    ['round(2.345, 2)', 2.35],
    ['round(1.005, 2)', 1.01],
    ['round(-2.5)', -3],
    ['floor(completion * 10) / 10', 1.2],
    ['ceil(1.01)', 2],
    ['sqrt(16) + 2 ^ 3', 12],
    ['7 mod 3', 1],
    ['-7 mod 3', 2],
    ['not (actual > target)', 0],
    ['actual > target and team_rate < 0.1', 1],
    ['actual < target or team_rate > 0.1', 0],
    ['actual == 126', 1],
    ['actual != 126', 0],
    ['-actual + +target', -26],
    ['max(1, 5, 3, 2)', 5],
    ['1.2e2', 120],
  ])('%s = %d', (source, want) => {
    expect(compileFormula(source, VARS).evaluate(vars)).toBeCloseTo(want, 12);
  });

  it('reports the variables it reads', () => {
    expect(compileFormula('min(actual / target, 1.2) * weight', VARS).variables.sort()).toEqual([
      'actual',
      'target',
      'weight',
    ]);
  });

  it('refuses to evaluate with a missing variable', () => {
    const f = compileFormula('actual / target', VARS);
    expect(() => f.evaluate({ actual: 1 })).toThrow(FormulaError);
    expect(() => f.evaluate({ actual: 1, target: null })).toThrow(FormulaError);
  });

  it('agrees with plain arithmetic for any inputs', () => {
    const f = compileFormula(
      'min(actual / target, 1.2) * weight + (actual - target) * 0 - abs(completion) * 0',
      VARS,
    );
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        (a, t, w) => {
          expect(f.evaluate({ actual: a, target: t, weight: w, completion: a / t })).toBe(
            Math.min(a / t, 1.2) * w,
          );
        },
      ),
    );
  });

  it('never lets random text reach anything but a number or a FormulaError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (source) => {
        try {
          const f = compileFormula(source, VARS);
          const v = f.evaluate(vars);
          expect(typeof v).toBe('number');
        } catch (err) {
          expect(err).toBeInstanceOf(FormulaError);
        }
      }),
    );
  });
});
