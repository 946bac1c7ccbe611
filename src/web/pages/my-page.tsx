/**
 * My page (我的绩效): this month's scorecard with every indicator's "why", the trend as a line chart,
 * what is waiting for me, and confirm / object. Laid out to read on a 375 px phone.
 */
import { Alert, Card, Empty, List, Select, Space, Spin, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { ErrorAlert } from '../components/error-alert.tsx';
import { ConfirmObject, RatingsPanel } from '../components/form-actions.tsx';
import { LazyChart } from '../components/lazy-chart.tsx';
import { ScorecardView } from '../components/scorecard-view.tsx';
import { StatusTag } from '../components/status-tag.tsx';
import { when } from '../format.ts';
import { useT } from '../i18n/index.ts';
import { useRoute } from '../router.ts';
import type { Form, MyPage } from '../types.ts';
import { useGet } from '../use-api.ts';

export default function MyPagePage() {
  const { t, tx } = useT();
  const route = useRoute();
  const fromHash = new URLSearchParams(route.split('?')[1] ?? '').get('month');
  const [month, setMonth] = useState<string | null>(fromHash);
  const page = useGet<MyPage>(month ? `/api/me/page?month=${month}` : '/api/me/page');
  const data = page.data;

  const setForm = (f: Form) => {
    if (data) page.setData({ ...data, form: f });
  };

  const trendOption = useMemo(() => {
    const trend = data?.trend ?? [];
    return {
      tooltip: { trigger: 'axis' as const },
      grid: { left: 40, right: 16, top: 24, bottom: 32 },
      xAxis: { type: 'category' as const, data: trend.map((p) => p.month) },
      yAxis: { type: 'value' as const, min: 0 },
      animationDuration: 300,
      series: [
        {
          type: 'line' as const,
          name: t('scorecard.total'),
          data: trend.map((p) => p.total),
          label: {
            show: true,
            formatter: (p: { dataIndex: number }) => `${trend[p.dataIndex]?.grade ?? ''}`,
          },
          smooth: false,
        },
      ],
    };
  }, [data, t]);

  if (page.loading && !data) return <Spin />;
  if (page.error) return <ErrorAlert error={page.error} />;
  if (!data) return null;
  const form = data.form;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="my-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('me.title')}
        </Typography.Title>
        {data.trend.length > 0 && (
          <Select
            value={data.month ?? undefined}
            onChange={setMonth}
            options={data.trend.map((p) => ({ value: p.month, label: p.month }))}
            style={{ width: 120 }}
            data-testid="me-month"
          />
        )}
      </Space>
      <Card size="small" title={t('me.waiting')} data-testid="waiting">
        {data.waiting.length === 0 ? (
          <Typography.Text type="secondary">{t('me.nothingWaiting')}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={data.waiting}
            renderItem={(w) => (
              <List.Item>
                <a href={`#/months/${w.month}/forms/${w.employee}`}>{tx(w.text)}</a>
              </List.Item>
            )}
          />
        )}
      </Card>
      {form ? (
        <Card
          size="small"
          title={
            <Space wrap>
              <span>{t('me.scorecard', { month: form.month })}</span>
              <StatusTag status={form.status} testId="my-status" />
            </Space>
          }
        >
          <Space direction="vertical" style={{ width: '100%' }}>
            {form.status === 'open' && (
              <>
                <Typography.Text strong>{t('form.selfRating')}</Typography.Text>
                <RatingsPanel
                  key={form.version}
                  form={form}
                  rater="self"
                  onUpdated={setForm}
                  onStale={page.reload}
                />
              </>
            )}
            <ConfirmObject form={form} onUpdated={setForm} onStale={page.reload} />
            {form.objection && (
              <Alert
                type={form.objection.status === 'open' ? 'warning' : 'info'}
                title={t('form.objectionState', {
                  state: t(`objection.${form.objection.status}`),
                  reason: form.objection.reason,
                })}
                description={form.objection.resolution ?? undefined}
              />
            )}
            {form.confirmedAt && (
              <Alert type="success" title={t('form.confirmedAt', { at: when(form.confirmedAt) })} />
            )}
            {form.scorecard ? (
              <ScorecardView card={form.scorecard} finalGrade={form.finalGrade} />
            ) : (
              <Empty description={t('me.notScored')} />
            )}
            {form.interview && (
              <Card size="small" type="inner" title={t('form.interview')}>
                <p>
                  <b>{t('form.strengths')}</b>: {form.interview.strengths}
                </p>
                <p>
                  <b>{t('form.gaps')}</b>: {form.interview.gaps}
                </p>
                <p>
                  <b>{t('form.plan')}</b>: {form.interview.plan}
                </p>
              </Card>
            )}
          </Space>
        </Card>
      ) : (
        <Empty description={t('me.noForm')} />
      )}
      <Card size="small" title={t('me.trend')}>
        {data.trend.length > 0 ? <LazyChart option={trendOption} height={240} /> : <Empty />}
      </Card>
    </Space>
  );
}
