/**
 * Any grid of cells and merged ranges either becomes a draft or is refused with an AppError that names
 * the file; nothing else escapes. A draft always accounts for every indicator: it has a rule, or its
 * draft item says what is unresolved, and `check` never passes a draft with an unresolved item.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { AppError } from '../../errors.ts';
import { checkTemplateSource } from '../check-template.ts';
import { buildDraft } from './build-draft.ts';
import type { CellRange, SheetGrid } from './grid.ts';

const WORDS = [
  '',
  '',
  '考核维度',
  '指标',
  '权重',
  '分值',
  '目标值',
  '评分标准',
  '自评得分',
  '实际值',
  '合计',
  '备注：',
  '销售',
  '30%',
  '40',
  '100万',
  '5%',
  '按完成率计分，最高120%',
  '每低于目标1%扣1分',
  '每出现一次扣2分，扣完为止',
  '95%以上得10分；90%-95%得6分',
  '由主管酌情评分',
  '客单价环比提升，每低1%扣0.5分',
  "=cmd|' /C calc'!A0",
  '完成',
  '4.5%',
];

const cell = fc.constantFrom(...WORDS);
const grids = fc
  .record({
    cells: fc.array(fc.array(cell, { minLength: 0, maxLength: 8 }), { minLength: 0, maxLength: 12 }),
    merges: fc.array(
      fc
        .record({ top: fc.nat(11), left: fc.nat(7), h: fc.nat(3), w: fc.nat(2) })
        .map(({ top, left, h, w }): CellRange => ({ top, left, bottom: top + h, right: left + w })),
      { maxLength: 4 },
    ),
  })
  .map(({ cells, merges }): SheetGrid => ({ file: 'p.xlsx', cells, merges }));

/** Grids that have a header, so that most runs get past the header check. */
const withHeader = fc
  .tuple(
    grids,
    fc.shuffledSubarray(['考核维度', '权重', '分值', '目标值', '自评得分', '实际值'], { minLength: 1 }),
  )
  .map(([g, extra]): SheetGrid => ({ ...g, cells: [['指标', '评分标准', ...extra], ...g.cells] }));

describe('buildDraft on any grid', () => {
  it('returns a draft accounting for every indicator, or refuses with an AppError naming the file', () => {
    let drafts = 0;
    fc.assert(
      fc.property(fc.oneof(grids, withHeader), (g) => {
        let doc: ReturnType<typeof buildDraft>;
        try {
          doc = buildDraft(g, { effective: '2026-12-01' });
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
          expect((err as AppError).problems[0]?.where.file).toBe('p.xlsx');
          return;
        }
        drafts++;
        expect(doc.indicators.length).toBe(doc.draft.items.length);
        doc.indicators.forEach((ind, i) => {
          const item = doc.draft.items[i]!;
          if (!ind.rule || ind.weight === undefined) expect(item.unresolved?.length ?? 0).toBeGreaterThan(0);
        });
        const open = doc.draft.items.some((it) => (it.unresolved?.length ?? 0) > 0);
        const report = checkTemplateSource(stringify(doc), 'p.yaml');
        if (open) {
          expect(report.ok).toBe(false);
          expect(report.problems.some((p) => p.code === 'draft_unresolved')).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
    // the generator must reach the interesting path, not only refusals
    expect(drafts).toBeGreaterThan(20);
  });
});
