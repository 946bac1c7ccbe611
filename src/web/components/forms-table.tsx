/** The forms of a month as a table with links, filters by status, and export to Excel. */
import { Space, Table } from 'antd';
import { useT } from '../i18n/index.ts';
import type { FormSummary } from '../types.ts';
import { ExportButton } from './export-button.tsx';
import { StatusTag } from './status-tag.tsx';

export function FormsTable({ forms, fileName }: { forms: FormSummary[]; fileName: string }) {
  const { t } = useT();
  const statuses = [...new Set(forms.map((f) => f.status))];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ExportButton
        fileName={fileName}
        rows={forms}
        columns={[
          { title: t('common.employee'), value: (f) => f.employee },
          { title: t('common.name'), value: (f) => f.name },
          { title: t('common.template'), value: (f) => f.template },
          { title: t('common.supervisor'), value: (f) => f.supervisor },
          { title: t('common.status'), value: (f) => t(`status.${f.status}`) },
          { title: t('scorecard.total'), value: (f) => f.total },
          { title: t('scorecard.grade'), value: (f) => f.grade },
          { title: t('calibration.final'), value: (f) => f.finalGrade },
        ]}
      />
      <Table
        size="small"
        rowKey="employee"
        dataSource={forms}
        scroll={{ x: true }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="forms-table"
        columns={[
          {
            title: t('common.employee'),
            dataIndex: 'employee',
            render: (e: string, f) => <a href={`#/months/${f.month}/forms/${encodeURIComponent(e)}`}>{e}</a>,
            sorter: (a, b) => a.employee.localeCompare(b.employee),
          },
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('common.template'), dataIndex: 'template', responsive: ['md'] },
          { title: t('common.supervisor'), dataIndex: 'supervisor', responsive: ['lg'] },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: string) => <StatusTag status={s} />,
            filters: statuses.map((s) => ({ text: t(`status.${s}`), value: s })),
            onFilter: (v, f) => f.status === v,
          },
          {
            title: t('scorecard.total'),
            dataIndex: 'total',
            render: (x: number | null) => <span data-testid="row-total">{x ?? '—'}</span>,
            sorter: (a, b) => (a.total ?? -1) - (b.total ?? -1),
          },
          { title: t('scorecard.grade'), dataIndex: 'grade' },
          {
            title: t('calibration.final'),
            dataIndex: 'finalGrade',
            render: (g: string | null) => <b data-testid="row-final">{g ?? '—'}</b>,
          },
        ]}
      />
    </Space>
  );
}
