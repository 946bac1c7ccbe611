/** The optional `owner` of an indicator (数据责任人): read when it is text, refused with its path otherwise. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseTemplate } from './template-parse.ts';

const SHIPPED = readFileSync(
  join(import.meta.dirname, '..', '..', '..', 'templates', 'store-operator.yaml'),
  'utf8',
);
/** The shipped template with its owners taken out, so each test writes the owner it is about. */
const SOURCE = SHIPPED.replace(/^ {4}owner: .*\n/gm, '');

/** The shipped template with `owner: <value>` written under its first indicator's cycle. */
function withOwner(value: string): string {
  const at = SOURCE.indexOf('\n    cycle:');
  expect(at).toBeGreaterThan(0);
  return `${SOURCE.slice(0, at)}\n    owner: ${value}${SOURCE.slice(at)}`;
}

describe('indicator owner', () => {
  test('absent: no owner', () => {
    expect(SOURCE).not.toContain('owner:');
    const parsed = parseTemplate(SOURCE, 'store-operator.yaml');
    expect(parsed.template?.indicators[0]?.owner).toBeUndefined();
  });

  test('the shipped template names who answers for each indicator’s data', () => {
    const parsed = parseTemplate(SHIPPED, 'store-operator.yaml');
    expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const owners = parsed.template?.indicators.map((i) => i.owner) ?? [];
    expect(owners.length).toBeGreaterThan(0);
    expect(owners.every((o) => typeof o === 'string' && o.length > 0)).toBe(true);
  });

  test('a text owner is kept on that indicator only', () => {
    const parsed = parseTemplate(withOwner('运营部'), 'store-operator.yaml');
    expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(parsed.template?.indicators[0]?.owner).toBe('运营部');
    expect(parsed.template?.indicators[1]?.owner).toBeUndefined();
  });

  test('an owner that is not text is an error naming its path', () => {
    const parsed = parseTemplate(withOwner('[1, 2]'), 'store-operator.yaml');
    const errors = parsed.problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => p.where.path)).toContain('indicators[0].owner');
  });
});
