/**
 * Every rule the reader produces over its corpus, written in file form and parsed back by the template
 * parser, is the same rule: the draft a person edits is the rule the reader read.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRuleText } from '../reader/read-rule-text.ts';
import { templateFromObject } from '../template-parse.ts';
import type { Rule } from '../types.ts';
import { ruleForFile } from './rule-file.ts';

const corpus = readFileSync(new URL('../../../../test/corpus/rule-texts.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { indicator: string; points: number; target: number | null; text: string });

function parseBack(rule: Rule): Rule | undefined {
  const parsed = templateFromObject({
    kind: 'kpi-template',
    id: 'x',
    version: '1',
    effective: '2026-01-01',
    family: 'x',
    name: 'x',
    rounding: { point: 2, mode: 'half-up' },
    parts: { kpi: { weight: 100 } },
    grades: [{ grade: 'A', when: '>= 0' }],
    indicators: [
      {
        id: 'k',
        name: 'k',
        definition: 'k',
        metric: 'k',
        cycle: 'month',
        weight: 100,
        rule: ruleForFile(rule),
      },
    ],
    examples: [],
  });
  expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return parsed.template?.indicators[0]?.rule;
}

describe('ruleForFile', () => {
  it('round-trips every rule the reader reads from the corpus through the template parser', () => {
    let rules = 0;
    for (const line of corpus) {
      const r = readRuleText(line);
      const all =
        r.status === 'read' ? [r.rule] : r.status === 'ambiguous' ? r.readings.map((x) => x.rule) : [];
      for (const rule of all) {
        expect(parseBack(rule), line.text).toEqual(rule);
        rules++;
      }
    }
    // the corpus holds 300+ texts; most of them give at least one rule
    expect(rules).toBeGreaterThan(200);
  });

  it('writes a per-unit floor, base and reference as plain numbers', () => {
    const f = ruleForFile({
      type: 'per-unit',
      on: 'actual',
      reference: { value: 2 },
      direction: 'above',
      step: 1,
      stepOf: 'absolute',
      partial: 'whole',
      perStepAbove: -5,
      base: { points: 30 },
      floor: { points: 0 },
    });
    expect(f).toMatchObject({ reference: 2, base: 30, floor: 0 });
  });
});
