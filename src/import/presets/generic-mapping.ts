/**
 * The generic mapping file (通用映射文件): for any export without a preset, a small YAML file says which
 * fact it holds, which header feeds which field, and how dates are written. Example:
 *
 * ```yaml
 * name: erp-daily            # shown in messages
 * kind: store_day            # store_day | traffic_source_day | ad_day | order_line | cs_agent_day
 * dateOrder: ymd             # ymd (default) | mdy | dmy, for all-numeric dates like 10/01/2026
 * columns:                   # header in the file → field of the fact
 *   业务日期: date
 *   销售额: paidAmount
 *   退款: refunds
 *   访客: uv
 * defaults:                  # fields the file does not have
 *   shipping: '0'
 * ```
 * Each field's type (amount, count, date, text, seconds) comes from the fact's definition below, so a
 * mapping file cannot read a date as an amount. Fields neither mapped nor defaulted are refused when
 * the fact needs them.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Problem } from '../../core/errors.ts';
import { t } from '../../core/text.ts';
import type { DateOrder } from '../parse.ts';
import {
  type ColumnType,
  FACT_KINDS,
  type FactKind,
  type FactRecord,
  type Preset,
  problem,
  type RowValues,
} from './engine.ts';

interface FieldDef {
  type: ColumnType;
  /** The fact cannot do without it (a default counts). */
  required: boolean;
}

const f = (type: ColumnType, required = true): FieldDef => ({ type, required });

/** Every field of every fact kind, with its type: the single place a mapping file is checked against. */
export const FACT_FIELDS: Record<FactKind, Record<string, FieldDef>> = {
  store_day: {
    date: f('date'),
    paidAmount: f('amount'),
    refunds: f('amount'),
    shipping: f('amount'),
    orders: f('count'),
    payingBuyers: f('count'),
    uv: f('count'),
    pv: f('count'),
    onePageVisitors: f('count'),
    newVisitors: f('count'),
    returningVisitors: f('count'),
    costOfGoods: f('amount', false),
  },
  traffic_source_day: {
    date: f('date'),
    source: f('text'),
    uv: f('count'),
    buyers: f('count'),
    paidAmount: f('amount'),
    cost: f('amount'),
  },
  ad_day: {
    date: f('date'),
    channel: f('text'),
    campaign: f('text'),
    spend: f('amount'),
    clicks: f('count'),
    impressions: f('count'),
    attributedSales: f('amount'),
    attributedOrders: f('count'),
  },
  order_line: {
    orderId: f('text'),
    lineNo: f('count'),
    sku: f('text'),
    quantity: f('count'),
    price: f('amount'),
    amount: f('amount'),
    cost: f('amount', false),
    refund: f('amount'),
    shipping: f('amount'),
    orderDate: f('date'),
    paidDate: f('date', false),
    refundDate: f('date', false),
    status: f('text', false),
  },
  cs_agent_day: {
    agent: f('text'),
    date: f('date'),
    inquiries: f('count'),
    payingInquirers: f('count'),
    inquiryPaidAmount: f('amount'),
    responseSeconds: f('seconds'),
    complaints: f('count'),
    disputes: f('count'),
    refundsHandled: f('count'),
    orders: f('count'),
  },
};

export interface MappingFile {
  name?: string;
  kind: FactKind;
  dateOrder?: DateOrder;
  columns: Record<string, string>;
  defaults?: Record<string, string | number>;
}

function readField(v: RowValues, field: string, def: FieldDef, defaults: Record<string, string | number>) {
  if (def.type === 'count') {
    const n = v.count(field);
    return n ?? (defaults[field] !== undefined ? Number(defaults[field]) : undefined);
  }
  const s = def.type === 'text' ? v.text(field) || null : v.amount(field);
  if (s !== null && s !== '') return def.type === 'seconds' ? Math.round(Number(s)) : s;
  return defaults[field] !== undefined ? String(defaults[field]) : undefined;
}

/**
 * Builds a preset from a mapping document (already parsed from YAML). Returns every problem found in it.
 * @example mappingPreset({ kind: 'store_day', columns: { 日期: 'date', … } }, 'erp.yaml')
 */
export function mappingPreset(doc: unknown, file: string): { preset?: Preset; problems: Problem[] } {
  const problems: Problem[] = [];
  const bad = (path: string, zh: string, en: string, value?: string) =>
    problems.push({
      severity: 'error',
      code: 'bad_mapping',
      message: t(zh, en),
      where: { file, path, value },
    });
  if (typeof doc !== 'object' || doc === null) {
    bad('', '映射文件应是一个 YAML 对象', 'the mapping file must be a YAML mapping');
    return { problems };
  }
  const m = doc as Partial<MappingFile>;
  if (!m.kind || !(FACT_KINDS as readonly string[]).includes(m.kind)) {
    bad(
      'kind',
      `kind 应为 ${FACT_KINDS.join(' | ')}`,
      `kind must be one of ${FACT_KINDS.join(' | ')}`,
      String(m.kind),
    );
    return { problems };
  }
  const kind = m.kind;
  const fields = FACT_FIELDS[kind];
  if (m.dateOrder !== undefined && !['ymd', 'mdy', 'dmy'].includes(m.dateOrder)) {
    bad(
      'dateOrder',
      'dateOrder 应为 ymd | mdy | dmy',
      'dateOrder must be ymd | mdy | dmy',
      String(m.dateOrder),
    );
  }
  const columns: Preset['columns'] = {};
  const defaults = m.defaults ?? {};
  for (const [header, field] of Object.entries(m.columns ?? {})) {
    const def = fields[field];
    if (!def) {
      bad(`columns.${header}`, `${kind} 没有字段 ${field}`, `${kind} has no field ${field}`, field);
      continue;
    }
    const spec = columns[field];
    if (spec) spec.headers.push(header);
    else
      columns[field] = {
        headers: [header],
        type: def.type,
        required: def.required && defaults[field] === undefined,
      };
  }
  for (const field of Object.keys(defaults)) {
    if (!fields[field])
      bad(`defaults.${field}`, `${kind} 没有字段 ${field}`, `${kind} has no field ${field}`, field);
  }
  for (const [field, def] of Object.entries(fields)) {
    if (def.required && !columns[field] && defaults[field] === undefined) {
      bad('columns', `缺少字段 ${field} 的列或默认值`, `no column or default for field ${field}`, field);
    }
  }
  if (problems.length > 0) return { problems };
  const preset: Preset = {
    name: m.name ?? basename(file),
    title: t(`映射文件 ${basename(file)}`, `mapping file ${basename(file)}`),
    kind,
    columns,
    signature: Object.values(columns).map((c) => c.headers[0]!),
    ...(m.dateOrder ? { dateOrder: m.dateOrder } : {}),
    build(v, ctx) {
      const out: Record<string, string | number> = { store: ctx.store };
      for (const [field, def] of Object.entries(fields)) {
        const value = readField(v, field, def, defaults);
        if (value !== undefined) out[field] = value;
        else if (def.required)
          return { problems: [{ field, reason: t(`缺少 ${field}`, `no value for ${field}`) }] };
      }
      if (kind === 'order_line' && out.lineNo === undefined) out.lineNo = 1;
      return { record: out as unknown as FactRecord };
    },
  };
  return { preset, problems };
}

/** Reads and checks a YAML mapping file. */
export async function readMappingFile(path: string): Promise<{ preset?: Preset; problems: Problem[] }> {
  const file = basename(path);
  let doc: unknown;
  try {
    doc = parseYaml(await readFile(path, 'utf8'));
  } catch (err) {
    return {
      problems: [
        problem(
          'bad_mapping',
          t('无法读取映射文件', `cannot read the mapping file: ${(err as Error).message}`),
          { file },
        ),
      ],
    };
  }
  return mappingPreset(doc, file);
}
