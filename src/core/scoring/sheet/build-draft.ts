/**
 * From a 考核表 worksheet (text cells + merged ranges) to a DRAFT template (issue 8 §5).
 *
 * The header row and the columns are found by their usual names (columns.ts); merged cells are followed
 * (a 考核维度 cell with 权重 40% merged over three indicator rows gives a dimension of weight 40 and those
 * three indicators' `dimension`); every 评分标准 cell goes through the rule-text reader. What the reader
 * could not settle is written down, not guessed: an indicator whose rule is ambiguous or unreadable gets
 * NO `rule` in the draft, and the `draft:` section lists its source text, the readings with their sample
 * points, and what is unresolved. `shopkpi check` reports every unresolved item as an error
 * (draft-check.ts), so a draft cannot score until a person settles each one.
 *
 * Bad sheets are refused as a whole with a Problem naming the cell: no sheet, no header row, merged
 * ranges that overlap or cut through the table (a "maze").
 */
import { AppError, type Problem } from '../../errors.ts';
import { type Text, t } from '../../text.ts';
import { parseQuantity } from '../quantity.ts';
import { readRuleText } from '../reader/read-rule-text.ts';
import type { ReadResult, Sample } from '../reader/reader-types.ts';
import { pickSamples } from '../reader/samples.ts';
import type { Cycle, Derive, Rule } from '../types.ts';
import { type ColumnMap, type ColumnRole, findHeader, simplify } from './columns.ts';
import { type CellRange, colName, rangeName, type SheetGrid } from './grid.ts';
import { rescaleRule } from './rescale.ts';
import { type RuleInFile, ruleForFile } from './rule-file.ts';

/** What is left for a person to settle on one indicator. */
export type UnresolvedField = 'reading' | 'rule' | 'weight' | 'scale';

export interface UnresolvedItem {
  field: UnresolvedField;
  zh: string;
  en: string;
}

/** One indicator row of the sheet, as the draft records it. */
export interface DraftItem {
  /** the indicator id in `indicators` */
  id: string;
  /** 1-based sheet row */
  row: number;
  indicator: string;
  /** the 评分标准 cell exactly as the sheet has it */
  text: string;
  status: ReadResult['status'];
  /** the reading, when the text had one (as the file writes rules) */
  rule?: RuleInFile;
  /** every reading of an ambiguous text, with the points each gives at two sample actuals */
  readings?: { rule: RuleInFile; note: Text; samples: Sample[]; derive?: Derive; inputs?: string[] }[];
  /** the read rule scores a derived figure (环比, team average, rank, days of the month) */
  derive?: Derive;
  /** other named inputs the read rule needs (joint bands) */
  inputs?: string[];
  reason?: Text;
  notes?: Text[];
  unresolved?: UnresolvedItem[];
  /** set by resolveDraft: what a person chose */
  chosen?: { reading: number; note: Text } | 'by hand';
  /**
   * set by resolveDraft when a person dropped the row (a money fine, a note: not a points rule): its
   * indicator left the template; the source text and why stay here as the record
   */
  dropped?: { text: string; why: Text };
}

export interface DraftSection {
  source: { file: string; sheet?: string; headerRow: number; columns: Record<string, string> };
  notes: Text[];
  items: DraftItem[];
}

/** A plain indicator object as the YAML carries it (field names as in types.ts; `rule` absent when unresolved). */
export interface DraftIndicator {
  id: string;
  name: string;
  definition: string;
  metric: string;
  cycle: Cycle;
  weight?: number;
  target?: number;
  unit?: string;
  dimension?: string;
  rule?: RuleInFile;
  derive?: Derive;
  inputs?: string[];
}

export interface DraftExample {
  name: string;
  actuals: Record<string, number>;
  expect: { indicators?: Record<string, number>; total?: number };
}

/** The draft template document, ready to be written as YAML. */
export interface DraftDoc {
  kind: 'kpi-template';
  id: string;
  version: string;
  effective: string;
  family: string;
  name: { zh: string; en: string };
  rounding: { point: number; mode: 'half-up' };
  parts: { kpi: { weight: number } };
  grades: { grade: string; when: string }[];
  dimensions?: { name: string; weight: number }[];
  indicators: DraftIndicator[];
  examples: DraftExample[];
  draft: DraftSection;
}

export interface BuildOptions {
  /** first day the template would apply, YYYY-MM-DD (the caller knows the date; this module does not) */
  effective: string;
  /** template id; default derived from the file name */
  id?: string;
}

/** More merged ranges than any real 考核表 has: the sheet is not a table. */
const MAX_MERGES = 500;
/** Indicator rows: a 考核表 has 3–30; more is some other table. */
const MAX_INDICATORS = 200;

function refuse(
  grid: SheetGrid,
  code: string,
  message: Text,
  where: Partial<Problem['where']> = {},
  fix?: Text,
): AppError {
  const problem: Problem = {
    severity: 'error',
    code,
    message,
    where: { file: grid.file, ...where },
    ...(fix ? { fix } : {}),
  };
  return new AppError(
    'import_refused',
    t(`考核表无法导入：${grid.file}`, `the sheet cannot be imported: ${grid.file}`),
    [problem],
  );
}

function overlaps(a: CellRange, b: CellRange): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}

/** Refuses merged ranges that overlap each other or cut across the header row. */
function checkMergesShape(grid: SheetGrid): void {
  if (grid.merges.length > MAX_MERGES) {
    throw refuse(
      grid,
      'merge_maze',
      t(
        `合并单元格过多（${grid.merges.length}个，上限${MAX_MERGES}）：不像一张考核表`,
        `too many merged ranges (${grid.merges.length}, limit ${MAX_MERGES}): this is not an appraisal table`,
      ),
    );
  }
  const sorted = grid.merges.slice().sort((a, b) => a.top - b.top || a.left - b.left);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length && sorted[j]!.top <= sorted[i]!.bottom; j++) {
      if (overlaps(sorted[i]!, sorted[j]!)) {
        throw refuse(
          grid,
          'merge_maze',
          t(
            `合并区域 ${rangeName(sorted[i]!)} 与 ${rangeName(sorted[j]!)} 重叠`,
            `merged ranges ${rangeName(sorted[i]!)} and ${rangeName(sorted[j]!)} overlap`,
          ),
          { column: colName(sorted[j]!.left), row: sorted[j]!.top + 1 },
          t('取消这些合并后重新导入', 'unmerge these cells and import again'),
        );
      }
    }
  }
}

/** The body's merges must be vertical runs in one column, and never over an indicator's own cells. */
function checkBodyMerges(grid: SheetGrid, header: number, end: number, cols: ColumnMap): void {
  const own = new Set<number>(
    (['indicator', 'rule', 'target', 'points', 'sampleActual', 'samplePoints'] as ColumnRole[])
      .map((r) => cols[r])
      .filter((c): c is number => c !== undefined),
  );
  for (const m of grid.merges) {
    // title rows above the header, and the totals and note rows below the table, may merge freely
    if (m.bottom < header || m.top >= end) continue;
    // a range ending on the header row is a two-level header (考核维度 merged over two header rows): fine
    const cutsHeader = m.top <= header && m.bottom > header;
    // a cell widened over blank columns is fine; one cell over two known columns hides one of them
    const mapped = Object.values(cols).filter((c) => c >= m.left && c <= m.right).length;
    const wide = m.top > header && m.right > m.left && mapped > 1;
    const onOwn = m.top > header && m.bottom > m.top && [...own].some((c) => c >= m.left && c <= m.right);
    if (cutsHeader || wide || onOwn) {
      const why = cutsHeader
        ? t('跨过了表头行', 'it crosses the header row')
        : wide
          ? t('在表体中横跨多个列（一格盖住了两列的内容）', 'it spans several known columns inside the table')
          : t(
              '把多行的指标、目标、分值或评分标准合成了一格',
              "it merges several rows of an indicator's own cells",
            );
      throw refuse(
        grid,
        'merge_maze',
        t(
          `合并区域 ${rangeName(m)} 无法对应到指标行：${why.zh}`,
          `merged range ${rangeName(m)} cannot be matched to indicator rows: ${why.en}`,
        ),
        { row: m.top + 1, column: colName(m.left) },
        t(
          '只在“考核维度”“权重”“数据来源”等列纵向合并；每个指标一行',
          'merge only vertically, in columns such as 考核维度, 权重 or 数据来源; one row per indicator',
        ),
      );
    }
  }
}

/**
 * The top rows as a person reads them for the header: a vertically merged header cell (考核维度 over two
 * header rows) shows its text on each of its rows, so that the lower row of a two-level header is complete.
 */
function headerView(grid: SheetGrid): string[][] {
  const rows = grid.cells.slice(0, 30).map((r) => r.slice());
  for (const m of grid.merges) {
    if (m.top >= rows.length || m.bottom === m.top) continue;
    const text = grid.cells[m.top]?.[m.left] ?? '';
    for (let r = m.top + 1; r <= Math.min(m.bottom, rows.length - 1); r++) {
      const row = rows[r]!;
      while (row.length <= m.left) row.push('');
      if (row[m.left] === '') row[m.left] = text;
    }
  }
  return rows;
}

/** The text shown at (row, col): the cell's own, or its merged range's top-left cell's. */
function cellAt(grid: SheetGrid, row: number, col: number | undefined): { text: string; merge?: CellRange } {
  if (col === undefined) return { text: '' };
  const merge = grid.merges.find((m) => row >= m.top && row <= m.bottom && col >= m.left && col <= m.right);
  const r = merge ? merge.top : row;
  const c = merge ? merge.left : col;
  return { text: (grid.cells[r]?.[c] ?? '').trim(), ...(merge ? { merge } : {}) };
}

const TOTAL_ROW = /^(合计|总计|总分|小计|合計|總計|總分|小計)/;
const NOTE_ROW = /^(备注|说明|注[:：]|備註|說明)/;

/** "≥95%" → 0.95, "100万元" → 1000000, "30分" → 30; undefined when it is not one number. */
export function parseSheetNumber(text: string): number | undefined {
  const s = simplify(text)
    .trim()
    .replace(/^(≥|>=|≤|<=|>|<|＞|＜|不低于|不少于|不超过|不高于|达到|大于|小于|低于|高于)\s*/, '')
    .replace(/\s*(以上|以下|以内|及以上|及以下)$/, '')
    .replace(/^[¥￥$]/, '')
    .replace(/\s*(元|分|件|单|个|次|小时|秒|分钟|天|人|uv|UV|笔|条|篇|场)$/, '');
  return parseQuantity(s);
}

/** A dimension cell's own weight: "销售指标（40%）", "销售指标 40%". */
function dimensionWithWeight(text: string): { name: string; weight?: number } {
  const m = /^(.*?)[\s(（【[]*(\d+(?:\.\d+)?)\s*[%％]?\s*[)）】\]]?$/.exec(text);
  if (m?.[1] && /\D$/.test(m[1].trim()) && /[%％)）]/.test(text)) {
    return { name: m[1].trim(), weight: Number(m[2]) };
  }
  return { name: text };
}

/** 40% → 40, 0.4 → 40 (when the column is written as fractions), 40 → 40. */
function percentWeight(text: string, fractions: boolean): number | undefined {
  const q = parseSheetNumber(text);
  if (q === undefined) return undefined;
  if (/[%％]/.test(text)) return Math.round(q * 100 * 1e6) / 1e6;
  return fractions ? Math.round(q * 100 * 1e6) / 1e6 : q;
}

function cycleOf(text: string): Cycle | undefined {
  const s = simplify(text);
  if (s === '') return undefined;
  if (/季/.test(s)) return 'quarter';
  if (/年/.test(s)) return 'year';
  if (/周/.test(s)) return 'week';
  if (/日|天/.test(s)) return 'day';
  if (/月/.test(s)) return 'month';
  return undefined;
}

function sampleActualOf(text: string): number | undefined {
  const s = simplify(text).trim();
  if (/^(是|完成|已完成|按时完成|达标|合格|有|√|✓|y|yes)$/i.test(s)) return 1;
  if (/^(否|未完成|没完成|不达标|不合格|无|×|✗|n|no)$/i.test(s)) return 0;
  return parseSheetNumber(s);
}

function slug(file: string): string {
  const base = file.replace(/\.[^.]+$/, '').toLowerCase();
  const s = base.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s ? `sheet-${s}` : 'sheet-import';
}

function unitOf(unitCell: string, targetCell: string, name: string): string | undefined {
  if (unitCell) return unitCell;
  if (/元|万|¥|￥/.test(targetCell)) return 'CNY';
  if (/[%％]/.test(targetCell) || /率|占比/.test(name)) return '%';
  if (/额|金额|GMV/i.test(name)) return 'CNY';
  return undefined;
}

interface Row {
  row: number;
  name: string;
  dimension?: string;
  weightCell: string;
  weightMerged: boolean;
  /** the 考核维度 cell is written on this row (not merged from above, not filled down) */
  dimensionStarts: boolean;
  pointsCell: string;
  targetCell: string;
  ruleText: string;
  definition: string;
  source: string;
  cycle: string;
  unit: string;
  sampleActual: string;
  samplePoints: string;
}

/**
 * Builds the draft template from a worksheet grid. Throws {@link AppError} (`import_refused`) with the
 * Problem naming the cell when the sheet cannot be read as a 考核表.
 */
export function buildDraft(grid: SheetGrid, opts: BuildOptions): DraftDoc {
  if (!grid.cells.some((r) => r.some((c) => c.trim() !== ''))) {
    throw refuse(
      grid,
      'sheet_empty',
      t('工作表是空的', 'the worksheet is empty'),
      grid.sheet ? { path: grid.sheet } : {},
    );
  }
  checkMergesShape(grid);
  const view = headerView(grid);
  const found = findHeader(view);
  if (!found) {
    const others = (grid.sheets ?? []).filter((n) => n !== grid.sheet);
    throw refuse(
      grid,
      'header_missing',
      t(
        '前30行中没有找到表头行：需要至少“指标”（或考核项目/KPI指标）和“评分标准”（或考核标准/计分方法）两列，以及权重、分值、目标值等中的一列',
        'no header row in the first 30 rows: it needs at least an indicator column (指标/考核项目/KPI指标) and a scoring column (评分标准/考核标准/计分方法), plus one of 权重/分值/目标值 …',
      ),
      grid.sheet ? { path: grid.sheet } : {},
      others.length
        ? t(
            `工作表“${grid.sheet}”不是考核表？用 --sheet 选择：${others.join('、')}`,
            `is worksheet "${grid.sheet}" the appraisal sheet? choose another with --sheet: ${others.join(', ')}`,
          )
        : t(
            '在表格上方加一行列名，例如：考核维度、指标、权重、目标值、评分标准',
            'add a header row such as 考核维度, 指标, 权重, 目标值, 评分标准',
          ),
    );
  }
  const { row: header, columns: cols } = found;

  const rows: Row[] = [];
  let totalPoints: number | undefined;
  let lastDimension: string | undefined;
  let end = grid.cells.length;
  for (let r = header + 1; r < grid.cells.length; r++) {
    const cells = grid.cells[r] ?? [];
    if (!cells.some((c) => c.trim() !== '') && !grid.merges.some((m) => r > m.top && r <= m.bottom)) continue;
    const name = cellAt(grid, r, cols.indicator).text;
    const dimCell = cellAt(grid, r, cols.dimension).text;
    const first = cells.find((c) => c.trim() !== '')?.trim() ?? '';
    if (
      TOTAL_ROW.test(simplify(name)) ||
      TOTAL_ROW.test(simplify(dimCell)) ||
      TOTAL_ROW.test(simplify(first))
    ) {
      const tp = cellAt(grid, r, cols.samplePoints).text;
      totalPoints = tp ? parseSheetNumber(tp) : undefined;
      end = r;
      break;
    }
    if (NOTE_ROW.test(simplify(first))) {
      end = r;
      break;
    }
    const ruleText = cellAt(grid, r, cols.rule).text;
    if (name === '' && ruleText.trim() === '') continue;
    const dimStarts = cols.dimension !== undefined && (cells[cols.dimension] ?? '').trim() !== '';
    if (dimCell) lastDimension = dimCell;
    const weight = cellAt(grid, r, cols.weight);
    rows.push({
      row: r + 1,
      name: name || `第${r + 1}行指标`,
      ...(lastDimension !== undefined ? { dimension: lastDimension } : {}),
      weightCell: weight.text,
      weightMerged: weight.merge !== undefined && weight.merge.bottom > weight.merge.top,
      dimensionStarts: dimStarts,
      pointsCell: cellAt(grid, r, cols.points).text,
      targetCell: cellAt(grid, r, cols.target).text,
      ruleText,
      definition: cellAt(grid, r, cols.definition).text,
      source: cellAt(grid, r, cols.source).text,
      cycle: cellAt(grid, r, cols.cycle).text,
      unit: cellAt(grid, r, cols.unit).text,
      sampleActual: cellAt(grid, r, cols.sampleActual).text,
      samplePoints: cellAt(grid, r, cols.samplePoints).text,
    });
    if (rows.length > MAX_INDICATORS) {
      throw refuse(
        grid,
        'too_many_indicators',
        t(
          `指标行超过${MAX_INDICATORS}行：不像一张考核表`,
          `more than ${MAX_INDICATORS} indicator rows: not an appraisal sheet`,
        ),
        { row: r + 1 },
      );
    }
  }
  checkBodyMerges(grid, header, end, cols);
  if (rows.length === 0) {
    throw refuse(
      grid,
      'no_indicators',
      t(`表头（第${header + 1}行）下没有指标行`, `no indicator rows below the header (row ${header + 1})`),
      { row: header + 1 },
    );
  }

  const notes: Text[] = [];
  // The weight column holds the dimension's weight when it is merged over several indicator rows, or (a
  // sheet saved as CSV loses its merges) when it is written only where a dimension starts and the
  // indicators have their own points.
  const sparseWeights =
    cols.points !== undefined &&
    rows.some((r) => r.weightCell === '') &&
    rows.every((r) => r.weightCell === '' || r.dimensionStarts);
  const weightIsDimension = cols.weight !== undefined && (rows.some((r) => r.weightMerged) || sparseWeights);
  const fractions = rows.every((r) => {
    const q = parseSheetNumber(r.weightCell);
    return r.weightCell === '' || /[%％]/.test(r.weightCell) || (q !== undefined && q <= 1);
  });

  // dimensions, in sheet order, with their weight from the merged weight cell or the dimension's own text
  const dims = new Map<string, { weight?: number; count: number }>();
  const dimName = (raw: string) => dimensionWithWeight(raw).name;
  for (const r of rows) {
    if (r.dimension === undefined) continue;
    const own = dimensionWithWeight(r.dimension);
    const d = dims.get(own.name) ?? { count: 0 };
    d.count++;
    if (d.weight === undefined) {
      if (own.weight !== undefined) d.weight = own.weight;
      else if (weightIsDimension && r.weightCell) d.weight = percentWeight(r.weightCell, fractions);
    }
    dims.set(own.name, d);
  }

  const indicators: DraftIndicator[] = [];
  const items: DraftItem[] = [];
  const example: DraftExample = { name: '表内示例（自评）', actuals: {}, expect: { indicators: {} } };
  rows.forEach((r, i) => {
    const id = `k${String(i + 1).padStart(2, '0')}`;
    const unresolved: UnresolvedItem[] = [];
    const points = r.pointsCell ? parseSheetNumber(r.pointsCell) : undefined;
    const rowWeight = !weightIsDimension && r.weightCell ? percentWeight(r.weightCell, fractions) : undefined;
    const dim = r.dimension !== undefined ? dimName(r.dimension) : undefined;
    const dimInfo = dim !== undefined ? dims.get(dim) : undefined;
    let weight = rowWeight ?? points;
    if (weight === undefined && dimInfo?.count === 1 && dimInfo.weight !== undefined) weight = dimInfo.weight;
    if (weight === undefined) {
      unresolved.push({
        field: 'weight',
        zh: `没有写明满分（分值或权重）${dim ? `，维度“${dim}”的权重需分配到各指标` : ''}`,
        en: `the full points (分值 or 权重) are not stated${dim ? `; dimension "${dim}"'s weight must be split over its indicators` : ''}`,
      });
    }
    // The rule text speaks in the points column's scale (often 100, then weighted by 权重).
    const readerPoints = points ?? weight;
    const scaleFrom =
      points !== undefined && rowWeight !== undefined && Math.abs(points - rowWeight) > 1e-9
        ? points
        : undefined;
    const target = r.targetCell ? parseSheetNumber(r.targetCell) : undefined;
    const itemNotes: Text[] = [];
    if (r.targetCell && target === undefined) {
      itemNotes.push(
        t(
          `目标值“${r.targetCell}”不是一个数，未写入`,
          `the target "${r.targetCell}" is not one number and was left out`,
        ),
      );
    }
    const result = readRuleText({
      indicator: r.name,
      points: readerPoints ?? Number.NaN,
      target: target ?? null,
      text: r.ruleText,
    });
    const item: DraftItem = { id, row: r.row, indicator: r.name, text: r.ruleText, status: result.status };
    let rule: RuleInFile | undefined;
    let scaleOpen = false;
    if (scaleFrom !== undefined && result.status !== 'refused') {
      const scaleNote = t(
        `评分标准按${scaleFrom}分读出，已按权重${rowWeight}折算（区间分值改为满分的百分比）`,
        `the rule was read on ${scaleFrom} points and carried over to the weight ${rowWeight} (band values as percent of the full points)`,
      );
      if (result.status === 'read') {
        const scaled = rescaleRule(result.rule, scaleFrom);
        if (scaled) {
          result.rule = scaled;
          itemNotes.push(scaleNote);
        } else scaleOpen = true;
      } else {
        const scaled = result.readings.map((x) => rescaleRule(x.rule, scaleFrom));
        if (scaled.every((x) => x !== null)) {
          const samples = pickSamples(scaled as Rule[], { target: target ?? null, weight: rowWeight! });
          result.readings = result.readings.map((x, k) => ({ ...x, rule: scaled[k]!, samples: samples[k]! }));
          itemNotes.push(scaleNote);
        } else scaleOpen = true;
      }
    }
    if (result.status === 'read') {
      rule = scaleOpen ? undefined : ruleForFile(result.rule);
      item.rule = ruleForFile(result.rule);
      if (result.derive) item.derive = result.derive;
      if (result.inputs) item.inputs = result.inputs;
      if (result.notes) itemNotes.push(...result.notes);
    } else if (result.status === 'ambiguous') {
      item.readings = result.readings.map((x) => ({
        rule: ruleForFile(x.rule),
        note: x.note,
        samples: x.samples,
        ...(x.derive ? { derive: x.derive } : {}),
        ...(x.inputs ? { inputs: x.inputs } : {}),
      }));
      item.reason = result.reason;
      if (result.notes) itemNotes.push(...result.notes);
      unresolved.push({
        field: 'reading',
        zh: `评分标准有${result.readings.length}种读法，请选一种：${result.reason.zh}`,
        en: `the rule text has ${result.readings.length} readings, choose one: ${result.reason.en}`,
      });
    } else {
      item.reason = result.reason;
      unresolved.push({
        field: 'rule',
        zh: `评分标准未能读出（${result.reason.zh}）：请手写规则`,
        en: `the rule text was not read (${result.reason.en}): write the rule by hand`,
      });
    }
    if (scaleOpen) {
      unresolved.push({
        field: 'scale',
        zh: `分值${scaleFrom}与权重${rowWeight}不同，而此规则按分数加扣分，不能按比例折算：请按权重${rowWeight}改写规则`,
        en: `the points (${scaleFrom}) differ from the weight (${rowWeight}) and this rule adds or deducts points, which do not scale: rewrite it for the weight ${rowWeight}`,
      });
    }
    const derived = item.derive ?? item.readings?.find((x) => x.derive)?.derive;
    if (derived) itemNotes.push(deriveNote(derived));
    const cycle = cycleOf(r.cycle);
    if (r.cycle && !cycle)
      itemNotes.push(
        t(`考核周期“${r.cycle}”未识别，按月`, `cycle "${r.cycle}" not recognised: month assumed`),
      );
    if (itemNotes.length) item.notes = itemNotes;
    if (unresolved.length) item.unresolved = unresolved;
    items.push(item);

    const definition = [r.definition || r.name, r.source ? `数据来源：${r.source}` : '']
      .filter(Boolean)
      .join('；');
    const unit = unitOf(r.unit, r.targetCell, r.name);
    const ind: DraftIndicator = {
      id,
      name: r.name,
      definition,
      metric: id,
      cycle: cycle ?? 'month',
      ...(weight !== undefined ? { weight } : {}),
      ...(target !== undefined ? { target } : {}),
      ...(unit !== undefined ? { unit } : {}),
      ...(dim !== undefined ? { dimension: dim } : {}),
      ...(rule ? { rule } : {}),
      ...(item.derive ? { derive: item.derive } : {}),
      ...(item.inputs ? { inputs: item.inputs } : {}),
    };
    indicators.push(ind);
    const actual = r.sampleActual ? sampleActualOf(r.sampleActual) : undefined;
    const expectPts = r.samplePoints ? parseSheetNumber(r.samplePoints) : undefined;
    if (actual !== undefined) example.actuals[id] = actual;
    if (expectPts !== undefined) {
      // a 百分制 sheet states the points on its 分值 scale (94 of 100); the template scores on the weight
      example.expect.indicators![id] =
        scaleFrom !== undefined ? Number(((expectPts * rowWeight!) / scaleFrom).toPrecision(12)) : expectPts;
    }
  });

  let dimensions: DraftDoc['dimensions'];
  if (dims.size > 0) {
    const missing = [...dims].filter(([, d]) => d.weight === undefined).map(([n]) => n);
    if (missing.length === 0) dimensions = [...dims].map(([name, d]) => ({ name, weight: d.weight! }));
    else if (missing.length < dims.size) {
      notes.push(
        t(
          `维度 ${missing.join('、')} 没有写权重，未声明 dimensions（维度权重不校验）`,
          `dimensions ${missing.join(', ')} state no weight: no dimensions declared (their weights are not checked)`,
        ),
      );
    }
  }
  if (Object.keys(example.actuals).length === 0) {
    notes.push(
      t(
        '表中没有示例实际值与自评得分列：请补充 examples，否则模板无法通过校验',
        'the sheet has no sample actuals and points columns: add examples, or the template will not pass check',
      ),
    );
  }
  if (totalPoints !== undefined) example.expect.total = totalPoints;
  notes.push(
    t(
      '表中没有等级区间：已写入默认等级（S≥90, A 80–90, B 70–80, C 60–70, D<60），请按公司制度修改',
      'the sheet states no grade bands: default ones were written (S≥90, A 80–90, B 70–80, C 60–70, D<60); change them to the company’s',
    ),
  );
  const columns: Record<string, string> = {};
  for (const [role, c] of Object.entries(cols))
    columns[role] = `${colName(c)} ${(view[header]![c] ?? '').trim()}`;
  const title = grid.cells
    .slice(0, header)
    .flatMap((r) => r.map((c) => c.trim()).filter((c) => c !== '' && c.length <= 100))[0];

  return {
    kind: 'kpi-template',
    id: opts.id ?? slug(grid.file),
    version: 'draft',
    effective: opts.effective,
    family: 'imported',
    name: { zh: title ?? grid.file, en: `Imported from ${grid.file}` },
    rounding: { point: 2, mode: 'half-up' },
    parts: { kpi: { weight: 100 } },
    grades: [
      { grade: 'S', when: '>= 90' },
      { grade: 'A', when: '[80, 90)' },
      { grade: 'B', when: '[70, 80)' },
      { grade: 'C', when: '[60, 70)' },
      { grade: 'D', when: '< 60' },
    ],
    ...(dimensions ? { dimensions } : {}),
    indicators,
    examples: Object.keys(example.actuals).length ? [example] : [],
    draft: {
      source: {
        file: grid.file,
        ...(grid.sheet ? { sheet: grid.sheet } : {}),
        headerRow: header + 1,
        columns,
      },
      notes,
      items,
    },
  };
}

/** Counts for a one-line summary. */
export function draftSummary(doc: DraftDoc): {
  read: number;
  ambiguous: number;
  refused: number;
  unresolved: number;
} {
  const c = { read: 0, ambiguous: 0, refused: 0, unresolved: 0 };
  for (const it of doc.draft.items) {
    c[it.status]++;
    c.unresolved += it.unresolved?.length ?? 0;
  }
  return c;
}

/** What an example of a derived rule must give, by the kind of figure it scores. */
function deriveNote(d: Derive): Text {
  switch (d.kind) {
    case 'history':
      return t(
        '按历史数据计分：示例需给出上期或去年同期的数据（history）',
        'scored on history: the example needs the earlier period’s figures (history)',
      );
    case 'days':
      return t(
        '按当月每日数据计分：示例需给出每日数据（days）',
        'scored on the days of the month: the example needs the daily figures (days)',
      );
    default:
      return t(
        '按团队数据计分：示例需给出团队汇总或排名（cohort），计分时需按组计算',
        'scored on the team: the example needs the group figure or rank (cohort); score the group together',
      );
  }
}
