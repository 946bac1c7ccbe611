/** The audit log (审计日志): who changed what, when, before and after, and why. Admin and HR only. */
import { Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../components/error-alert.tsx';
import { ExportButton } from '../components/export-button.tsx';
import { when } from '../format.ts';
import { useT } from '../i18n/index.ts';
import type { AuditEntry } from '../types.ts';
import { useGet } from '../use-api.ts';

const json = (x: unknown) => (x === null || x === undefined ? '' : JSON.stringify(x));

export default function AuditPage() {
  const { t } = useT();
  const [entity, setEntity] = useState('');
  const res = useGet<{ entries: AuditEntry[] }>(
    `/api/audit?limit=500${entity ? `&entity=${encodeURIComponent(entity)}` : ''}`,
  );
  const rows = res.data?.entries ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="audit-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('audit.title')}
      </Typography.Title>
      <Input.Search
        allowClear
        placeholder={t('audit.entity')}
        onSearch={(v) => setEntity(v.trim())}
        style={{ maxWidth: 320 }}
      />
      <ErrorAlert error={res.error} />
      <ExportButton
        fileName="audit"
        rows={rows}
        columns={[
          { title: t('audit.at'), value: (r) => r.at },
          { title: t('audit.actor'), value: (r) => r.actor },
          { title: t('audit.entity'), value: (r) => r.entity },
          { title: t('common.id'), value: (r) => r.entityId },
          { title: t('audit.action'), value: (r) => r.action },
          { title: t('audit.why'), value: (r) => r.why },
          { title: t('audit.before'), value: (r) => json(r.before) },
          { title: t('audit.after'), value: (r) => json(r.after) },
        ]}
      />
      <Table
        size="small"
        rowKey="id"
        loading={res.loading}
        dataSource={rows}
        scroll={{ x: true }}
        pagination={{ pageSize: 50 }}
        data-testid="audit-table"
        expandable={{
          expandedRowRender: (r) => (
            <pre style={{ fontSize: 12, whiteSpace: 'pre-wrap', margin: 0 }}>
              {t('audit.before')}: {JSON.stringify(r.before, null, 2)}
              {'\n'}
              {t('audit.after')}: {JSON.stringify(r.after, null, 2)}
            </pre>
          ),
        }}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', render: (x: string) => when(x) },
          { title: t('audit.actor'), dataIndex: 'actor' },
          { title: t('audit.entity'), dataIndex: 'entity' },
          { title: t('common.id'), dataIndex: 'entityId' },
          { title: t('audit.action'), dataIndex: 'action' },
          { title: t('audit.why'), dataIndex: 'why' },
        ]}
      />
    </Space>
  );
}
