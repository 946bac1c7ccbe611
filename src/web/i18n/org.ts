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
  active: '启用',
  inactive: '已停用',
  status: '状态',
  filterAll: '全部',
  filterActive: '启用中',
  filterInactive: '已停用（{{n}}）',
  storeActiveHint: '停用后保留历史数据，但不再接收新的导入',
  teamActiveHint: '停用后不能再把员工加入该团队；现有成员仍照常考核，请先调整他们的团队',
  familyActiveHint: '停用后不能再把员工加入该岗位族；现有成员仍照常考核，模板保留',
  companyZone: '公司时区：{{zone}}（申诉截止日按此时区计算）',
  editZone: '修改公司时区',
  zone: '时区',
  companyZoneHint: 'IANA 时区，如 Asia/Shanghai；“今天”与申诉截止日都按此时区的日历计算',
  reason: '原因',
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
  active: 'Active',
  inactive: 'Inactive',
  status: 'Status',
  filterAll: 'All',
  filterActive: 'Active',
  filterInactive: 'Inactive ({{n}})',
  storeActiveHint: 'An inactive store keeps its data but takes no new imports',
  teamActiveHint:
    'No employee can join an inactive team; its members are still appraised, so move them first if needed',
  familyActiveHint:
    'No employee can join an inactive job family; its members are still appraised and its templates kept',
  companyZone: 'Company time zone: {{zone}} (objection deadlines are days in it)',
  editZone: 'Change the company time zone',
  zone: 'Time zone',
  companyZoneHint: 'IANA zone, e.g. Asia/Shanghai; "today" and objection deadlines follow its calendar',
  reason: 'Reason',
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
