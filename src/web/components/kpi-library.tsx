/**
 * The KPI library (指标库): every indicator of the templates in force, with its definition, metric,
 * cycle, data owner, rule in words and the templates that use it; filterable and exported to Excel
 * (`GET /api/templates/library`).
 */
import { Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useT } from '../i18n/index.ts';
import { orgText } from '../i18n/org.ts';
import type { Text } from '../types.ts';
import { useGet } from '../use-api.ts';
import { ErrorAlert } from './error-alert.tsx';
import { ExportButton } from './export-button.tsx';

interface LibraryUse {
  template: string;
  version: string;
  family: string;
  name: Text;
  weight: number;
}

export interface LibraryIndicator {
  id: string;
  name: Text;
  definition: Text;
  metric: string;
  cycle: string;
  unit: string | null;
  owner: string | null;
  rule: Text;
  usedBy: LibraryUse[];
}

export function KpiLibrary() {
  const { t, tx, lang } = useT();
  const o = (k: Parameters<typeof orgText>[1], v: Record<string, string | number> = {}) =>
    orgText(lang, k, v);
  const res = useGet<{ day: string; indicators: LibraryIndicator[] }>('/api/templates/library');
  const [query, setQuery] = useState('');
  const [cycle, setCycle] = useState<string | null>(null);
  const all = res.data?.indicators ?? [];
  const cycles = [...new Set(all.map((i) => i.cycle))].sort();
  const uses = (i: LibraryIndicator) => i.usedBy.map((u) => `${u.template}@${u.version}`).join(', ');
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return all.filter((i) => {
      if (cycle && i.cycle !== cycle) return false;
      if (!q) return true;
      const hay = [
        i.id,
        i.name.zh,
        i.name.en,
        i.definition.zh,
        i.definition.en,
        i.metric,
        i.owner ?? '',
        ...i.usedBy.map((u) => u.template),
      ]
        .join('\n')
        .toLowerCase();
      return hay.includes(q);
    });
  }, [all, query, cycle]);

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="kpi-library">
      <ErrorAlert error={res.error} />
      {res.data ? (
        <Typography.Text type="secondary">{o('libraryHint', { day: res.data.day })}</Typography.Text>
      ) : null}
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={o('filter')}
          style={{ width: 280, maxWidth: '100%' }}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="kpi-library-filter"
        />
        <Select
          allowClear
          placeholder={o('allCycles')}
          style={{ width: 140 }}
          value={cycle}
          onChange={(v: string | undefined) => setCycle(v ?? null)}
          options={cycles.map((c) => ({ value: c, label: c }))}
        />
        <ExportButton
          fileName="kpi-library"
          rows={rows}
          columns={[
            { title: t('common.id'), value: (r) => r.id },
            { title: t('common.title'), value: (r) => tx(r.name) },
            { title: t('templates.definition'), value: (r) => tx(r.definition) },
            { title: t('templates.metric'), value: (r) => r.metric },
            { title: o('cycle'), value: (r) => r.cycle },
            { title: o('owner'), value: (r) => r.owner },
            { title: o('rule'), value: (r) => tx(r.rule) },
            { title: o('usedBy'), value: (r) => uses(r) },
          ]}
        />
        <Typography.Text type="secondary">{o('count', { n: rows.length })}</Typography.Text>
      </Space>
      <Table
        size="small"
        rowKey={(r) => `${r.id}|${uses(r)}`}
        loading={res.loading}
        dataSource={rows}
        scroll={{ x: true }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="kpi-library-table"
        columns={[
          {
            title: t('common.title'),
            key: 'name',
            render: (_: unknown, r) => (
              <>
                {tx(r.name)}
                <br />
                <Typography.Text type="secondary">{r.id}</Typography.Text>
              </>
            ),
          },
          {
            title: t('templates.definition'),
            key: 'definition',
            responsive: ['md'],
            render: (_: unknown, r) => tx(r.definition),
          },
          { title: t('templates.metric'), dataIndex: 'metric', responsive: ['lg'] },
          { title: o('cycle'), dataIndex: 'cycle', responsive: ['md'] },
          { title: o('owner'), dataIndex: 'owner' },
          { title: o('rule'), key: 'rule', responsive: ['md'], render: (_: unknown, r) => tx(r.rule) },
          {
            title: o('usedBy'),
            key: 'usedBy',
            render: (_: unknown, r) =>
              r.usedBy.map((u) => (
                <Tag key={`${u.template}@${u.version}`} title={`${o('weight')} ${u.weight}`}>
                  <a href={`#/templates/${u.template}/${u.version}`}>
                    {tx(u.name)} {u.version}
                  </a>
                </Tag>
              )),
          },
        ]}
      />
    </Space>
  );
}
