import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { buildDraft, type DraftDoc, parseSheetNumber } from './build-draft.ts';
import { findHeader, roleOf } from './columns.ts';
import { parseRange, type SheetGrid } from './grid.ts';

const OPTS = { effective: '2026-12-01' };

function grid(cells: string[][], merges: string[] = []): SheetGrid {
  return { file: 't.xlsx', cells, merges: merges.map((m) => parseRange(m)!) };
}

function refusal(g: SheetGrid): { code: string; where: unknown; en: string } {
  try {
    buildDraft(g, OPTS);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const p = err.problems[0]!;
    return { code: p.code, where: p.where, en: p.message.en };
  }
  throw new Error('expected a refusal');
}

const HEADER = ['考核维度', '权重', '考核指标', '分值', '目标值', '评分标准'];

describe('columns', () => {
  it('knows the usual names in simplified and traditional script, with units in brackets', () => {
    expect(roleOf('考核维度')).toBe('dimension');
    expect(roleOf('考核維度')).toBe('dimension');
    expect(roleOf('權重（%）')).toBe('weight');
    expect(roleOf('分值(分)')).toBe('points');
    expect(roleOf('KPI指标')).toBe('indicator');
    expect(roleOf('目標值')).toBe('target');
    expect(roleOf('評分標準')).toBe('rule');
    expect(roleOf('计分方法')).toBe('rule');
    expect(roleOf('考核标准')).toBe('rule');
    expect(roleOf('數據來源')).toBe('source');
    expect(roleOf('考核週期')).toBe('cycle');
    expect(roleOf('评分标准及说明')).toBe('rule');
    expect(roleOf('姓名')).toBeUndefined();
  });

  it('reads 考核项目 as the indicator, or as the dimension when another column names the indicator', () => {
    expect(findHeader([['考核项目', '权重', '评分标准']])?.columns).toEqual({ indicator: 0, weight: 1, rule: 2 });
    expect(findHeader([['考核项目', 'KPI指标', '权重', '评分标准']])?.columns).toMatchObject({
      dimension: 0,
      indicator: 1,
    });
  });

  it('skips title rows to the header', () => {
    const h = findHeader([['运营考核表'], ['姓名：', '', '部门：'], HEADER]);
    expect(h?.row).toBe(2);
  });
});

describe('parseSheetNumber', () => {
  it('reads targets and points as sheets write them', () => {
    expect(parseSheetNumber('100万')).toBe(1000000);
    expect(parseSheetNumber('≥95%')).toBe(0.95);
    expect(parseSheetNumber('300元')).toBe(300);
    expect(parseSheetNumber('30分')).toBe(30);
    expect(parseSheetNumber('95%以上')).toBe(0.95);
    expect(parseSheetNumber('按时完成')).toBeUndefined();
  });
});

describe('buildDraft', () => {
  const body = [
    ['销售指标', '60%', '销售额', '40', '100万', '按完成率计分，最高120%'],
    ['', '', '转化率', '20', '5%', '每低于目标1%扣1分'],
    ['服务指标', '40%', '差评处理', '40', '', '每出现一次差评扣2分，扣完为止'],
  ];

  it('follows a dimension and its weight merged over several indicator rows', () => {
    const doc = buildDraft(grid([['考核表'], HEADER, ...body], ['A1:F1', 'A3:A4', 'B3:B4']), OPTS);
    expect(doc.dimensions).toEqual([
      { name: '销售指标', weight: 60 },
      { name: '服务指标', weight: 40 },
    ]);
    expect(doc.indicators.map((i) => [i.name, i.dimension, i.weight])).toEqual([
      ['销售额', '销售指标', 40],
      ['转化率', '销售指标', 20],
      ['差评处理', '服务指标', 40],
    ]);
    expect(doc.draft.source.headerRow).toBe(2);
    expect(doc.draft.items.map((i) => i.row)).toEqual([3, 4, 5]);
  });

  it('reads the same table saved as CSV (no merges, dimension and weight on the first row only)', () => {
    const doc = buildDraft(grid([HEADER, ...body]), OPTS);
    expect(doc.dimensions).toEqual([
      { name: '销售指标', weight: 60 },
      { name: '服务指标', weight: 40 },
    ]);
    expect(doc.indicators[1]!.dimension).toBe('销售指标');
  });

  it('reads a dimension weight written in the dimension cell', () => {
    const doc = buildDraft(
      grid([
        ['考核维度', '指标', '分值', '评分标准'],
        ['销售指标（60%）', '销售额', '60', '按完成率计分'],
        ['服务指标(40%)', '差评', '40', '每出现一次扣2分，扣完为止'],
      ]),
      OPTS,
    );
    expect(doc.dimensions).toEqual([
      { name: '销售指标', weight: 60 },
      { name: '服务指标', weight: 40 },
    ]);
  });

  it('gives a read rule to the indicator, and leaves an ambiguous one without a rule, listing every reading', () => {
    const doc = buildDraft(grid([HEADER, ...body]), OPTS);
    const [sales, conv] = doc.draft.items;
    expect(sales!.status).toBe('read');
    expect(doc.indicators[0]!.rule).toEqual({ type: 'linear', cap: 1.2 });
    expect(conv!.status).toBe('ambiguous');
    expect(doc.indicators[1]!.rule).toBeUndefined();
    expect(conv!.readings!.length).toBeGreaterThanOrEqual(2);
    for (const r of conv!.readings!) expect(r.samples).toHaveLength(2);
    expect(conv!.unresolved?.map((u) => u.field)).toEqual(['reading']);
    expect(conv!.text).toBe('每低于目标1%扣1分');
  });

  it('keeps a formula cell as text, never evaluated, and marks it refused', () => {
    const doc = buildDraft(grid([HEADER, ['销售', '100%', '销售额', '100', '', "=cmd|' /C calc'!A0"]]), OPTS);
    const item = doc.draft.items[0]!;
    expect(item.text).toBe("=cmd|' /C calc'!A0");
    expect(item.status).toBe('refused');
    expect(item.reason?.en).toMatch(/formula/);
    expect(item.unresolved?.map((u) => u.field)).toEqual(['rule']);
  });

  it('marks an indicator without full points, and points that differ from the weight', () => {
    const doc = buildDraft(
      grid([
        ['考核维度', '权重', '指标', '评分标准'],
        ['销售', '60%', '销售额', '按完成率计分'],
        ['', '', '毛利', '按完成率计分'],
        ['服务', '40%', '差评', '每出现一次扣2分，扣完为止'],
      ], ['A2:A3', 'B2:B3']),
      OPTS,
    );
    // two indicators share 销售's 60: the sheet does not say how
    expect(doc.draft.items[0]!.unresolved?.map((u) => u.field)).toContain('weight');
    expect(doc.indicators[0]!.weight).toBeUndefined();
    // 服务 has one indicator: it takes the dimension's weight
    expect(doc.indicators[2]!.weight).toBe(40);
    const scaled = buildDraft(grid([['指标', '权重', '分值', '评分标准'], ['销售额', '20%', '100', '按完成率计分']]), OPTS);
    expect(scaled.draft.items[0]!.unresolved?.map((u) => u.field)).toEqual(['scale']);
  });

  it('stops at the totals row and takes its self-assessed points as the example total', () => {
    const doc = buildDraft(
      grid([
        ['指标', '分值', '目标值', '评分标准', '实际值', '自评得分'],
        ['销售额', '60', '100万', '按完成率计分，最高120%', '90万', '54'],
        ['差评', '40', '', '每出现一次扣2分，扣完为止', '3', '34'],
        ['合计', '100', '', '', '', '88'],
        ['备注：以上为示例', '', '', '', '', ''],
      ]),
      OPTS,
    );
    expect(doc.indicators).toHaveLength(2);
    expect(doc.examples[0]).toMatchObject({
      actuals: { k01: 900000, k02: 3 },
      expect: { indicators: { k01: 54, k02: 34 }, total: 88 },
    });
  });

  it('refuses an empty sheet', () => {
    expect(refusal(grid([]))).toMatchObject({ code: 'sheet_empty' });
    expect(refusal(grid([['', ' '], []]))).toMatchObject({ code: 'sheet_empty' });
  });

  it('refuses a sheet with no header row', () => {
    expect(refusal(grid([['王芳', '95'], ['李雷', '88']]))).toMatchObject({ code: 'header_missing' });
    // an indicator column alone is not enough: the scoring column is what the importer reads
    expect(refusal(grid([['指标', '权重', '目标值'], ['销售额', '30', '100万']]))).toMatchObject({
      code: 'header_missing',
    });
  });

  it('refuses a header with no indicator rows below it', () => {
    expect(refusal(grid([HEADER, ['', '', '', '', '', '']]))).toMatchObject({ code: 'no_indicators' });
  });

  it('refuses a merged-cell maze, naming the range', () => {
    const cells = [HEADER, ...body];
    // overlapping ranges
    expect(refusal(grid(cells, ['A2:B3', 'B3:C4']))).toMatchObject({ code: 'merge_maze', en: /overlap/ });
    // a range across columns inside the table
    expect(refusal(grid(cells, ['C2:F2']))).toMatchObject({
      code: 'merge_maze',
      where: { row: 2, column: 'C' },
      en: /C2:F2.*several columns/,
    });
    // several indicators' rule cells merged into one
    expect(refusal(grid(cells, ['F2:F3']))).toMatchObject({ code: 'merge_maze', en: /own cells/ });
    // a range through the header row
    expect(refusal(grid(cells, ['A1:A3']))).toMatchObject({ code: 'merge_maze', en: /header/ });
    // thousands of merges
    const many = Array.from({ length: 600 }, (_, i) => `H${i + 10}:I${i + 10}`);
    expect(refusal(grid(cells, many))).toMatchObject({ code: 'merge_maze', en: /too many/ });
  });

  it('lets title, totals and note rows merge freely', () => {
    const doc: DraftDoc = buildDraft(
      grid([['考核表'], HEADER, ...body, ['合计', '100%', '', '100', '', ''], ['备注：……']], [
        'A1:F1',
        'A6:C6',
        'A7:F7',
      ]),
      OPTS,
    );
    expect(doc.indicators).toHaveLength(3);
  });
});
