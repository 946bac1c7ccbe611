/**
 * Finding the header row and the columns of a 考核表. Real sheets name the same column many ways
 * (考核维度/维度/类别, 评分标准/考核标准/计分方法 …), in simplified or traditional script, with a unit in
 * brackets (权重(%)、分值（分）). Header texts are normalised before they are matched.
 */

/** The columns the importer knows. `indicator` and `rule` are required; the rest are optional. */
export type ColumnRole =
  | 'dimension'
  | 'indicator'
  | 'weight'
  | 'points'
  | 'target'
  | 'rule'
  | 'definition'
  | 'source'
  | 'cycle'
  | 'unit'
  | 'sampleActual'
  | 'samplePoints';

/** Header words per role, simplified script, no spaces or brackets. Order inside a role is preference. */
const WORDS: Record<ColumnRole, string[]> = {
  dimension: [
    '考核维度',
    '维度',
    '考核类别',
    '指标类别',
    '指标类型',
    '类别',
    '一级指标',
    '考核方面',
    '考核模块',
    '模块',
  ],
  indicator: [
    'kpi指标',
    '考核指标',
    '关键指标',
    '指标名称',
    '指标',
    '二级指标',
    '考核项目',
    '考核项',
    '项目',
    'kpi',
  ],
  weight: ['权重', '比重', '权数', '权重占比'],
  points: ['分值', '满分', '标准分', '分数', '配分'],
  target: ['目标值', '目标', '考核目标', '指标目标', '目标标准', '月度目标'],
  rule: [
    '评分标准',
    '考核标准',
    '计分方法',
    '评分方法',
    '计分规则',
    '评分规则',
    '评分细则',
    '考核细则',
    '计分标准',
    '评分办法',
    '计分办法',
    '扣分标准',
  ],
  definition: ['指标定义', '定义', '计算公式', '指标说明', '计算方法', '考核内容'],
  source: ['数据来源', '数据源', '来源', '数据提供', '信息来源', '数据提供部门', '考核依据'],
  cycle: ['考核周期', '周期', '考核频率', '频率', '考核频次'],
  unit: ['单位', '计量单位'],
  sampleActual: ['示例实际值', '实际值', '实际完成', '完成值', '实际完成值', '实际', '示例'],
  samplePoints: ['自评得分', '示例得分', '自评', '得分', '实际得分', '考核得分', '评分'],
};

/** The traditional characters header texts use, to simplified. */
const TRAD: Record<string, string> = {
  維: '维',
  權: '权',
  標: '标',
  評: '评',
  準: '准',
  計: '计',
  數: '数',
  據: '据',
  來: '来',
  週: '周',
  項: '项',
  際: '际',
  實: '实',
  資: '资',
  類: '类',
  別: '别',
  說: '说',
  義: '义',
  規: '规',
  則: '则',
  細: '细',
  頻: '频',
  關: '关',
  鍵: '键',
  稱: '称',
  單: '单',
  級: '级',
  塊: '块',
  辦: '办',
  績: '绩',
  額: '额',
  達: '达',
  點: '点',
  內: '内',
  値: '值',
  價: '价',
  設: '设',
  總: '总',
  務: '务',
  營: '营',
  銷: '销',
  滿: '满',
  為: '为',
  於: '于',
};

/** Lower-case, simplified, no whitespace, no bracketed unit: "權重（%）" → "权重". */
export function normaliseHeaderWord(s: string): string {
  let out = '';
  for (const ch of s) out += TRAD[ch] ?? ch;
  return out
    .replace(/[\uFEFF\u200B]/g, '')
    .replace(/[（(【[].*?[）)】\]]/g, '')
    .replace(/[\s:：*＊]/g, '')
    .toLowerCase();
}

/** The simplified form of a cell's text (for dimension names and the like): script only, nothing dropped. */
export function simplify(s: string): string {
  let out = '';
  for (const ch of s) out += TRAD[ch] ?? ch;
  return out;
}

/** Which role a header cell plays, or undefined. Exact words first, then a word the header starts with. */
export function roleOf(header: string): ColumnRole | undefined {
  const h = normaliseHeaderWord(header);
  if (h === '') return undefined;
  for (const [role, words] of Object.entries(WORDS) as [ColumnRole, string[]][]) {
    if (words.includes(h)) return role;
  }
  // "评分标准及计分方法", "权重分值": the longest known word the header starts with
  let best: { role: ColumnRole; len: number } | undefined;
  for (const [role, words] of Object.entries(WORDS) as [ColumnRole, string[]][]) {
    for (const w of words) {
      if (w.length >= 2 && h.startsWith(w) && (!best || w.length > best.len)) best = { role, len: w.length };
    }
  }
  return best?.role;
}

export type ColumnMap = Partial<Record<ColumnRole, number>>;

/**
 * Maps a header row's cells to roles; the first column of a role wins. With no other indicator column,
 * 考核项目/项目 is the indicator; with one, it is the dimension (sheets use it for both).
 */
export function mapColumns(row: readonly string[]): ColumnMap {
  const map: ColumnMap = {};
  const projectWords = new Set(['考核项目', '项目', '考核项']);
  const projects: number[] = [];
  row.forEach((cell, i) => {
    const role = roleOf(cell);
    if (!role) return;
    if (role === 'indicator' && projectWords.has(normaliseHeaderWord(cell))) {
      projects.push(i);
      return;
    }
    if (map[role] === undefined) map[role] = i;
  });
  for (const i of projects) {
    if (map.indicator === undefined) map.indicator = i;
    else if (map.dimension === undefined) map.dimension = i;
  }
  return map;
}

/** How many roles a row's cells name: the header row is the first with the most (at least 3, incl. indicator and rule). */
export function findHeader(
  cells: readonly (readonly string[])[],
  scan = 30,
): { row: number; columns: ColumnMap } | undefined {
  let best: { row: number; columns: ColumnMap; hits: number } | undefined;
  for (let i = 0; i < Math.min(cells.length, scan); i++) {
    const row = cells[i]!;
    // a title cell of 5 000 characters is not a header; do not run the matcher over it
    if (row.some((c) => c.length > 200)) continue;
    const columns = mapColumns(row);
    const hits = Object.keys(columns).length;
    if (columns.indicator === undefined || columns.rule === undefined || hits < 3) continue;
    if (!best || hits > best.hits) best = { row: i, columns, hits };
  }
  return best ? { row: best.row, columns: best.columns } : undefined;
}
