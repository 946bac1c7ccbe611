/**
 * Every shipped template names data the system can fill (issue 8 audit): an indicator's `metric` and its
 * `inputs` are either a metric of the metric dictionary (filled from the store data by the monthly cycle and
 * `score --month`) or a manual input documented in docs/glossary.md (a QC score, posts published …, entered
 * by hand or uploaded). A name that is neither — `response_seconds` where the dictionary says
 * `response_time` — left every agent unscorable in the monthly cycle; this test keeps it from recurring.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRICS } from '../metrics/dictionary.ts';
import { parseTemplate } from './template-parse.ts';
import type { Template } from './types.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const files = readdirSync(join(ROOT, 'templates')).filter((f) => f.endsWith('.yaml'));

/** The codes the glossary documents (`qc_score`, `posts` …): the named manual inputs a template may use. */
const documented = new Set(
  [...readFileSync(join(ROOT, 'docs', 'glossary.md'), 'utf8').matchAll(/`([a-z][a-z0-9_]*)`/g)].map(
    (m) => m[1]!,
  ),
);

function load(file: string): Template {
  const parsed = parseTemplate(readFileSync(join(ROOT, 'templates', file), 'utf8'), file);
  if (!parsed.template) throw new Error(`${file}: ${JSON.stringify(parsed.problems)}`);
  return parsed.template;
}

describe('template metric names', () => {
  it('finds the shipped templates and the glossary codes', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
    // sanity: the glossary's codes include a dictionary metric and a manual input
    expect(documented.has('response_time')).toBe(true);
    expect(documented.has('qc_score')).toBe(true);
  });

  it.each(files)('%s: every metric and input is in the dictionary or a documented manual input', (file) => {
    const tpl = load(file);
    const unknown = tpl.indicators.flatMap((ind) =>
      [ind.metric, ...(ind.inputs ?? [])]
        .filter((name) => !(name in METRICS) && !documented.has(name))
        .map((name) => `${ind.id}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('the check itself can fail: an undocumented name is caught', () => {
    expect('response_seconds' in METRICS || documented.has('response_seconds')).toBe(false);
    expect('daily_completion' in METRICS || documented.has('daily_completion')).toBe(false);
  });
});
