/**
 * One person's form for one month, with what the signed-in role may do: the supervisor rates
 * behaviour, enters additional points, scores and records the feedback interview; HR also overrides
 * actuals, approves points and calibrates the grade; the second reviewer resolves an objection.
 */
import {
  App,
  Button,
  Card,
  Descriptions,
  Input,
  InputNumber,
  Modal,
  Space,
  Spin,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useAuth } from '../auth.tsx';
import { AttendancePanel } from '../components/attendance-panel.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { ExportButton } from '../components/export-button.tsx';
import {
  AdditionalPanel,
  ConfirmObject,
  GradeAdjust,
  InterviewPanel,
  RatingsPanel,
  ResolveObjection,
  useFormWrite,
} from '../components/form-actions.tsx';
import { actorLabel, gradesOfForm } from '../components/grades.ts';
import { ScorecardView } from '../components/scorecard-view.tsx';
import { StatusTag } from '../components/status-tag.tsx';
import { num } from '../format.ts';
import { useT } from '../i18n/index.ts';
import type { Form, Month } from '../types.ts';
import { useGet } from '../use-api.ts';

function ActualsTable({
  form,
  canOverride,
  onUpdated,
  onStale,
}: {
  form: Form;
  canOverride: boolean;
  onUpdated: (f: Form) => void;
  onStale: () => void;
}) {
  const { t, tx, lang } = useT();
  const { message } = App.useApp();
  const { run, busy } = useFormWrite(form, onUpdated, onStale);
  const [editing, setEditing] = useState<string | null>(null);
  const [value, setValue] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const inds = form.templateInfo.indicators;
  const rows = inds.map((ind) => ({
    ...ind,
    a: form.actuals[ind.id],
    target: form.targets[ind.id] ?? ind.target,
  }));
  return (
    <>
      <ExportButton
        fileName={`actuals-${form.employee}-${form.month}`}
        rows={rows}
        columns={[
          { title: t('common.id'), value: (r) => r.id },
          { title: t('scorecard.indicator'), value: (r) => tx(r.name) },
          { title: t('scorecard.weight'), value: (r) => r.weight },
          { title: t('scorecard.target'), value: (r) => r.target },
          { title: t('scorecard.actual'), value: (r) => r.a?.value },
          {
            title: t('form.source'),
            value: (r) =>
              r.a?.override
                ? t('form.overridden', {
                    reason: r.a.override.reason,
                    by: r.a.override.by,
                    original: r.a.override.original ?? '—',
                  })
                : r.a?.source,
          },
        ]}
      />
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: true }}
        dataSource={rows}
        columns={[
          { title: t('scorecard.indicator'), key: 'name', render: (_: unknown, r) => tx(r.name) },
          { title: t('scorecard.weight'), dataIndex: 'weight' },
          { title: t('scorecard.target'), dataIndex: 'target', render: (x: number | null) => num(x, lang) },
          {
            title: t('scorecard.actual'),
            key: 'actual',
            render: (_: unknown, r) => num(r.a?.value, lang),
          },
          {
            title: t('form.source'),
            key: 'source',
            render: (_: unknown, r) =>
              r.a?.override ? (
                <Typography.Text type="warning">
                  {t('form.overridden', {
                    reason: r.a.override.reason,
                    by: r.a.override.by,
                    original: r.a.override.original ?? '—',
                  })}
                </Typography.Text>
              ) : (
                (r.a?.source ?? '')
              ),
          },
          ...(canOverride
            ? [
                {
                  title: '',
                  key: 'edit',
                  render: (_: unknown, r: (typeof rows)[number]) => (
                    <Button
                      size="small"
                      onClick={() => {
                        setEditing(r.id);
                        setValue(r.a?.value ?? null);
                        setReason('');
                      }}
                    >
                      {t('form.override')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={t('form.overrideTitle', { id: editing ?? '' })}
        confirmLoading={busy}
        onCancel={() => setEditing(null)}
        onOk={async () => {
          if (reason.trim().length < 2) {
            message.warning(t('form.reasonRequired'));
            return;
          }
          if (await run('PUT', '/actuals', { indicator: editing, value, reason: reason.trim() }))
            setEditing(null);
        }}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <InputNumber value={value} onChange={(v) => setValue(v)} style={{ width: '100%' }} />
          <Input.TextArea
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('form.reason')}
          />
        </Space>
      </Modal>
    </>
  );
}

export default function FormPage({ month, employee }: { month: string; employee: string }) {
  const { user } = useAuth();
  const { t } = useT();
  const res = useGet<Form>(`/api/months/${month}/forms/${encodeURIComponent(employee)}`);
  const monthRes = useGet<Month>(`/api/months/${month}`);
  const form = res.data;
  const { run, busy } = useFormWrite(
    form ?? ({ month, employee, version: 0 } as Form),
    (f) => res.setData(f),
    res.reload,
  );

  if (res.loading && !form) return <Spin />;
  if (res.error) return <ErrorAlert error={res.error} />;
  if (!form || !user) return null;

  const grades = gradesOfForm(form);
  const role = user.role;
  const own = user.employee === form.employee;
  const isSupervisor = role === 'supervisor' && !own;
  // only HR writes to forms among the office roles (admin and committee read; the server enforces it too)
  const isHr = role === 'hr';
  const open = form.status === 'open' || form.status === 'scored';
  const monthOpen = monthRes.data ? monthRes.data.status !== 'closed' : true;
  const setForm = (f: Form) => res.setData(f);
  // The second reviewer: HR, the committee or the assigned reviewer, never the form's own supervisor.
  const canResolve =
    form.objection?.status === 'open' &&
    !own &&
    form.supervisor !== user.employee &&
    (role === 'hr' ||
      role === 'committee' ||
      (form.objection.reviewer !== null && form.objection.reviewer === user.employee));

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="form-page">
      <Card size="small">
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {form.name} ({form.employee}) · {form.month}
          </Typography.Title>
          <StatusTag status={form.status} testId="form-status" />
        </Space>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }} style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('common.template')}>{form.template}</Descriptions.Item>
          <Descriptions.Item label={t('scorecard.total')}>{form.total ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('scorecard.grade')}>{form.grade ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('calibration.final')}>
            <span data-testid="final-grade">{form.finalGrade ?? '—'}</span>
          </Descriptions.Item>
          {form.calibrationReason && (
            <Descriptions.Item label={t('calibration.reason')}>{form.calibrationReason}</Descriptions.Item>
          )}
        </Descriptions>
        <Space wrap style={{ marginTop: 8 }}>
          {(isSupervisor || isHr) && open && monthOpen && (
            <Button
              type="primary"
              loading={busy}
              onClick={() => void run('POST', '/score', {})}
              data-testid="score"
            >
              {t('form.score')}
            </Button>
          )}
          {role === 'hr' && form.total !== null && monthOpen && (
            <GradeAdjust form={form} grades={grades} onUpdated={setForm} onStale={res.reload} />
          )}
          {own && <ConfirmObject form={form} onUpdated={setForm} onStale={res.reload} />}
        </Space>
      </Card>
      {canResolve && (
        <Card size="small" title={t('form.objection')}>
          <ResolveObjection form={form} grades={grades} onUpdated={setForm} onStale={res.reload} />
        </Card>
      )}
      <Card size="small" title={t('form.actuals')}>
        <ActualsTable
          form={form}
          canOverride={(isHr || isSupervisor) && open && monthOpen}
          onUpdated={setForm}
          onStale={res.reload}
        />
      </Card>
      {isSupervisor && open && monthOpen && (
        <Card size="small" title={t('form.supervisorRating')}>
          <RatingsPanel
            key={form.version}
            form={form}
            rater="supervisor"
            onUpdated={setForm}
            onStale={res.reload}
          />
        </Card>
      )}
      {own && form.status === 'open' && (
        <Card size="small" title={t('form.selfRating')}>
          <RatingsPanel
            key={form.version}
            form={form}
            rater="self"
            onUpdated={setForm}
            onStale={res.reload}
          />
        </Card>
      )}
      {form.templateInfo.attendance.length > 0 && (
        <Card size="small" title={t('form.attendance')}>
          <AttendancePanel
            key={form.version}
            form={form}
            canEdit={(isSupervisor || role === 'hr') && open && monthOpen}
            onUpdated={setForm}
            onStale={res.reload}
          />
        </Card>
      )}
      <Card size="small" title={t('form.additional')}>
        <AdditionalPanel
          form={form}
          canEnter={(isSupervisor || role === 'hr') && open && monthOpen}
          canDecide={(isSupervisor || role === 'hr') && monthOpen}
          me={actorLabel(user)}
          onUpdated={setForm}
          onStale={res.reload}
        />
      </Card>
      <Card size="small" title={t('form.scorecard')}>
        {form.scorecard ? (
          <ScorecardView card={form.scorecard} finalGrade={form.finalGrade} />
        ) : (
          t('me.notScored')
        )}
      </Card>
      {((isSupervisor && !open) || form.interview) && (
        <Card size="small" title={t('form.interview')}>
          <InterviewPanel
            key={form.version}
            form={form}
            canEdit={isSupervisor && monthOpen && !open}
            onUpdated={setForm}
            onStale={res.reload}
          />
        </Card>
      )}
    </Space>
  );
}
