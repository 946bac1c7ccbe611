/**
 * `shopkpi score` and `shopkpi check` end to end, in process: temp CSV files in, exit code and output out.
 * Bad input is refused whole with file, row, column and reason, and with --out nothing is written.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Scorecard } from '../core/scoring/score-form.ts';
import { main } from './main.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const TEMPLATE = join(ROOT, 'templates', 'store-operator.yaml');
const dir = mkdtempSync(join(tmpdir(), 'shopkpi-score-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process, capturing what it writes. */
async function run(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const capture =
    (into: string[]) =>
    (chunk: string | Uint8Array): boolean => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
  process.stdout.write = capture(out) as typeof process.stdout.write;
  process.stderr.write = capture(err) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
  }
}

function csv(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const HEADER =
  'employee,name,revenue,gross_profit,traffic,promotion_cost,supervisor:execution,supervisor:responsibility,supervisor:initiative,additional,additional_reason';
const GOOD = [
  HEADER,
  'E001,张三,1260000,140000,180000,9%,4,4,4,-1,附加分合计',
  'E002,李四,950000,150000,200000,8%,3,3,3,6.5,双11预案',
];

describe('shopkpi score', () => {
  it('prints one line per employee with points, total and grade', async () => {
    const r = await run('score', '--template', TEMPLATE, '--actuals', csv('good.csv', GOOD), '--lang', 'en');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // the scorecard table comes first; a blank line separates what follows (the forced-distribution summary)
    const lines = r.stdout.trim().split('\n\n')[0]!.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/employee.*total.*grade/);
    expect(lines[1]).toMatch(
      /^E001\s+张三\s+36\.00\s+0\.00\s+9\.00\s+8\.75\s+53\.75\s+24\.00\s+-1\.00\s+0\.00\s+76\.75\s+B$/,
    );
    expect(lines[2]).toMatch(/^E002\b.*\s85\.00\s+A$/);
  });

  it('--json gives scorecards with traces', async () => {
    const r = await run('score', '--template', TEMPLATE, '--actuals', csv('good-json.csv', GOOD), '--json');
    expect(r.code).toBe(0);
    const cards = JSON.parse(r.stdout) as Scorecard[];
    expect(cards.map((c) => [c.employee, c.total, c.grade])).toEqual([
      ['E001', 76.75, 'B'],
      ['E002', 85, 'A'],
    ]);
    const revenue = cards[0]!.indicators.find((i) => i.id === 'revenue')!;
    expect(revenue.points).toBe(36);
    expect(revenue.trace?.steps.map((s) => s.zh).join(' ')).toContain('126%');
    expect(revenue.trace?.inputs.find((i) => i.name === 'actual')?.source).toBe('good-json.csv row 2');
  });

  it('--explain prints each indicator’s steps', async () => {
    const r = await run(
      'score',
      '--template',
      TEMPLATE,
      '--actuals',
      csv('good-explain.csv', GOOD),
      '--explain',
      '--lang',
      'en',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('87.5%');
    expect(r.stdout).toContain('56%');
  });

  it('--out writes the file for good input', async () => {
    const out = join(dir, 'good-out.json');
    const r = await run(
      'score',
      '--template',
      TEMPLATE,
      '--actuals',
      csv('good-out.csv', GOOD),
      '--json',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect((JSON.parse(readFileSync(out, 'utf8')) as Scorecard[]).map((c) => c.total)).toEqual([76.75, 85]);
  });

  /**
   * Each bad file: exit 1, the message names the file, the row and the column, and --out writes nothing.
   * Row numbers are as a spreadsheet shows them: the header is row 1, the first employee row 2.
   */
  const bad: { name: string; lines: string[]; row: number; column: string; reason: RegExp }[] = [
    {
      name: 'unknown-column',
      lines: [`${HEADER},bogus_metric`, 'E001,张三,1260000,140000,180000,9%,4,4,4,-1,x,5'],
      row: 1,
      column: 'bogus_metric',
      reason: /unknown column/,
    },
    {
      name: 'not-a-number',
      lines: [
        HEADER,
        'E001,张三,1260000,140000,180000,9%,4,4,4,-1,x',
        'E002,李四,12O0000,150000,200000,8%,3,3,3,0,',
      ],
      row: 3,
      column: 'revenue',
      reason: /not a number/,
    },
    {
      name: 'missing-indicator-column',
      lines: [
        'employee,name,revenue,traffic,promotion_cost,supervisor:execution,supervisor:responsibility,supervisor:initiative',
        'E001,张三,1260000,180000,9%,4,4,4',
      ],
      row: 1,
      column: 'gross_profit',
      reason: /no column for indicator/,
    },
    {
      name: 'duplicate-employee',
      lines: [
        HEADER,
        'E001,张三,1260000,140000,180000,9%,4,4,4,-1,x',
        'E001,张三,950000,150000,200000,8%,3,3,3,0,',
      ],
      row: 3,
      column: 'employee',
      reason: /appears twice/,
    },
    {
      name: 'duplicate-column',
      lines: [`${HEADER},revenue`, 'E001,张三,1260000,140000,180000,9%,4,4,4,-1,x,1'],
      row: 1,
      column: 'revenue',
      reason: /twice|duplicate/i,
    },
  ];

  it.each(bad)('$name: exit 1, names file, row $row and column $column, writes nothing', async (c) => {
    const file = `${c.name}.csv`;
    const out = join(dir, `${c.name}.json`);
    const r = await run(
      'score',
      '--template',
      TEMPLATE,
      '--actuals',
      csv(file, c.lines),
      '--out',
      out,
      '--lang',
      'en',
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
    const line = r.stderr.split('\n').find((l) => l.includes(`column ${c.column}`));
    expect(line, r.stderr).toBeDefined();
    expect(line).toContain(file);
    expect(line).toContain(`row ${c.row}`);
    expect(line).toMatch(c.reason);
  });

  it('a row that cannot be scored (a missing supervisor rating) refuses the whole file', async () => {
    const lines = [HEADER, 'E001,张三,1260000,140000,180000,9%,4,4,,-1,x'];
    const out = join(dir, 'unscorable.json');
    const r = await run(
      'score',
      '--template',
      TEMPLATE,
      '--actuals',
      csv('unscorable.csv', lines),
      '--out',
      out,
    );
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(r.stderr).toContain('row 2');
    expect(r.stderr).toContain('supervisor:initiative');
  });
});

describe('shopkpi score with a formula indicator', () => {
  const template = [
    'kind: kpi-template',
    'id: formula-cli',
    'version: "1"',
    'effective: 2026-01-01',
    'family: test',
    'name: { zh: 公式测试, en: formula test }',
    'rounding: { point: 2, mode: half-up }',
    'parts: { kpi: { weight: 100 } }',
    'grades:',
    '  - { grade: A, when: ">= 60" }',
    '  - { grade: D, when: "< 60" }',
    'acknowledged: [indicator_count@indicators]',
    'indicators:',
    '  - id: conversion',
    '    name: { zh: 转化率, en: Conversion }',
    '    definition: { zh: 个人转化率 ÷ 团队转化率, en: own conversion ÷ team conversion }',
    '    metric: conversion_rate',
    '    cycle: month',
    '    weight: 100',
    '    inputs: [team_rate]',
    '    rule: { type: formula, expr: "min(actual / team_rate, 1.2) * weight" }',
    'examples:',
    '  - name: above the team',
    '    actuals: { conversion: 3%, team_rate: 2.5% }',
    '    expect: { indicators: { conversion: 120 }, total: 120, grade: A }',
  ].join('\n');

  it('scores when the input column is there', async () => {
    const tpl = join(dir, 'formula.yaml');
    writeFileSync(tpl, template);
    const r = await run(
      'score',
      '--template',
      tpl,
      '--actuals',
      csv('formula-good.csv', ['employee,conversion,team_rate', 'E1,3%,2.5%']),
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Scorecard[])[0]?.total).toBe(120);
  });

  it('refuses a file without the formula’s input column with exit 1 and a message, not a crash', async () => {
    // BUG (reported): the FormulaError escapes scoreForm, main() rethrows it and the CLI exits 70 with a stack
    const tpl = join(dir, 'formula-2.yaml');
    writeFileSync(tpl, template);
    const out = join(dir, 'formula-missing.json');
    const file = csv('formula-missing.csv', ['employee,conversion', 'E1,3%']);
    const r = await run('score', '--template', tpl, '--actuals', file, '--out', out, '--lang', 'en').catch(
      (err: unknown): Run => ({ code: 70, stdout: '', stderr: String(err) }),
    );
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(r.stderr).toContain('formula-missing.csv');
    expect(r.stderr).toContain('team_rate');
  });
});

describe('shopkpi check', () => {
  const templates = readdirSync(join(ROOT, 'templates'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(ROOT, 'templates', f));

  it('passes every shipped template', async () => {
    expect(templates.length).toBeGreaterThanOrEqual(6);
    const r = await run('check', ...templates, '--lang', 'en');
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout.match(/^OK /gm)).toHaveLength(templates.length);
  });

  it('fails a template whose example is wrong, saying which number', async () => {
    const source = readFileSync(TEMPLATE, 'utf8');
    const wrong = source.replace('total: 76.75', 'total: 77.75');
    expect(wrong).not.toBe(source);
    const path = join(dir, 'wrong-example.yaml');
    writeFileSync(path, wrong);
    const r = await run('check', path, '--lang', 'en');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL /m);
    expect(r.stdout).toContain('expected 77.75, got 76.75');
  });

  it('refuses to score with a template whose example is wrong', async () => {
    const path = join(dir, 'wrong-example-score.yaml');
    writeFileSync(path, readFileSync(TEMPLATE, 'utf8').replace('total: 76.75', 'total: 77.75'));
    const r = await run('score', '--template', path, '--actuals', csv('good-2.csv', GOOD));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('example_failed');
  });
});

describe('shopkpi score with group, earlier-period and daily inputs (issue 8 §3)', () => {
  const FIXTURES = join(ROOT, 'test', 'fixtures');
  const TEAM_TEMPLATE = join(ROOT, 'templates', 'presales-cs-team.yaml');
  const CS_TEMPLATE = join(ROOT, 'templates', 'presales-cs.yaml');
  const ACTUALS = join(FIXTURES, 'cs-team-actuals.csv');
  const DAILY = join(FIXTURES, 'cs-team-daily.csv');

  it('scores the file’s teams together: team means and ranks per team, days from --daily, 环比 from the file', async () => {
    const r = await run(
      'score',
      '--template',
      TEAM_TEMPLATE,
      '--actuals',
      ACTUALS,
      '--daily',
      DAILY,
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const cards = JSON.parse(r.stdout) as Scorecard[];
    const points = (c: Scorecard) => Object.fromEntries(c.indicators.map((i) => [i.id, i.points]));
    // team cs-a: mean of 42%, 38%, 40% = 40%; C01 (42 − 40)/40 = +5% → 30 + 5 = 35, rank 1 → 10;
    // days 35, promo 65, 31 over their targets (promo 50 is within 60 s) → 3 × −4 → 8; aov 330 vs 300 → 20
    expect(points(cards[0]!)).toEqual({
      conversion_vs_team: 35,
      slow_response_days: 8,
      aov_month_on_month: 20,
      team_rank: 10,
    });
    // C02: −5% → 25; rank 3 → 8; no slow day → 20; aov −5% → −10 → 10
    expect(points(cards[1]!)).toEqual({
      conversion_vs_team: 25,
      slow_response_days: 20,
      aov_month_on_month: 10,
      team_rank: 8,
    });
    // C04 is alone in cs-b: at its own mean (30) and first (10), though its conversion is the lowest
    expect(points(cards[3]!)).toMatchObject({
      conversion_vs_team: 30,
      team_rank: 10,
      slow_response_days: 16,
    });
    expect(cards.map((c) => [c.employee, c.total, c.grade])).toEqual([
      ['C01', 89, 'A'],
      ['C02', 73, 'B'],
      ['C03', 93, 'A'],
      ['C04', 92, 'A'],
    ]);
    const steps = cards[0]!.indicators
      .find((i) => i.id === 'conversion_vs_team')!
      .trace!.steps.map((s) => s.en);
    expect(steps.join(' | ')).toContain('the team mean');
    const aov = cards[0]!.indicators
      .find((i) => i.id === 'aov_month_on_month')!
      .trace!.steps.map((s) => s.en);
    expect(aov.join(' | ')).toContain('the previous period 300');
  });

  it('a cohort template scores with a team column, and a file without it is refused naming the column', async () => {
    const header =
      'employee,inquiry_conversion,response_time,aov,qc_score,satisfaction,service_errors,supervisor:execution,supervisor:responsibility,supervisor:initiative';
    const rows = ['A1,42.5%,38,171,92,96%,1,4,4,4', 'A2,37.5%,30,190,96,99%,0,4,4,4'];
    const ok = await run(
      'score',
      '--template',
      CS_TEMPLATE,
      '--actuals',
      csv('cs-team-ok.csv', [`team,${header}`, ...rows.map((x) => `t1,${x}`)]),
      '--json',
    );
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    // the team mean is (42.5% + 37.5%)/2 = 40%: A1 is the template's worked example, vs_team 3.63
    const a1 = (JSON.parse(ok.stdout) as Scorecard[])[0]!;
    expect(a1.indicators.find((i) => i.id === 'vs_team')!.points).toBe(3.63);

    const out = join(dir, 'cs-no-team.json');
    const bad = await run(
      'score',
      '--template',
      CS_TEMPLATE,
      '--actuals',
      csv('cs-no-team.csv', [header, ...rows]),
      '--out',
      out,
      '--lang',
      'en',
    );
    expect(bad.code).toBe(1);
    expect(existsSync(out)).toBe(false);
    const line = bad.stderr.split('\n').find((l) => l.includes('column team'));
    expect(line, bad.stderr).toBeDefined();
    expect(line).toContain('cs-no-team.csv, row 1');
    expect(line).toContain('compares within the "team" group');
    // the engine's own per-row message never shows: the file is refused at its header
    expect(bad.stderr).not.toContain('no "team" group figure');
  });

  it('a row with an empty team is refused on its row', async () => {
    const lines = readFileSync(ACTUALS, 'utf8').trim().split('\n');
    lines[2] = lines[2]!.replace(',cs-a,', ',,');
    const r = await run(
      'score',
      '--template',
      TEAM_TEMPLATE,
      '--actuals',
      csv('team-empty.csv', lines),
      '--daily',
      DAILY,
      '--lang',
      'en',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/team-empty\.csv, row 3, column team.*empty/);
  });

  it('a template that needs no group scores a file with a team column as before', async () => {
    const lines = GOOD.map((l, i) => `${i === 0 ? 'team' : 'ops'},${l}`);
    const r = await run('score', '--template', TEMPLATE, '--actuals', csv('good-team.csv', lines), '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Scorecard[]).map((c) => c.total)).toEqual([76.75, 85]);
  });

  it('a 环比 indicator without its previous:<metric> column is refused naming the column', async () => {
    const lines = readFileSync(ACTUALS, 'utf8')
      .trim()
      .split('\n')
      .map((l) =>
        l
          .split(',')
          .filter((_, i) => i !== 5)
          .join(','),
      );
    expect(lines[0]).not.toContain('previous:aov');
    const r = await run(
      'score',
      '--template',
      TEAM_TEMPLATE,
      '--actuals',
      csv('no-previous.csv', lines),
      '--daily',
      DAILY,
      '--lang',
      'en',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no-previous\.csv, row 1, column previous:aov: .*previous period/);
  });

  it('a column for an earlier period no indicator reads is an unknown column', async () => {
    const lines = readFileSync(ACTUALS, 'utf8').trim().split('\n');
    const r = await run(
      'score',
      '--template',
      TEAM_TEMPLATE,
      '--actuals',
      csv('extra-last-year.csv', [`${lines[0]},last_year:aov`, ...lines.slice(1).map((l) => `${l},280`)]),
      '--daily',
      DAILY,
      '--lang',
      'en',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/column last_year:aov: unknown column/);
  });

  it('a day-derived template without --daily says so', async () => {
    const r = await run('score', '--template', TEAM_TEMPLATE, '--actuals', ACTUALS, '--lang', 'en');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--daily');
    expect(r.stderr).toContain('slow_response_days');
  });

  it('a bad daily file is refused with row, column and value', async () => {
    const daily = csv('bad-daily.csv', [
      'employee,date,response_time,promo',
      'C01,2026-11-01,25,0',
      'C01,11/02/2026,25,0',
      'C09,2026-11-01,25,0',
      'C02,2026-11-01,fast,0',
      'C02,2026-11-02,20,maybe',
    ]);
    const r = await run(
      'score',
      '--template',
      TEAM_TEMPLATE,
      '--actuals',
      ACTUALS,
      '--daily',
      daily,
      '--lang',
      'en',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad-daily\.csv, row 3, column date.*YYYY-MM-DD/);
    expect(r.stderr).toMatch(/bad-daily\.csv, row 4, column employee.*C09 is not among the actuals/);
    expect(r.stderr).toMatch(/bad-daily\.csv, row 5, column response_time.*not a number/);
    expect(r.stderr).toMatch(/bad-daily\.csv, row 6, column promo/);
  });

  it('同比 and 环比 from the file for live-streaming, with its daily sales and visitors', async () => {
    const tpl = join(ROOT, 'templates', 'live-streaming.yaml');
    const actuals = csv('live.csv', [
      'employee,paid_amount,previous:paid_amount,last_year:paid_amount',
      'L1,230000,200000,180000',
    ]);
    // the template's first example, as daily rows
    const uv = [120, 45, 80, 60, 50, 200];
    const sales = [11000, 9000, 8000, 10000, 9500, 9000, 9900, 12000];
    const daily = csv('live-daily.csv', [
      'employee,date,uv,paid_amount',
      ...sales.map((s, i) => `L1,2026-10-${String(i + 1).padStart(2, '0')},${uv[i] ?? ''},${s}`),
    ]);
    const r = await run('score', '--template', tpl, '--actuals', actuals, '--daily', daily, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [card] = JSON.parse(r.stdout) as Scorecard[];
    expect(card!.total).toBe(57.25);
  });
});
