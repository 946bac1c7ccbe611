/**
 * Amazon Advertising › Sponsored Products › Campaign report, daily (time unit "Daily"). One row per date
 * and campaign; rows of one campaign on one date (ad groups, placements) add up. Channel is 'sp'.
 * Attributed sales and orders are Amazon's 7-day attribution window.
 */
import { t } from '../../core/text.ts';
import type { Preset } from './engine.ts';

export const amazonSponsoredProducts: Preset<'ad_day'> = {
  name: 'amazon-sponsored-products',
  title: t('亚马逊 商品推广 (SP) 广告活动报告', 'Amazon Sponsored Products campaign report'),
  kind: 'ad_day',
  dateOrder: 'mdy',
  signature: ['Campaign Name', 'Impressions', 'Clicks', 'Spend'],
  columns: {
    date: { headers: ['Date', 'Start Date'], type: 'date', required: true },
    campaign: { headers: ['Campaign Name'], type: 'text', required: true },
    impressions: { headers: ['Impressions'], type: 'count', required: true },
    clicks: { headers: ['Clicks'], type: 'count', required: true },
    spend: { headers: ['Spend', 'Cost'], type: 'amount', required: true },
    sales: { headers: ['7 Day Total Sales', '7 Day Total Sales ($)', 'Sales'], type: 'amount' },
    orders: { headers: ['7 Day Total Orders (#)', '7 Day Total Orders', 'Orders'], type: 'count' },
  },
  build(v, ctx) {
    return {
      record: {
        store: ctx.store,
        date: v.text('date'),
        channel: 'sp',
        campaign: v.text('campaign'),
        spend: v.amount('spend') ?? '0',
        clicks: v.count('clicks') ?? 0,
        impressions: v.count('impressions') ?? 0,
        attributedSales: v.amount('sales') ?? '0',
        attributedOrders: v.count('orders') ?? 0,
      },
    };
  },
};
