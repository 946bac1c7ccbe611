/**
 * One month for HR and the committee: progress by form status, the forms, calibration (grade
 * distribution against the quota, adjust a grade with a reason), publish and close.
 */
import { App, Button, Card, Popconfirm, Progress, Space, Spin, Statistic, Tabs, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { post } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { FORM_STATUSES, progressOf } from '../calc.ts';
import { ErrorAlert, errorText } from '../components/error-alert.tsx';
import { FormsTable } from '../components/forms-table.tsx';
import { StatusTag } from '../components/status-tag.tsx';
import { when } from '../format.ts';
import { useT } from '../i18n/index.ts';
import type { FormSummary, Month } from '../types.ts';
import { useGet } from '../use-api.ts';

const Calibration = lazy(() => import('./calibration.tsx'));

export default function MonthPage({ month }: { month: string }) {
  const { t, tx, lang } = useT();
  const { user } = useAuth();
  const { message, modal } = App.useApp();
  const m = useGet<Month>(`/api/months/${month}`);
  const forms = useGet<{ forms: FormSummary[] }>(`/api/months/${month}/forms`);
  const [busy, setBusy] = useState<string | null>(null);
  const [tab, setTab] = useState('forms');
  const isHr = user?.role === 'hr';

  const act = async (name: string, path: string) => {
    setBusy(name);
    try {
      const r = await post<
        | Month
        | {
            scored: number;
            failed: { employee: string; problems: { message: { zh: string; en: string } }[] }[];
          }
      >(path);
      if ('scored' in r) {
        message.success(t('month.scoredN', { n: r.scored, failed: r.failed.length }));
        if (r.failed.length > 0)
          modal.warning({
            title: t('month.scoreFailed'),
            content: (
              <ul>
                {r.failed.map((f) => (
                  <li key={f.employee}>
                    {f.employee}: {f.problems.map((p) => tx(p.message)).join('; ')}
                  </li>
                ))}
              </ul>
            ),
          });
      } else message.success(t('common.saved'));
      m.reload();
      forms.reload();
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(null);
    }
  };

  if (m.loading && !m.data) return <Spin />;
  if (m.error) return <ErrorAlert error={m.error} />;
  const mo = m.data;
  if (!mo) return null;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="month-page">
      <Card size="small">
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('month.title', { month })} <StatusTag status={mo.status} testId="month-status" />
          </Typography.Title>
          {isHr && (
            <Space wrap>
              <Button
                disabled={mo.status !== 'open'}
                loading={busy === 'score'}
                onClick={() => void act('score', `/api/months/${month}/score`)}
                data-testid="score-all"
              >
                {t('month.scoreAll')}
              </Button>
              <Popconfirm
                title={t('month.publishSure')}
                onConfirm={() => void act('publish', `/api/months/${month}/publish`)}
              >
                <Button
                  type="primary"
                  disabled={mo.status !== 'open'}
                  loading={busy === 'publish'}
                  data-testid="publish"
                >
                  {t('month.publish')}
                </Button>
              </Popconfirm>
              <Popconfirm
                title={t('month.closeSure')}
                onConfirm={() => void act('close', `/api/months/${month}/close`)}
              >
                <Button
                  danger
                  disabled={mo.status !== 'published'}
                  loading={busy === 'close'}
                  data-testid="close"
                >
                  {t('month.close')}
                </Button>
              </Popconfirm>
            </Space>
          )}
        </Space>
        <div style={{ marginTop: 12 }}>
          <Progress percent={progressOf(mo)} data-testid="month-progress" />
        </div>
        <Space wrap size="large">
          <div data-testid="month-total" data-value={mo.total}>
            <Statistic title={t('months.forms')} value={mo.total} />
          </div>
          {FORM_STATUSES.map((s) => (
            <Statistic key={s} title={t(`status.${s}`)} value={mo.counts[s] ?? 0} />
          ))}
        </Space>
        <div style={{ marginTop: 8 }}>
          <Tag>
            {t('months.objectionDays')}: {mo.objectionDays}
          </Tag>
          {mo.publishedAt && <Tag>{t('month.publishedAt', { at: when(mo.publishedAt) })}</Tag>}
          {mo.closedAt && <Tag>{t('month.closedAt', { at: when(mo.closedAt) })}</Tag>}
        </div>
      </Card>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'forms',
            label: t('month.forms'),
            children: forms.error ? (
              <ErrorAlert error={forms.error} />
            ) : forms.data ? (
              <FormsTable forms={forms.data.forms} fileName={`forms-${month}`} />
            ) : (
              <Spin />
            ),
          },
          {
            key: 'calibration',
            label: <span data-testid="tab-calibration">{t('month.calibration')}</span>,
            children:
              tab === 'calibration' ? (
                <Suspense fallback={<Spin />}>
                  <Calibration
                    month={month}
                    editable={isHr && mo.status === 'open'}
                    onChanged={() => forms.reload()}
                  />
                </Suspense>
              ) : null,
          },
        ]}
      />
    </Space>
  );
}
