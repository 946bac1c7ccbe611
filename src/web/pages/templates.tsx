/** The template versions (考核模板): family, name, effective date, applied or still editable. */
import { ImportOutlined } from '@ant-design/icons';
import { Button, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useAuth } from '../auth.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { ExportButton } from '../components/export-button.tsx';
import { KpiLibrary } from '../components/kpi-library.tsx';
import { useT } from '../i18n/index.ts';
import { orgText } from '../i18n/org.ts';
import type { TemplateVersion } from '../types.ts';
import { useGet } from '../use-api.ts';

export default function TemplatesPage() {
  const { t, lang } = useT();
  const res = useGet<{ versions: TemplateVersion[] }>('/api/templates');
  const rows = res.data?.versions ?? [];
  const { user } = useAuth();
  const canImport = user?.role === 'hr' || user?.role === 'admin' || user?.role === 'committee';
  const versions = <TemplateVersions rows={rows} loading={res.loading} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="templates-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('templates.title')}
      </Typography.Title>
      {canImport ? (
        <Button icon={<ImportOutlined />} href="#/templates/import" data-testid="import-sheet">
          {t('sheetImport.openButton')}
        </Button>
      ) : null}
      <ErrorAlert error={res.error} />
      <Tabs
        items={[
          { key: 'versions', label: orgText(lang, 'versionsTab'), children: versions },
          { key: 'library', label: orgText(lang, 'libraryTab'), children: <KpiLibrary /> },
        ]}
      />
    </Space>
  );
}

function TemplateVersions({ rows, loading }: { rows: TemplateVersion[]; loading: boolean }) {
  const { t, tx } = useT();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ExportButton
        fileName="templates"
        rows={rows}
        columns={[
          { title: t('common.id'), value: (r) => r.id },
          { title: t('templates.version'), value: (r) => r.version },
          { title: t('org.family'), value: (r) => r.family },
          { title: t('common.title'), value: (r) => tx(r.name) },
          { title: t('templates.effective'), value: (r) => r.effective },
          { title: t('templates.applied'), value: (r) => (r.applied ? t('common.yes') : t('common.no')) },
        ]}
      />
      <Table
        size="small"
        rowKey={(r) => `${r.id}@${r.version}`}
        loading={loading}
        dataSource={rows}
        scroll={{ x: true }}
        pagination={false}
        columns={[
          {
            title: t('common.title'),
            key: 'name',
            render: (_: unknown, r) => <a href={`#/templates/${r.id}/${r.version}`}>{tx(r.name)}</a>,
          },
          { title: t('common.id'), dataIndex: 'id', responsive: ['md'] },
          { title: t('templates.version'), dataIndex: 'version' },
          { title: t('org.family'), dataIndex: 'family', responsive: ['md'] },
          { title: t('templates.effective'), dataIndex: 'effective' },
          {
            title: t('templates.applied'),
            dataIndex: 'applied',
            render: (a: boolean) =>
              a ? <Tag color="blue">{t('templates.locked')}</Tag> : <Tag>{t('templates.editable')}</Tag>,
          },
        ]}
      />
    </Space>
  );
}
