import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TableRecords } from '../import/read-table.ts';
import { personsFromTable } from './actuals-table.ts';
import { loadTemplate } from './load-template.ts';

// presales-cs-team.yaml: slow_response_days is day-derived (derive kind 'days' on response_time)
const TEMPLATE = join(import.meta.dirname, '..', '..', 'templates', 'presales-cs-team.yaml');

const table = (header: string[], rows: string[][]): TableRecords => ({
  file: 'actuals.csv',
  header,
  headerRow: 1,
  records: rows.map((cells, i) => ({
    row: i + 2,
    values: Object.fromEntries(header.map((h, j) => [h, cells[j] ?? ''])),
  })),
});

const HEADER = ['employee', 'inquiry_conversion', 'aov', 'supervisor:attitude', 'supervisor:teamwork'];
const ROW = ['C01', '42%', '330', '4', '4'];

describe('personsFromTable and day-derived indicators', () => {
  it('needs no monthly column for a day-derived indicator when daily figures are given', async () => {
    const { template } = await loadTemplate(TEMPLATE);
    expect(template.indicators.some((i) => i.derive?.kind === 'days')).toBe(true);
    const r = personsFromTable(template, table(HEADER, [ROW]), { daily: true });
    expect(r.problems).toEqual([]);
    expect(r.persons).toHaveLength(1);
    expect(r.persons[0]?.actuals).toEqual({ inquiry_conversion: 0.42, aov: 330 });
  });

  it('refuses a day-derived indicator with neither a column nor daily figures, naming it', async () => {
    const { template } = await loadTemplate(TEMPLATE);
    const r = personsFromTable(template, table(HEADER, [ROW]));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]?.where).toMatchObject({ file: 'actuals.csv', row: 1, column: 'slow_response_days' });
    expect(r.problems[0]?.message.en).toContain('no daily response_time figures');
    expect(r.problems[0]?.message.zh).toContain('每日');
  });

  it('still takes the column when there is one and no daily figures', async () => {
    const { template } = await loadTemplate(TEMPLATE);
    const r = personsFromTable(template, table([...HEADER, 'slow_response_days'], [[...ROW, '2']]));
    expect(r.problems).toEqual([]);
    expect(r.persons[0]?.actuals.slow_response_days).toBe(2);
  });

  it('daily figures excuse only day-derived indicators: a missing monthly column is still refused', async () => {
    const { template } = await loadTemplate(TEMPLATE);
    const r = personsFromTable(
      template,
      table(
        HEADER.filter((h) => h !== 'aov'),
        [ROW.filter((_, i) => i !== 2)],
      ),
      { daily: true },
    );
    expect(r.problems.map((p) => p.where?.column)).toEqual(['aov_month_on_month']); // the indicator on metric aov
  });
});
