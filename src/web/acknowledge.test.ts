import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkTemplateSource } from '../core/scoring/check-template.ts';
import { ackKeyOf, acknowledge } from './acknowledge.ts';

/** The top-level acknowledged list as a YAML parser reads it. */
const acks = (yaml: string) => (parse(yaml) as { acknowledged?: string[] | null }).acknowledged;

describe('acknowledge: the YAML edit', () => {
  it('appends to a block list in its own indentation, comments and the rest untouched', () => {
    const before = [
      'id: x',
      '# why these are accepted',
      'acknowledged:',
      '    - "target_ignored@indicators[1].target" # the goal shown',
      "    - 'cycle_mismatch@indicators[2].cycle'",
      '',
      'parts: { kpi: { weight: 100 } }',
      '',
    ].join('\n');
    const after = acknowledge(before, 'indicator_count@indicators');
    expect(after).toBe(
      [
        'id: x',
        '# why these are accepted',
        'acknowledged:',
        '    - "target_ignored@indicators[1].target" # the goal shown',
        "    - 'cycle_mismatch@indicators[2].cycle'",
        '    - "indicator_count@indicators"',
        '',
        'parts: { kpi: { weight: 100 } }',
        '',
      ].join('\n'),
    );
    expect(acks(after!)).toEqual([
      'target_ignored@indicators[1].target',
      'cycle_mismatch@indicators[2].cycle',
      'indicator_count@indicators',
    ]);
  });

  it('reads items written at the key’s own column too ("- " at column 0)', () => {
    const after = acknowledge('acknowledged:\n- a@b\nparts: {}\n', 'c@d')!;
    expect(after).toBe('acknowledged:\n- a@b\n- "c@d"\nparts: {}\n');
    expect(acks(after)).toEqual(['a@b', 'c@d']);
  });

  it('is idempotent: a key listed already (quoted or plain) leaves the text as it is', () => {
    const block = 'acknowledged:\n  - "a@b"\n  - c@d\n';
    expect(acknowledge(block, 'a@b')).toBe(block);
    expect(acknowledge(block, 'c@d')).toBe(block);
    const flow = 'acknowledged: ["a@b", \'c@d\']\n';
    expect(acknowledge(flow, 'c@d')).toBe(flow);
    const once = acknowledge('id: x\n', 'e@f')!;
    expect(acknowledge(once, 'e@f')).toBe(once);
  });

  it('adds to a one-line flow list, empty or not, keeping a trailing comment', () => {
    expect(acknowledge('acknowledged: []\n', 'a@b')).toBe('acknowledged: ["a@b"]\n');
    const after = acknowledge('acknowledged: ["a@b"] # read\nparts: {}\n', 'x@indicators[0].rule')!;
    expect(after).toBe('acknowledged: ["a@b", "x@indicators[0].rule"] # read\nparts: {}\n');
    expect(acks(after)).toEqual(['a@b', 'x@indicators[0].rule']);
  });

  it('creates the list before parts: when there is none, or at the end without parts:', () => {
    const after = acknowledge('id: x\nversion: "1"\nparts:\n  kpi: { weight: 100 }\n', 'a@b')!;
    expect(after).toBe('id: x\nversion: "1"\nacknowledged:\n  - "a@b"\n\nparts:\n  kpi: { weight: 100 }\n');
    expect(acks(after)).toEqual(['a@b']);
    expect(acknowledge('id: x\n', 'a@b')).toBe('id: x\nacknowledged:\n  - "a@b"\n');
    expect(acknowledge('id: x', 'a@b')).toBe('id: x\nacknowledged:\n  - "a@b"');
  });

  it('turns an empty or null key into a list, and keeps Windows line ends', () => {
    expect(acks(acknowledge('acknowledged:\nparts: {}\n', 'a@b')!)).toEqual(['a@b']);
    expect(acknowledge('acknowledged: ~\nparts: {}\n', 'a@b')).toBe('acknowledged:\n  - "a@b"\nparts: {}\n');
    expect(acknowledge('id: x\r\nacknowledged:\r\n  - a@b\r\n', 'c@d')).toBe(
      'id: x\r\nacknowledged:\r\n  - a@b\r\n  - "c@d"\r\n',
    );
  });

  it('an "acknowledged" nested deeper is not the template’s list', () => {
    const yaml = 'notes:\n  acknowledged:\n    - z@z\nparts: {}\n';
    const after = acknowledge(yaml, 'a@b')!;
    expect(acks(after)).toEqual(['a@b']);
    expect((parse(after) as { notes: { acknowledged: string[] } }).notes.acknowledged).toEqual(['z@z']);
  });

  it('refuses shapes it cannot edit safely instead of guessing', () => {
    expect(acknowledge('acknowledged: [\n  "a@b"\n]\n', 'c@d')).toBeNull();
    expect(acknowledge('acknowledged: a@b\n', 'c@d')).toBeNull();
  });

  it('quotes keys so that YAML reads them back exactly', () => {
    const key = 'odd@indicators[3].rule: "x" # y';
    expect(acks(acknowledge('acknowledged:\n  - a@b\n', key)!)).toEqual(['a@b', key]);
    expect(acks(acknowledge('acknowledged: [a@b]\n', key)!)).toEqual(['a@b', key]);
  });

  it('the key is the checker’s code@path', () => {
    expect(ackKeyOf({ code: 'target_ignored', where: { path: 'indicators[1].target' } })).toBe(
      'target_ignored@indicators[1].target',
    );
    expect(ackKeyOf({ code: 'indicator_count' })).toBe('indicator_count@');
  });
});

describe('acknowledge: with the real checker', () => {
  it('each warning acknowledged in turn disappears from the check, the rest of the report the same', async () => {
    // the web tsconfig has no Node types: the shipped template is read through a typed dynamic import
    const fs = (await import('node:fs' as string)) as {
      readFileSync(p: URL, enc: 'utf8'): string;
    };
    const shipped = fs.readFileSync(new URL('../../templates/presales-cs.yaml', import.meta.url), 'utf8');
    // the shipped template acknowledges its target_ignored warnings: take that list out to see them again
    const bare = shipped.replace(/acknowledged:\n( {2}- .*\n)+/, '');
    expect(acks(bare)).toBeUndefined();
    const warnings = (y: string) =>
      checkTemplateSource(y, 'template.yaml').problems.filter((p) => p.severity === 'warning');
    const first = warnings(bare);
    expect(first.length).toBeGreaterThanOrEqual(4);
    let yaml = bare;
    for (const [i, w] of first.entries()) {
      const next = acknowledge(yaml, ackKeyOf(w));
      expect(next).not.toBeNull();
      yaml = next!;
      const left = warnings(yaml).map(ackKeyOf);
      expect(left).not.toContain(ackKeyOf(w));
      expect(left).toEqual(first.slice(i + 1).map(ackKeyOf));
    }
    const report = checkTemplateSource(yaml, 'template.yaml');
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);
    // only lines were added: the original text is all still there, in order
    const added = yaml.split('\n').filter((l) => !bare.split('\n').includes(l));
    expect(added).toEqual(['acknowledged:', ...first.map((w) => `  - ${JSON.stringify(ackKeyOf(w))}`)]);
  });
});
