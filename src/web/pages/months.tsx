/** HR's list of months and the form to open a new one (forms for everyone, actuals from store data). */
import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Progress,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useAuth } from '../auth.tsx';
import { FORM_STATUSES, progressOf } from '../calc.ts';
import { ErrorAlert, errorText } from '../components/error-alert.tsx';
import { ExportButton } from '../components/export-button.tsx';
import { followJob, type Job, JobProgress, runJob, useRunningJob } from '../components/job-progress.tsx';
import { StatusTag } from '../components/status-tag.tsx';
import { when } from '../format.ts';
import { useT } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import type { Family, Month } from '../types.ts';
import { useGet } from '../use-api.ts';

function defaultMonth(): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}

export default function MonthsPage() {
  const { t, tx, lang } = useT();
  const { user } = useAuth();
  const { message } = App.useApp();
  const res = useGet<{ months: Month[] }>('/api/months');
  const [opening, setOpening] = useState(false);
  const [job, setJob] = useState<Job | null>(null);

  const families = useGet<{ families: Family[] }>('/api/org/families');
  /** Waits for an opening job (started here, or before a reload) and goes to the month once it is open. */
  const follow = async (work: () => Promise<Month>) => {
    setOpening(true);
    setJob(null);
    try {
      const m = await work();
      message.success(t('months.opened', { month: m.month, n: m.total }));
      navigate(`/months/${m.month}`);
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setOpening(false);
    }
  };
  // A background job: the bar follows the server's phases (facts, forms n/N, saving) as it polls.
  const open = (v: { month: string; objectionDays: number; families?: string[] }) =>
    follow(() =>
      runJob<Month>(
        '/api/jobs/open-month',
        {
          month: v.month,
          objectionDays: v.objectionDays,
          ...(v.families?.length ? { families: v.families } : {}),
        },
        setJob,
      ),
    );
  // reloaded while a month was opening: show that job's progress again (unless one was started meanwhile)
  useRunningJob('open-month', user?.role === 'hr', (running) => {
    if (!opening) void follow(() => followJob<Month>(running, setJob));
  });

  const months = [...(res.data?.months ?? [])].sort((a, b) => b.month.localeCompare(a.month));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="months-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('months.title')}
      </Typography.Title>
      {user?.role === 'hr' && (
        <Card size="small" title={t('months.open')}>
          <Form
            layout="inline"
            initialValues={{ month: defaultMonth(), objectionDays: 7 }}
            onFinish={(v) => void open(v)}
            style={{ rowGap: 8 }}
          >
            <Form.Item
              name="month"
              label={t('common.month')}
              rules={[{ required: true, pattern: /^\d{4}-(0[1-9]|1[0-2])$/, message: 'YYYY-MM' }]}
            >
              <Input style={{ width: 110 }} data-testid="open-month" />
            </Form.Item>
            <Form.Item name="families" label={t('months.population')}>
              <Select
                mode="multiple"
                allowClear
                placeholder={t('months.everyone')}
                style={{ minWidth: 220 }}
                options={(families.data?.families ?? []).map((f) => ({ value: f.code, label: tx(f.name) }))}
              />
            </Form.Item>
            <Form.Item name="objectionDays" label={t('months.objectionDays')}>
              <InputNumber min={1} max={60} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={opening} data-testid="open-submit">
              {t('months.openButton')}
            </Button>
          </Form>
          {job && (
            <div style={{ marginTop: 12 }} data-testid="open-progress">
              <JobProgress job={job} testId="open-job" showTitle />
            </div>
          )}
        </Card>
      )}
      {res.error && <ErrorAlert error={res.error} />}
      <ExportButton
        fileName="months"
        rows={months}
        columns={[
          { title: t('common.month'), value: (m) => m.month },
          { title: t('common.status'), value: (m) => t(`status.${m.status}`) },
          { title: t('months.forms'), value: (m) => m.total },
          ...FORM_STATUSES.map((s) => ({
            title: t(`status.${s}`),
            value: (m: Month) => m.counts[s] ?? 0,
          })),
        ]}
      />
      <Table
        size="small"
        rowKey="month"
        loading={res.loading}
        dataSource={months}
        scroll={{ x: true }}
        data-testid="months-table"
        columns={[
          {
            title: t('common.month'),
            dataIndex: 'month',
            render: (m: string) => <a href={`#/months/${m}`}>{m}</a>,
          },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          { title: t('months.forms'), dataIndex: 'total' },
          {
            title: t('months.progress'),
            key: 'progress',
            render: (_: unknown, m) => (
              <Progress percent={progressOf(m)} size="small" style={{ width: 140 }} />
            ),
          },
          {
            title: t('months.openedAt'),
            dataIndex: 'openedAt',
            responsive: ['md'],
            render: (x: string) => when(x),
          },
        ]}
      />
    </Space>
  );
}
