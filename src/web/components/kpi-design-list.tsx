/** The KPI design proposals: family, team, title, the step each is at, who acts next, last change. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../auth.tsx';
import { when } from '../format.ts';
import { useT } from '../i18n/index.ts';
import type { Proposal } from '../types.ts';
import { useGet } from '../use-api.ts';
import { ErrorAlert } from './error-alert.tsx';
import { ExportButton } from './export-button.tsx';
import { NewProposal } from './kpi-design-new.tsx';

/** The step as people read it: "3/6 交叉评审", or "已生效". */
export function StepTag({ p }: { p: Pick<Proposal, 'step' | 'stepName'> }) {
  const { t } = useT();
  const name = t(`kpiDesign.steps.${p.stepName}`);
  return p.step >= 7 ? (
    <Tag color="blue">{name}</Tag>
  ) : (
    <Tag color="gold">
      {p.step}/6 {name}
    </Tag>
  );
}

export function ProposalList() {
  const { t, tx } = useT();
  const { user } = useAuth();
  const res = useGet<{ proposals: Proposal[] }>('/api/kpi-design');
  const rows = res.data?.proposals ?? [];
  const expert = user?.role === 'admin' || user?.role === 'hr' || user?.role === 'committee';
  const [creating, setCreating] = useState(false);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="design-list">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('kpiDesign.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('kpiDesign.intro')}</Typography.Text>
      <ErrorAlert error={res.error} />
      <Space wrap>
        {expert && !creating && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="design-new"
          >
            {t('kpiDesign.newProposal')}
          </Button>
        )}
        <ExportButton
          fileName="kpi-design"
          rows={rows}
          columns={[
            { title: t('kpiDesign.id'), value: (r) => r.id },
            { title: t('kpiDesign.family'), value: (r) => r.family },
            { title: t('kpiDesign.team'), value: (r) => r.team },
            { title: t('kpiDesign.proposalTitle'), value: (r) => r.title },
            {
              title: t('kpiDesign.step'),
              value: (r) => `${Math.min(r.step, 6)}/6 ${t(`kpiDesign.steps.${r.stepName}`)}`,
            },
            { title: t('kpiDesign.next'), value: (r) => tx(r.next) },
            { title: t('kpiDesign.templateVersion'), value: (r) => r.template },
            { title: t('kpiDesign.appliesFrom'), value: (r) => r.approval?.from },
            { title: t('kpiDesign.createdBy'), value: (r) => r.createdBy },
            { title: t('kpiDesign.updated'), value: (r) => when(r.updatedAt) },
          ]}
        />
      </Space>
      {creating && <NewProposal onCancel={() => setCreating(false)} />}
      <Table
        size="small"
        rowKey="id"
        loading={res.loading}
        dataSource={rows}
        scroll={{ x: true }}
        pagination={false}
        data-testid="design-table"
        locale={{ emptyText: t('kpiDesign.noProposals') }}
        columns={[
          { title: t('kpiDesign.id'), dataIndex: 'id', responsive: ['md'] },
          {
            title: t('kpiDesign.proposalTitle'),
            key: 'title',
            render: (_: unknown, r) => <a href={`#/design/${r.id}`}>{r.title}</a>,
          },
          { title: t('kpiDesign.family'), dataIndex: 'family' },
          { title: t('kpiDesign.team'), dataIndex: 'team', responsive: ['md'] },
          { title: t('kpiDesign.step'), key: 'step', render: (_: unknown, r) => <StepTag p={r} /> },
          {
            title: t('kpiDesign.next'),
            key: 'next',
            responsive: ['sm'],
            render: (_: unknown, r) => tx(r.next),
          },
          {
            title: t('kpiDesign.updated'),
            key: 'updated',
            responsive: ['md'],
            render: (_: unknown, r) => when(r.updatedAt),
          },
        ]}
      />
    </Space>
  );
}
