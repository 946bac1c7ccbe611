/** A supervisor's team for a month: every form with its status, linked to the form page. */
import { Empty, Select, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../components/error-alert.tsx';
import { FormsTable } from '../components/forms-table.tsx';
import { useT } from '../i18n/index.ts';
import type { FormSummary, Month } from '../types.ts';
import { useGet } from '../use-api.ts';

export default function TeamPage() {
  const { t } = useT();
  const months = useGet<{ months: Month[] }>('/api/months');
  const [picked, setPicked] = useState<string | null>(null);
  const list = months.data?.months ?? [];
  const month = picked ?? [...list].sort((a, b) => b.month.localeCompare(a.month))[0]?.month ?? null;
  const forms = useGet<{ forms: FormSummary[] }>(month ? `/api/months/${month}/forms` : null);

  if (months.loading) return <Spin />;
  if (months.error) return <ErrorAlert error={months.error} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="team-page">
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('team.title')}
        </Typography.Title>
        <Select
          value={month ?? undefined}
          onChange={setPicked}
          options={list.map((m) => ({ value: m.month, label: m.month }))}
          style={{ width: 120 }}
        />
      </Space>
      {!month && <Empty description={t('team.noMonth')} />}
      {forms.error && <ErrorAlert error={forms.error} />}
      {forms.data && <FormsTable forms={forms.data.forms} fileName={`team-${month}`} />}
    </Space>
  );
}
