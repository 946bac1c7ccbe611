/** The optional `owner` of an indicator (数据责任人): read when it is text, refused with its path otherwise. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseTemplate } from './template-parse.ts';

const SOURCE = readFileSync(
  join(import.meta.dirname, '..', '..', '..', 'templates', 'store-operator.yaml'),
  'utf8',
);

/** The shipped template with `owner: <value>` written under its first indicator's cycle. */
function withOwner(value: string): string {
  const at = SOURCE.indexOf('\n    cycle:');
  expect(at).toBeGreaterThan(0);
  return `${SOURCE.slice(0, at)}\n    owner: ${value}${SOURCE.slice(at)}`;
}

describe('indicator owner', () => {
  test('absent in the shipped template: no owner', () => {
    const parsed = parseTemplate(SOURCE, 'store-operator.yaml');
    expect(parsed.template?.indicators[0]?.owner).toBeUndefined();
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
