/**
 * 生意参谋 › 流量 › 流量来源 (traffic sources), one row per source and day.
 *
 * Many exports cover one day and carry the date only in a title row ("统计日期：2026-10-01"); a 日期 column,
 * when present, wins, and a caller-given date (ctx.date) overrides both. Detailed sources (来源明细 / 二级来源) are
 * mapped onto shopkpi's sources; several details of one source on one day add up. The file must list leaf
 * sources only, not a category total and its details together (that would count twice).
 * 生意参谋 has no cost per source: cost is 0 here and comes from the ad reports instead.
 */
import type { TrafficSource } from '../../core/metrics/facts.ts';
import { t } from '../../core/text.ts';
import { parseDate } from '../parse.ts';
import { type Preset, problem } from './engine.ts';

/** Detail-source words → shopkpi source. Checked in order; the first match wins. */
const SOURCE_RULES: [RegExp, TrafficSource][] = [
  [/直通车|搜索推广/, 'ztc'],
  [/钻展|钻石展位|智钻|引力魔方|超级推荐/, 'zuanzhan'],
  [/淘宝客|淘客/, 'taobaoke'],
  [/万相台|品销宝|付费|超级直播|极速推/, 'ads'],
  [/搜索/, 'search'],
  [/我的淘宝|购物车|已买到|直接访问|自主访问|收藏|关注/, 'direct'],
  [/淘外|微博|微信|抖音|小红书|快手|社交|站外|内容|逛逛|直播/, 'social'],
];

export function mapTrafficSource(name: string): TrafficSource {
  for (const [re, source] of SOURCE_RULES) if (re.test(name)) return source;
  return 'other';
}

const DATE_IN_TITLE =
  /(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)(?:\s*[~至到-]\s*(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?))?/;

export const sycmTrafficSource: Preset<'traffic_source_day'> = {
  name: 'sycm-traffic-source',
  title: t('生意参谋 流量来源', 'Sycm (生意参谋) traffic sources'),
  kind: 'traffic_source_day',
  signature: ['流量来源', '访客数'],
  columns: {
    date: { headers: ['日期', '统计日期'], type: 'date' },
    source: { headers: ['流量来源', '一级来源'], type: 'text', required: true },
    detail: { headers: ['来源明细', '二级来源', '来源名称'], type: 'text' },
    uv: { headers: ['访客数'], type: 'count', required: true },
    buyers: { headers: ['支付买家数'], type: 'count' },
    paidAmount: { headers: ['支付金额'], type: 'amount' },
    cost: { headers: ['花费', '消耗'], type: 'amount' },
  },
  prepare(table, ctx, state) {
    if (ctx.date) {
      state.memo.set('date', ctx.date);
      return [];
    }
    for (const line of table.preamble ?? []) {
      const m = DATE_IN_TITLE.exec(line);
      if (!m) continue;
      const from = parseDate(m[1]!);
      const to = m[2] ? parseDate(m[2]) : from;
      if (from.ok && to.ok && from.value === to.value) {
        state.memo.set('date', from.value);
        return [];
      }
      return [
        problem(
          'multi_day_export',
          t(
            '标题行的统计日期跨多天：请按天导出',
            'the title row covers several days: export one day per file',
          ),
          { file: table.file, value: line },
        ),
      ];
    }
    return [];
  },
  build(v, ctx, state) {
    const date = ctx.date ?? (v.text('date') || (state.memo.get('date') as string | undefined));
    if (!date) {
      return {
        problems: [
          {
            reason: t(
              '没有日期: 文件既无日期列也无统计日期标题',
              'no date: neither a date column nor a date in a title row',
            ),
          },
        ],
      };
    }
    const name = v.text('detail') || v.text('source');
    return {
      record: {
        store: ctx.store,
        date,
        source: mapTrafficSource(name),
        uv: v.count('uv') ?? 0,
        buyers: v.count('buyers') ?? 0,
        paidAmount: v.amount('paidAmount') ?? '0',
        cost: v.amount('cost') ?? '0',
      },
    };
  },
};
