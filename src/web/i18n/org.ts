/**
 * The strings of the organisation forms (stores, teams, job families) and of the KPI library (指标库).
 * Until zh.ts/en.ts include this table (suggested key: `orgEdit`), components read it with {@link orgText}.
 */
import type { Same } from './same.ts';

export const orgEditZh = {
  newStore: '新建店铺',
  newTeam: '新建团队',
  newFamily: '新建岗位族',
  editStore: '编辑店铺 {{code}}',
  editTeam: '编辑团队 {{code}}',
  editFamily: '编辑岗位族 {{code}}',
  name: '名称',
  nameZh: '中文名称',
  nameEn: '英文名称',
  codeHint: '字母、数字、_ . -；创建后不能修改',
  currencyHint: '三位大写币种代码，如 CNY',
  timeZoneHint: 'IANA 时区，如 Asia/Shanghai（按该时区切分店铺日）',
  templates: '适用模板',
  noTemplate: '尚无模板',
  required: '必填',
  libraryTab: '指标库',
  versionsTab: '模板版本',
  libraryHint: '当前生效的全部模板中的指标（{{day}}）；同一指标若在不同模板中定义不同，会分行显示',
  filter: '搜索指标、定义、数据指标或负责人',
  cycle: '周期',
  allCycles: '全部周期',
  owner: '数据负责人',
  rule: '计分规则',
  usedBy: '使用模板',
  weight: '满分',
  count: '共 {{n}} 个指标',
};

export const orgEditEn: Same<typeof orgEditZh> = {
  newStore: 'New store',
  newTeam: 'New team',
  newFamily: 'New job family',
  editStore: 'Edit store {{code}}',
  editTeam: 'Edit team {{code}}',
  editFamily: 'Edit job family {{code}}',
  name: 'Name',
  nameZh: 'Name (Chinese)',
  nameEn: 'Name (English)',
  codeHint: 'letters, digits, _ . -; cannot change once created',
  currencyHint: 'three-letter currency code, e.g. CNY',
  timeZoneHint: 'IANA time zone, e.g. Asia/Shanghai (store days are cut at its midnight)',
  templates: 'Templates',
  noTemplate: 'no template yet',
  required: 'required',
  libraryTab: 'KPI library',
  versionsTab: 'Template versions',
  libraryHint:
    'Indicators of every template in force ({{day}}); one indicator defined differently in two templates shows as two rows',
  filter: 'Search indicator, definition, metric or owner',
  cycle: 'Cycle',
  allCycles: 'All cycles',
  owner: 'Data owner',
  rule: 'Rule',
  usedBy: 'Used by',
  weight: 'Full points',
  count: '{{n}} indicators',
};

export type OrgEditKey = keyof typeof orgEditZh;

/** The table's string for a key in a language, with `{{name}}` placeholders filled in. */
export function orgText(
  lang: 'zh' | 'en',
  key: OrgEditKey,
  vars: Record<string, string | number> = {},
): string {
  const s = (lang === 'en' ? orgEditEn : orgEditZh)[key];
  return s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));
}
