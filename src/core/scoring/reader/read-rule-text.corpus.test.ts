/**
 * Runs the reader over the whole corpus of 评分标准 texts (test/corpus/rule-texts.jsonl) and checks each
 * line's expectation: the exact rule for 'read', the number of readings (and the rules, where written)
 * for 'ambiguous', a reason for 'refused'. Prints the coverage (read / ambiguous / refused).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Derive, Rule } from '../types.ts';
import { readRuleText } from './read-rule-text.ts';
import type { ReadResult } from './reader-types.ts';

interface CorpusLine {
  id: number;
  role: string;
  indicator: string;
  points: number;
  target: number | null;
  text: string;
  variant?: string;
  expect:
    | { status: 'read'; rule: Rule; derive?: Derive; inputs?: string[] }
    | { status: 'ambiguous'; readings: number; rules?: Rule[]; derive?: Derive; derives?: Derive[] }
    | { status: 'refused'; reason: string };
}

const corpus: CorpusLine[] = readFileSync(
  new URL('../../../../test/corpus/rule-texts.jsonl', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as CorpusLine);

/** Band `text` keeps the wording for the trace; the expectation is about the intervals and values. */
function withoutBandText(rule: Rule): Rule {
  if (rule.type === 'joint-bands')
    return { ...rule, rows: rule.rows.map(({ when, value }) => ({ when, value })) };
  if (rule.type !== 'bands') return rule;
  return { ...rule, bands: rule.bands.map(({ when, value }) => ({ when, value })) };
}

const counts = { read: 0, ambiguous: 0, refused: 0 };
const roles = new Map<string, number>();

describe('rule-text corpus', () => {
  it('has at least 150 texts from every role', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    for (const l of corpus) roles.set(l.role, (roles.get(l.role) ?? 0) + 1);
    for (const role of ['运营', '推广', '美工', '客服', '直播', '仓库'])
      expect(roles.get(role) ?? 0).toBeGreaterThan(5);
  });

  it.each(corpus.map((l) => [`#${l.id} ${l.role} ${l.indicator}: ${l.text.slice(0, 60)}`, l] as const))(
    '%s',
    (_name, line) => {
      const got: ReadResult = readRuleText({
        indicator: line.indicator,
        points: line.points,
        target: line.target,
        text: line.text,
      });
      counts[got.status]++;
      expect(got.status, JSON.stringify(got)).toBe(line.expect.status);
      if (got.status === 'read' && line.expect.status === 'read') {
        expect(withoutBandText(got.rule)).toEqual(line.expect.rule);
        // a derived figure (环比, team average, rank) must be declared, and only then
        expect(got.derive).toEqual(line.expect.derive);
        // joint bands name the other figures they read: the indicator's inputs
        expect(got.inputs).toEqual(line.expect.inputs);
      }
      if (got.status === 'ambiguous' && line.expect.status === 'ambiguous') {
        expect(got.readings).toHaveLength(line.expect.readings);
        const rules = got.readings.map((r) => withoutBandText(r.rule));
        for (const want of line.expect.rules ?? []) expect(rules).toContainEqual(want);
        const derives = got.readings.map((r) => r.derive);
        if (line.expect.derive) for (const d of derives) expect(d).toEqual(line.expect.derive);
        else if (line.expect.derives)
          for (const want of line.expect.derives) expect(derives).toContainEqual(want);
        else expect(derives.every((d) => d === undefined)).toBe(true);
        // The samples must show the difference: at some sample, two readings give different points.
        const differ = got.readings[0]!.samples.some((s, k) =>
          got.readings.some((r) => r.samples[k]!.points !== s.points),
        );
        expect(differ, JSON.stringify(got.readings.map((r) => r.samples))).toBe(true);
        expect(got.reason.zh.length).toBeGreaterThan(0);
        expect(got.reason.en.length).toBeGreaterThan(0);
      }
      if (got.status === 'refused' && line.expect.status === 'refused') {
        expect(got.reason.en).toContain(line.expect.reason);
        expect(got.reason.zh.length).toBeGreaterThan(0);
      }
    },
  );

  afterAll(() => {
    const total = counts.read + counts.ambiguous + counts.refused;
    console.log(
      `rule-reader coverage over ${total} corpus texts: read ${counts.read}, ambiguous ${counts.ambiguous}, ` +
        `refused ${counts.refused} (by role: ${[...roles].map(([r, n]) => `${r} ${n}`).join(', ')})`,
    );
  });
});
