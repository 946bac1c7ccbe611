/**
 * Customer-service agent daily report (客服绩效日报), as exported by 千牛/赤兔-style CS tools: one row per
 * agent and day. Column names vary between tools; the aliases below cover the common ones. 平均响应时间
 * accepts seconds ("35", "35秒") or "1分5秒"; it is stored rounded to whole seconds (half up).
 */
import { dec } from '../../core/money.ts';
import { t } from '../../core/text.ts';
import type { Preset } from './engine.ts';

export const csAgentDay: Preset<'cs_agent_day'> = {
  name: 'cs-agent-day',
  title: t('客服绩效日报', 'Customer-service agent daily report'),
  kind: 'cs_agent_day',
  signature: ['客服', '询单人数'],
  columns: {
    date: { headers: ['日期'], type: 'date', required: true },
    agent: { headers: ['客服', '客服昵称', '旺旺', '客服旺旺'], type: 'text', required: true },
    inquiries: { headers: ['询单人数'], type: 'count', required: true },
    payingInquirers: {
      headers: ['询单付款人数', '最终付款人数', '询单->最终付款人数'],
      type: 'count',
      required: true,
    },
    inquiryPaidAmount: { headers: ['询单付款金额', '客服销售额'], type: 'amount' },
    responseSeconds: { headers: ['平均响应时间', '平均响应(秒)', '平均响应时间(秒)'], type: 'seconds' },
    complaints: { headers: ['投诉数', '投诉量'], type: 'count' },
    disputes: { headers: ['纠纷数', '纠纷量'], type: 'count' },
    refundsHandled: { headers: ['处理退款数', '退款数'], type: 'count' },
    orders: { headers: ['接待订单数', '订单数'], type: 'count' },
  },
  build(v, ctx) {
    const inquiries = v.count('inquiries') ?? 0;
    const paying = v.count('payingInquirers') ?? 0;
    if (paying > inquiries) {
      return {
        problems: [
          {
            field: 'payingInquirers',
            reason: t('付款人数大于询单人数', 'more paying inquirers than inquirers'),
          },
        ],
      };
    }
    const rs = v.amount('responseSeconds');
    return {
      record: {
        store: ctx.store,
        agent: v.text('agent'),
        date: v.text('date'),
        inquiries,
        payingInquirers: paying,
        inquiryPaidAmount: v.amount('inquiryPaidAmount') ?? '0',
        responseSeconds: rs === null ? 0 : dec(rs).toDecimalPlaces(0).toNumber(),
        complaints: v.count('complaints') ?? 0,
        disputes: v.count('disputes') ?? 0,
        refundsHandled: v.count('refundsHandled') ?? 0,
        orders: v.count('orders') ?? 0,
      },
    };
  },
};
