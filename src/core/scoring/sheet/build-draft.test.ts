import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { AppError } from '../../errors.ts';
import { checkTemplateSource } from '../check-template.ts';
import { buildDraft, type DraftDoc, parseSheetNumber } from './build-draft.ts';
import { findHeader, roleOf } from './columns.ts';
import { resolveDraft } from './draft-check.ts';
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
    expect(findHeader([['考核项目', '权重', '评分标准']])?.columns).toEqual({
      indicator: 0,
      weight: 1,
      rule: 2,
    });
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

  it('carries the other inputs of a joint band and the note of a days rule into the draft', () => {
    const doc = buildDraft(
      grid([
        HEADER,
        ['直播', '50%', '留存', '50', '', '5分钟留存≥60% 且 30分钟留存≥40%: 8分；≥50%+≥35%: 6分；其余0分'],
        ['流量', '50%', '访客', '50', '', '每日低于50个访客，减10分'],
      ]),
      OPTS,
    );
    const [joint, days] = doc.draft.items;
    expect(joint!.status).toBe('read');
    expect(doc.indicators[0]!.inputs).toEqual(['5分钟留存', '30分钟留存']);
    const text = stringify(doc);
    const problems = checkTemplateSource(text, 't.yaml').problems.map((p) => p.code);
    expect(problems).not.toContain('joint_input_undeclared');
    expect(days!.status).toBe('read');
    expect(doc.indicators[1]!.derive).toMatchObject({ kind: 'days' });
    expect(days!.notes?.map((n) => n.en).join(' ')).toMatch(/daily figures/);
    expect(days!.notes?.map((n) => n.en).join(' ')).not.toMatch(/team/);
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
      grid(
        [
          ['考核维度', '权重', '指标', '评分标准'],
          ['销售', '60%', '销售额', '按完成率计分'],
          ['', '', '毛利', '按完成率计分'],
          ['服务', '40%', '差评', '每出现一次扣2分，扣完为止'],
        ],
        ['A2:A3', 'B2:B3'],
      ),
      OPTS,
    );
    // two indicators share 销售's 60: the sheet does not say how
    expect(doc.draft.items[0]!.unresolved?.map((u) => u.field)).toContain('weight');
    expect(doc.indicators[0]!.weight).toBeUndefined();
    // 服务 has one indicator: it takes the dimension's weight
    expect(doc.indicators[2]!.weight).toBe(40);
    // 分值 100 weighted 20%: a proportional rule means the same on any scale; a band table becomes percent
    // of the full points; a per-unit "扣2分" of 100 is not 2 of 20 and needs a person
    const scaled = buildDraft(
      grid([
        ['指标', '权重', '分值', '目标值', '评分标准'],
        ['销售额', '20%', '100', '100万', '按完成率计分，最高120%'],
        ['好评率', '30%', '100', '', '98%以上得100分；95%(含)-98%得80分；低于95%得0分'],
        ['差评', '50%', '100', '', '每出现一次扣2分，扣完为止'],
      ]),
      OPTS,
    );
    expect(scaled.indicators.map((i) => i.weight)).toEqual([20, 30, 50]);
    expect(scaled.indicators[0]!.rule).toEqual({ type: 'linear', cap: 1.2 });
    expect(scaled.draft.items[0]!.unresolved).toBeUndefined();
    expect(scaled.indicators[1]!.rule).toMatchObject({
      type: 'bands',
      unit: 'percent',
      bands: [{ value: 100 }, { value: 80 }, { value: 0 }],
      else: 0,
    });
    expect(scaled.indicators[2]!.rule).toBeUndefined();
    expect(scaled.draft.items[2]!.unresolved?.map((u) => u.field)).toEqual(['scale']);
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
    expect(
      refusal(
        grid([
          ['王芳', '95'],
          ['李雷', '88'],
        ]),
      ),
    ).toMatchObject({ code: 'header_missing' });
    // an indicator column alone is not enough: the scoring column is what the importer reads
    expect(
      refusal(
        grid([
          ['指标', '权重', '目标值'],
          ['销售额', '30', '100万'],
        ]),
      ),
    ).toMatchObject({
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
      en: /C2:F2.*several known columns/,
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
      grid(
        [['考核表'], HEADER, ...body, ['合计', '100%', '', '100', '', ''], ['备注：……']],
        ['A1:F1', 'A6:C6', 'A7:F7'],
      ),
      OPTS,
    );
    expect(doc.indicators).toHaveLength(3);
  });
});

describe('buildDraft with derived figures', () => {
  const doc = buildDraft(
    grid([
      ['指标', '分值', '目标值', '评分标准', '考核周期'],
      ['客单价', '40', '150', '客单价环比提升，每低1%扣0.5分，扣完为止', '月'],
      ['GMV排名', '30', '', '团队排名前3名得30分，第4-6名得20分，其余0分', '每月'],
      ['点击率', '30', '3%', '点击率低于行业均值的，每低0.1%扣1分', '不定期'],
    ]),
    OPTS,
  );

  it('gives a rank text its rule and the indicator its derive', () => {
    expect(doc.indicators[1]!.derive).toEqual({ kind: 'rank', group: 'team', order: 'desc' });
    expect(doc.indicators[1]!.rule).toMatchObject({ type: 'bands', on: 'actual' });
    expect(doc.draft.items[1]!.notes?.map((n) => n.en).join()).toMatch(/cohort/);
  });

  it('keeps the derive with each reading of an ambiguous 环比 text, and none on the indicator yet', () => {
    const item = doc.draft.items[0]!;
    expect(item.status).toBe('ambiguous');
    for (const r of item.readings!)
      expect(r.derive).toEqual({ kind: 'history', compare: 'previous', as: 'growth' });
    expect(doc.indicators[0]!.derive).toBeUndefined();
    // the samples are growths, negative below the previous period
    expect(item.readings![0]!.samples.some((s) => s.actual < 0)).toBe(true);
  });

  it('leaves an industry benchmark refused, and notes a cycle it does not know', () => {
    expect(doc.draft.items[2]!.status).toBe('refused');
    expect(doc.indicators[2]!.cycle).toBe('month');
    expect(doc.draft.items[2]!.notes?.map((n) => n.en).join()).toMatch(/cycle "不定期" not recognised/);
  });
});

describe('buildDraft with a two-level header', () => {
  it('reads 考核维度 and 权重 merged down over two header rows, and 考核内容 merged across', () => {
    const doc = buildDraft(
      grid(
        [
          ['考核维度', '权重', '考核内容', '', '', ''],
          ['', '', '指标', '分值', '目标值', '评分标准'],
          ['销售', '70%', '销售额', '50', '100万', '按完成率计分，最高120%'],
          ['', '', '毛利额', '20', '20万', '按完成率计分'],
          ['服务', '30%', '差评', '30', '', '每出现一次扣2分，扣完为止'],
        ],
        ['A1:A2', 'B1:B2', 'C1:F1', 'A3:A4', 'B3:B4'],
      ),
      OPTS,
    );
    expect(doc.draft.source.headerRow).toBe(2);
    expect(doc.draft.source.columns).toMatchObject({
      dimension: 'A 考核维度',
      weight: 'B 权重',
      rule: 'F 评分标准',
    });
    expect(doc.dimensions).toEqual([
      { name: '销售', weight: 70 },
      { name: '服务', weight: 30 },
    ]);
  });

  it('still refuses a header cell merged down into the table', () => {
    const cells = [HEADER, ['销售指标', '60%', '销售额', '40', '100万', '按完成率计分']];
    expect(refusal(grid(cells, ['A1:A2']))).toMatchObject({ code: 'merge_maze', en: /header/ });
  });
});

describe('a 百分制 sheet (分值 100, weighted by 权重)', () => {
  it('scores the sheet’s own example on the weights once the per-unit rule is rewritten', () => {
    const doc = buildDraft(
      grid([
        ['指标', '权重', '分值', '目标值', '评分标准', '实际值', '自评得分'],
        // 90万 of 100万 → 90 of 100 → 18 of 20
        ['销售额', '20%', '100', '100万', '按完成率计分，最高120%', '90万', '90'],
        // 96% is in 95%–98% → 80 of 100 → 24 of 30
        ['好评率', '30%', '100', '', '98%以上得100分；95%(含)-98%得80分；低于95%得0分', '96%', '80'],
        // 3 bad reviews → 100 − 6 = 94 of 100 → 47 of 50
        ['差评', '50%', '100', '', '每出现一次扣2分，扣完为止', '3', '94'],
      ]),
      OPTS,
    );
    expect(doc.examples[0]!.expect.indicators).toEqual({ k01: 18, k02: 24, k03: 47 });
    // 扣2分 of 100 is 扣1分 of 50
    const resolved = resolveDraft(doc, {
      k03: {
        rule: {
          type: 'per-unit',
          on: 'actual',
          reference: 'zero',
          direction: 'above',
          step: 1,
          stepOf: 'absolute',
          partial: 'whole',
          perStepAbove: -1,
          base: 'full',
          floor: { points: 0 },
        },
      },
    });
    const report = checkTemplateSource(stringify(resolved), 'p.yaml');
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(report.examples[0]).toMatchObject({ ok: true });
  });
});

describe('buildDraft with a 评分标准 widened over a blank column', () => {
  it('reads the text of a rule cell merged across an unnamed column', () => {
    const doc = buildDraft(
      grid(
        [
          ['指标', '分值', '评分标准', '', '数据来源'],
          ['销售额', '60', '按完成率计分，最高120%', '', '生意参谋'],
          ['差评', '40', '每出现一次扣2分，扣完为止', '', '客服系统'],
        ],
        ['C1:D1', 'C2:D2', 'C3:D3'],
      ),
      OPTS,
    );
    expect(doc.draft.items.map((i) => i.status)).toEqual(['read', 'read']);
  });
});
