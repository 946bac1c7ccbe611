/** Results (结果应用): who the grade rules put on each list, over the months chosen; exportable. */
import { Card, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../components/error-alert.tsx';
import { ExportButton } from '../components/export-button.tsx';
import { useT } from '../i18n/index.ts';
import type { Month, ResultRow } from '../types.ts';
import { useGet } from '../use-api.ts';

const LISTS = ['salaryAdjustment', 'training', 'promotion', 'transfer', 'improvementPlan'] as const;

function gradesText(g: ResultRow['grades']): string {
  if (Array.isArray(g)) return g.map((x) => x ?? '—').join(' ');
  return Object.entries(g)
    .map(([m, x]) => `${m}:${x ?? '—'}`)
    .join(' ');
}

export default function ResultsPage() {
  const { t, tx } = useT();
  const months = useGet<{ months: Month[] }>('/api/months');
  const [picked, setPicked] = useState<string | null>(null);
  const defaultMonths = (months.data?.months ?? [])
    .map((m) => m.month)
    .sort()
    .slice(-3)
    .join(',');
  const query = picked ?? defaultMonths;
  const res = useGet<{ months: string[]; lists: Record<(typeof LISTS)[number], ResultRow[]> }>(
    query ? `/api/results?months=${encodeURIComponent(query)}` : null,
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="results-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('results.title')}
      </Typography.Title>
      <Input.Search
        defaultValue={query}
        key={defaultMonths}
        placeholder="2026-09,2026-10"
        enterButton={t('results.show')}
        onSearch={(v) => setPicked(v.trim())}
        style={{ maxWidth: 420 }}
      />
      <ErrorAlert error={months.error ?? res.error} />
      {res.data &&
        LISTS.map((k) => {
          const rows = res.data!.lists[k] ?? [];
          return (
            <Card key={k} size="small" title={`${t(`results.${k}`)} (${rows.length})`}>
              <ExportButton
                fileName={`${k}-${query}`}
                rows={rows}
                columns={[
                  { title: t('common.employee'), value: (r) => r.employee },
                  { title: t('common.name'), value: (r) => r.name },
                  { title: t('results.grades'), value: (r) => gradesText(r.grades) },
                  { title: t('form.reason'), value: (r) => tx(r.reason) },
                ]}
              />
              <Table
                size="small"
                rowKey="employee"
                pagination={false}
                dataSource={rows}
                scroll={{ x: true }}
                columns={[
                  { title: t('common.employee'), dataIndex: 'employee' },
                  { title: t('common.name'), dataIndex: 'name' },
                  { title: t('results.grades'), key: 'g', render: (_: unknown, r) => gradesText(r.grades) },
                  { title: t('form.reason'), key: 'r', render: (_: unknown, r) => tx(r.reason) },
                ]}
              />
            </Card>
          );
        })}
    </Space>
  );
}
