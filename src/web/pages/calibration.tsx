/**
 * Calibration (校准): per template group, the grade distribution against the declared quota as a bar
 * chart, and the ranked forms where HR adjusts a grade with a reason (written to the audit log).
 */
import { Alert, Card, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import { actualCounts, gradesOf } from '../calc.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { ExportButton } from '../components/export-button.tsx';
import { GradeAdjust } from '../components/form-actions.tsx';
import { LazyChart } from '../components/lazy-chart.tsx';
import { useT } from '../i18n/index.ts';
import type { CalibrationGroup, FormSummary } from '../types.ts';
import { useGet } from '../use-api.ts';

const ORDER = ['S', 'A', 'B', 'C', 'D'];

function Group({
  group,
  editable,
  onChanged,
}: {
  group: CalibrationGroup;
  editable: boolean;
  onChanged: () => void;
}) {
  const { t, tx } = useT();
  const grades = gradesOf(group);
  const actual = actualCounts(group, grades);
  const allowed = grades.map((gr) => group.quota?.counts.find((c) => c.grade === gr)?.allowed ?? null);
  const option = {
    tooltip: { trigger: 'axis' as const },
    legend: { top: 0, data: [t('calibration.actual'), t('calibration.quota')] },
    grid: { left: 36, right: 12, top: 40, bottom: 28 },
    animationDuration: 300,
    xAxis: { type: 'category' as const, data: grades },
    yAxis: { type: 'value' as const, minInterval: 1 },
    series: [
      {
        type: 'bar' as const,
        name: t('calibration.actual'),
        data: actual,
        barMaxWidth: 48,
        label: { show: true, position: 'top' as const },
      },
      ...(group.quota
        ? [
            {
              type: 'bar' as const,
              name: t('calibration.quota'),
              data: allowed,
              barMaxWidth: 48,
              label: { show: true, position: 'top' as const },
            },
          ]
        : []),
    ],
  };
  const quotaOf = new Map(group.quota?.ranked.map((r) => [r.employee, r]) ?? []);
  return (
    <Card
      size="small"
      title={`${group.template} · ${t('calibration.size', { n: group.size })}`}
      data-testid="calibration-group"
    >
      {group.quota?.tooSmall && (
        <Alert type="info" title={t('calibration.tooSmall')} style={{ marginBottom: 8 }} />
      )}
      {group.quota?.notes.map((n, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: ordered notes
        <Typography.Paragraph key={i} type="secondary">
          {tx(n)}
        </Typography.Paragraph>
      ))}
      <LazyChart option={option} height={240} />
      <Space style={{ margin: '8px 0' }}>
        <ExportButton
          fileName={`calibration-${group.template}`}
          rows={group.forms}
          columns={[
            { title: t('common.employee'), value: (f) => f.employee },
            { title: t('common.name'), value: (f) => f.name },
            { title: t('scorecard.total'), value: (f) => f.total },
            { title: t('scorecard.grade'), value: (f) => f.grade },
            { title: t('calibration.allowed'), value: (f) => quotaOf.get(f.employee)?.allowed ?? '' },
            { title: t('calibration.final'), value: (f) => f.finalGrade },
          ]}
        />
      </Space>
      <Table<FormSummary>
        size="small"
        rowKey="employee"
        pagination={false}
        scroll={{ x: true }}
        dataSource={[...group.forms].sort((a, b) => (b.total ?? -1) - (a.total ?? -1))}
        columns={[
          {
            title: t('common.employee'),
            dataIndex: 'employee',
            render: (e: string, f) => <a href={`#/months/${f.month}/forms/${encodeURIComponent(e)}`}>{e}</a>,
          },
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('scorecard.total'), dataIndex: 'total' },
          { title: t('scorecard.grade'), dataIndex: 'grade' },
          {
            title: t('calibration.allowed'),
            key: 'allowed',
            render: (_: unknown, f) => {
              const q = quotaOf.get(f.employee);
              if (!q) return '—';
              return <Tag color={q.withinQuota ? 'default' : 'orange'}>{q.allowed}</Tag>;
            },
          },
          {
            title: t('calibration.final'),
            dataIndex: 'finalGrade',
            render: (g: string | null, f) => (
              <b data-testid={`final-${f.employee}`}>
                {g ?? '—'}
                {f.calibratedGrade ? ' *' : ''}
              </b>
            ),
          },
          ...(editable
            ? [
                {
                  title: '',
                  key: 'adjust',
                  render: (_: unknown, f: FormSummary) =>
                    f.total !== null ? (
                      <GradeAdjust
                        form={f}
                        grades={grades.length ? grades : ORDER}
                        onUpdated={onChanged}
                        onStale={onChanged}
                      />
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

export default function Calibration({
  month,
  editable,
  onChanged,
}: {
  month: string;
  editable: boolean;
  onChanged: () => void;
}) {
  const { t } = useT();
  const res = useGet<{ groups: CalibrationGroup[] }>(`/api/months/${month}/calibration`);
  if (res.loading && !res.data) return <Spin />;
  if (res.error) return <ErrorAlert error={res.error} />;
  const groups = res.data?.groups ?? [];
  if (groups.length === 0) return <Empty description={t('calibration.empty')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="calibration">
      {groups.map((g) => (
        <Group
          key={g.template}
          group={g}
          editable={editable}
          onChanged={() => {
            res.reload();
            onChanged();
          }}
        />
      ))}
    </Space>
  );
}
