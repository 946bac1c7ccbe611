import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { AppError } from '../../errors.ts';
import { checkTemplateSource } from '../check-template.ts';
import { parseTemplate } from '../template-parse.ts';
import { buildDraft } from './build-draft.ts';
import { checkDraftSource, resolveDraft } from './draft-check.ts';
import { parseRange } from './grid.ts';

const doc = buildDraft(
  {
    file: 't.xlsx',
    cells: [
      ['考核维度', '权重', '指标', '分值', '目标值', '评分标准', '实际值', '自评得分'],
      ['销售', '70%', '销售额', '50', '100万', '按完成率计分，最高120%', '110万', '55'],
      ['', '', '转化率', '20', '5%', '每低于目标1%扣1分，扣完为止', '4%', '16'],
      ['服务', '30%', '服务态度', '30', '', '由主管酌情评分', '24', '24'],
    ],
    merges: ['A2:A3', 'B2:B3'].map((m) => parseRange(m)!),
  },
  { effective: '2026-12-01' },
);

describe('checkDraftSource', () => {
  it('reports every unresolved item as draft_unresolved with the sheet row, the text and the readings', () => {
    const report = checkDraftSource(stringify(doc), 'draft.yaml');
    expect(report?.ok).toBe(false);
    const drafts = report!.problems.filter((p) => p.code === 'draft_unresolved');
    expect(drafts.map((p) => p.where.row)).toEqual([3, 4]);
    expect(drafts[0]!.where.value).toBe('每低于目标1%扣1分，扣完为止');
    expect(drafts[0]!.fix?.zh).toMatch(/读法1.*读法2/);
    expect(drafts[1]!.message.en).toMatch(/not read/);
    // the missing rules of those two indicators are the same items, not extra shape errors
    expect(report!.problems.filter((p) => p.code === 'template_shape')).toEqual([]);
  });

  it('makes `check` fail on a draft, and pass once a person has settled every item', () => {
    expect(checkTemplateSource(stringify(doc), 'draft.yaml').ok).toBe(false);
    // 4% against 5%: one percentage point below → 20 − 1 = 19; 20% of the target below → 20 − 20 = 0.
    // The sheet states 16, which no reading gives: the example must fail whichever reading is chosen.
    const wrong = resolveDraft(doc, {
      k02: { reading: 1 },
      k03: {
        rule: {
          type: 'interpolate',
          on: 'actual',
          unit: 'points',
          points: [
            { at: 0, value: 0 },
            { at: 30, value: 30 },
          ],
        },
      },
    });
    expect(checkDraftSource(stringify(wrong), 'draft.yaml')).toBeNull();
    const report = checkTemplateSource(stringify(wrong), 'draft.yaml');
    expect(report.ok).toBe(false);
    expect(report.examples[0]!.mismatches.map((m) => m.en).join()).toMatch(/k02: expected 16, got 19/);
  });

  it('records what was chosen and leaves the input untouched', () => {
    const out = resolveDraft(doc, { k02: { reading: 2 } });
    const item = out.draft.items[1]!;
    expect(item.chosen).toMatchObject({ reading: 2 });
    expect(item.unresolved).toBeUndefined();
    expect(out.indicators[1]!.rule).toEqual(item.readings![1]!.rule);
    expect(doc.indicators[1]!.rule).toBeUndefined();
    expect(doc.draft.items[1]!.unresolved).toHaveLength(1);
  });

  it('refuses a choice of a reading that does not exist, or of an unknown indicator', () => {
    expect(() => resolveDraft(doc, { k02: { reading: 9 } })).toThrow(AppError);
    expect(() => resolveDraft(doc, { k99: { reading: 1 } })).toThrow(/k99/);
  });

  it('leaves a template without a draft section to the ordinary check', () => {
    const { draft: _d, ...plain } = doc;
    expect(checkDraftSource(stringify(plain), 'x.yaml')).toBeNull();
  });
});

describe('resolveDraft with a derived reading', () => {
  it('gives the indicator the chosen reading’s derive, which the template parser reads back', () => {
    const d = buildDraft(
      {
        file: 'h.csv',
        cells: [
          ['指标', '分值', '评分标准'],
          ['客单价', '100', '客单价环比提升，每低1%扣0.5分，扣完为止'],
        ],
        merges: [],
      },
      { effective: '2026-12-01' },
    );
    const out = resolveDraft(d, { k01: { reading: 2 } });
    expect(out.indicators[0]!.derive).toEqual({ kind: 'history', compare: 'previous', as: 'growth' });
    const parsed = parseTemplate(stringify(out), 'h.yaml');
    expect(parsed.template?.indicators[0]).toMatchObject({
      derive: { kind: 'history', compare: 'previous', as: 'growth' },
      rule: { type: 'per-unit', partial: 'prorated', floor: { points: 0 } },
    });
  });
});

describe('resolveDraft: dropping a row that is not a points rule', () => {
  // a money fine is pay, not points: the reader refuses it, and nothing but dropping the row settles it
  const money = buildDraft(
    {
      file: 'm.csv',
      cells: [
        ['考核指标', '分值', '目标值', '评分标准', '实际值', '自评得分'],
        ['询单转化率', '40', '50%', '按完成率计分，最高120%', '50%', '40'],
        ['服务态度投诉', '30', '', '每出现一次投诉扣10分，扣完为止', '0', '30'],
        ['培训考试', '20', '', '考试合格得满分，不合格不得分', '0', '0'],
        ['错发', '10', '', '错发一单罚5元', '2', ''],
      ],
      merges: [],
    },
    { effective: '2026-12-01' },
  );

  it('removes the indicator, keeps the text and why, and leaves the weights for a person to adjust', () => {
    expect(money.draft.items[3]).toMatchObject({ id: 'k04', status: 'refused' });
    const out = resolveDraft(money, { k04: { drop: true } });
    expect(out.indicators.map((i) => i.id)).toEqual(['k01', 'k02', 'k03']);
    expect(out.examples[0]!.actuals).not.toHaveProperty('k04');
    const item = out.draft.items[3]!;
    expect(item.unresolved).toBeUndefined();
    expect(item.dropped?.text).toBe('错发一单罚5元');
    expect(item.dropped?.why.zh).toMatch(/薪资台账/);
    expect(item.dropped?.why.en).toMatch(/pay ledger/);
    // the draft is settled, but 40 + 30 + 20 = 90: the template check says so
    const text = stringify(out);
    expect(checkDraftSource(text, 'd.yaml')).toBeNull();
    const report = checkTemplateSource(text, 'd.yaml');
    expect(report.problems.find((p) => p.code === 'weights_total')?.message.en).toMatch(/total 90/);
    // with a weight moved to 培训考试 it adds up, and the sheet's example (0 points at a failed exam) holds
    const fixed = resolveDraft(money, { k04: { drop: true }, k03: { weight: 30 } });
    const ok = checkTemplateSource(stringify(fixed), 'd.yaml');
    expect(ok.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(ok.ok).toBe(true);
    expect(parseTemplate(stringify(fixed), 'd.yaml').template!.indicators.map((i) => i.id)).toEqual([
      'k01',
      'k02',
      'k03',
    ]);
    expect(money.indicators).toHaveLength(4);
  });

  it('drops a dimension left with no indicator, and the declaration when the rest no longer totals 100', () => {
    const withDim = buildDraft(
      {
        file: 'd.xlsx',
        cells: [
          ['考核维度', '指标', '分值', '目标值', '评分标准'],
          ['销售（90%）', '销售额', '90', '100万', '按完成率计分，最高120%'],
          ['纪律（10%）', '错发', '10', '', '错发一单罚5元'],
        ],
        merges: [],
      },
      { effective: '2026-12-01' },
    );
    expect(withDim.dimensions?.map((d) => d.name)).toEqual(['销售', '纪律']);
    const out = resolveDraft(withDim, { k02: { drop: true } });
    expect(out.dimensions).toBeUndefined();
    expect(out.draft.notes.at(-1)?.en).toMatch(/纪律/);
    expect(withDim.dimensions).toHaveLength(2);
  });
});
