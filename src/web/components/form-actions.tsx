/**
 * What people do to a form, each a small panel that sends the form's `version` so a concurrent edit is
 * refused (409) instead of silently overwritten; on a 409 the form is reloaded and the message shown.
 */
import {
  Form as AntForm,
  App,
  Button,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Rate,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../api.ts';
import { when } from '../format.ts';
import { useT } from '../i18n/index.ts';
import type { Form, Text } from '../types.ts';
import { errorText } from './error-alert.tsx';
import { ExportButton } from './export-button.tsx';

export type OnForm = (f: Form) => void;

/** Runs one write against a form and hands the updated form back. */
export function useFormWrite(form: Form, onUpdated: OnForm, onStale: () => void) {
  const { message } = App.useApp();
  const { t, lang } = useT();
  const [busy, setBusy] = useState(false);
  const base = `/api/months/${form.month}/forms/${encodeURIComponent(form.employee)}`;
  const run = async (
    method: 'POST' | 'PUT',
    sub: string,
    body: Record<string, unknown>,
  ): Promise<boolean> => {
    setBusy(true);
    try {
      const f = await api<Form>(method, `${base}${sub}`, { version: form.version, ...body });
      onUpdated(f);
      message.success(t('common.saved'));
      return true;
    } catch (e) {
      message.error(errorText(e, lang));
      if (e instanceof ApiError && e.status === 409) onStale();
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy };
}

/** The behaviour items and rating scale of a form's template. */
export function behaviourOf(form: Form): { items: { id: string; name: Text }[]; min: number; max: number } {
  const info = form.templateInfo;
  return { items: info?.behaviour ?? [], min: info?.scale?.min ?? 1, max: info?.scale?.max ?? 5 };
}

export function RatingsPanel({
  form,
  rater,
  onUpdated,
  onStale,
}: {
  form: Form;
  rater: 'self' | 'supervisor';
  onUpdated: OnForm;
  onStale: () => void;
}) {
  const { t, tx } = useT();
  const { items, max } = behaviourOf(form);
  const saved = form.ratings[rater] ?? {};
  const [values, setValues] = useState<Record<string, number>>(saved);
  const { run, busy } = useFormWrite(form, onUpdated, onStale);
  if (items.length === 0) return null;
  const complete = items.every((i) => typeof values[i.id] === 'number' && values[i.id]! > 0);
  return (
    <div data-testid={`ratings-${rater}`}>
      {items.map((it) => (
        <div
          key={it.id}
          style={{ display: 'flex', alignItems: 'center', gap: 12, marginBottom: 8, flexWrap: 'wrap' }}
        >
          <span style={{ minWidth: 96 }}>{tx(it.name)}</span>
          <Rate
            count={max}
            value={values[it.id] ?? 0}
            onChange={(v) => setValues((s) => ({ ...s, [it.id]: v }))}
            data-testid={`rate-${it.id}`}
          />
          <span>{values[it.id] ?? '—'}</span>
        </div>
      ))}
      <Button
        type="primary"
        disabled={!complete}
        loading={busy}
        onClick={() => void run('PUT', '/ratings', { rater, ratings: values })}
        data-testid={`save-ratings-${rater}`}
      >
        {t('form.saveRatings')}
      </Button>
    </div>
  );
}

export function AdditionalPanel({
  form,
  canEnter,
  canDecide,
  me,
  onUpdated,
  onStale,
}: {
  form: Form;
  canEnter: boolean;
  canDecide: boolean;
  me: string;
  onUpdated: OnForm;
  onStale: () => void;
}) {
  const { t } = useT();
  const { run, busy } = useFormWrite(form, onUpdated, onStale);
  const [af] = AntForm.useForm<{ points: number; reason: string; evidence: string }>();
  return (
    <div data-testid="additional">
      <ExportButton
        fileName={`additional-${form.employee}-${form.month}`}
        rows={form.additional}
        columns={[
          { title: t('form.points'), value: (r) => r.points },
          { title: t('form.reason'), value: (r) => r.reason },
          { title: t('form.evidence'), value: (r) => r.evidence },
          { title: t('form.enteredBy'), value: (r) => r.enteredBy },
          { title: t('common.status'), value: (r) => t(`additional.${r.status as 'pending'}`) },
        ]}
      />
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={form.additional}
        scroll={{ x: true }}
        columns={[
          { title: t('form.points'), dataIndex: 'points' },
          { title: t('form.reason'), dataIndex: 'reason' },
          { title: t('form.evidence'), dataIndex: 'evidence' },
          { title: t('form.enteredBy'), dataIndex: 'enteredBy' },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: string) => (
              <Tag color={s === 'approved' ? 'green' : s === 'rejected' ? 'red' : 'orange'}>
                {t(`additional.${s as 'pending'}`)}
              </Tag>
            ),
          },
          {
            title: '',
            key: 'act',
            render: (_: unknown, r) =>
              canDecide && r.status === 'pending' && r.enteredBy !== me ? (
                <Space>
                  <Button
                    size="small"
                    loading={busy}
                    onClick={() => void run('POST', `/additional/${r.id}/decide`, { approve: true })}
                    data-testid="additional-approve"
                  >
                    {t('form.approve')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    loading={busy}
                    onClick={() => void run('POST', `/additional/${r.id}/decide`, { approve: false })}
                  >
                    {t('form.reject')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      {canEnter && (
        <AntForm
          form={af}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          onFinish={async (v) => {
            if (await run('POST', '/additional', v)) af.resetFields();
          }}
        >
          <AntForm.Item name="points" rules={[{ required: true }]}>
            <InputNumber placeholder={t('form.points')} step={0.5} data-testid="add-points" />
          </AntForm.Item>
          <AntForm.Item name="reason" rules={[{ required: true }]}>
            <Input placeholder={t('form.reason')} data-testid="add-reason" />
          </AntForm.Item>
          <AntForm.Item name="evidence" rules={[{ required: true }]}>
            <Input placeholder={t('form.evidence')} data-testid="add-evidence" />
          </AntForm.Item>
          <Button htmlType="submit" loading={busy} data-testid="add-submit">
            {t('form.addEntry')}
          </Button>
        </AntForm>
      )}
    </div>
  );
}

export function InterviewPanel({
  form,
  canEdit,
  onUpdated,
  onStale,
}: {
  form: Form;
  canEdit: boolean;
  onUpdated: OnForm;
  onStale: () => void;
}) {
  const { t } = useT();
  const { run, busy } = useFormWrite(form, onUpdated, onStale);
  const iv = form.interview;
  return (
    <AntForm
      layout="vertical"
      disabled={!canEdit}
      initialValues={{ strengths: iv?.strengths ?? '', gaps: iv?.gaps ?? '', plan: iv?.plan ?? '' }}
      onFinish={(v) => void run('PUT', '/interview', v)}
      data-testid="interview"
    >
      <AntForm.Item name="strengths" label={t('form.strengths')} rules={[{ required: true }]}>
        <Input.TextArea rows={2} data-testid="iv-strengths" />
      </AntForm.Item>
      <AntForm.Item name="gaps" label={t('form.gaps')} rules={[{ required: true }]}>
        <Input.TextArea rows={2} data-testid="iv-gaps" />
      </AntForm.Item>
      <AntForm.Item name="plan" label={t('form.plan')} rules={[{ required: true }]}>
        <Input.TextArea rows={2} data-testid="iv-plan" />
      </AntForm.Item>
      {canEdit && (
        <Button type="primary" htmlType="submit" loading={busy} data-testid="iv-save">
          {t('form.saveInterview')}
        </Button>
      )}
      {iv && (
        <div style={{ marginTop: 8, color: '#888' }}>
          {t('form.recordedBy', { by: iv.by, at: when(iv.at) })}
        </div>
      )}
    </AntForm>
  );
}

/** Confirm or object: the employee's answer to a published result. */
export function ConfirmObject({
  form,
  onUpdated,
  onStale,
}: {
  form: Form;
  onUpdated: OnForm;
  onStale: () => void;
}) {
  const { t } = useT();
  const { run, busy } = useFormWrite(form, onUpdated, onStale);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (form.status !== 'published') return null;
  return (
    <Space wrap data-testid="confirm-object">
      <Popconfirm
        title={t('form.confirmSure')}
        onConfirm={() => void run('POST', '/confirm', {})}
        okButtonProps={{ 'data-testid': 'confirm-ok' }}
      >
        <Button type="primary" loading={busy} data-testid="confirm">
          {t('form.confirm')}
        </Button>
      </Popconfirm>
      <Button danger onClick={() => setOpen(true)} data-testid="object">
        {t('form.object')}
      </Button>
      {form.deadline && <span>{t('form.deadline', { date: form.deadline })}</span>}
      <Modal
        open={open}
        title={t('form.objectTitle')}
        okText={t('form.objectSubmit')}
        okButtonProps={{ disabled: reason.trim().length < 2, danger: true, 'data-testid': 'object-submit' }}
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
        onOk={async () => {
          if (await run('POST', '/objection', { reason: reason.trim() })) setOpen(false);
        }}
      >
        <Input.TextArea
          rows={4}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('form.objectReason')}
          data-testid="object-reason"
        />
      </Modal>
    </Space>
  );
}

/** HR's calibration of one grade, with the reason that goes into the audit log. */
export function GradeAdjust({
  form,
  grades,
  onUpdated,
  onStale,
}: {
  form: Pick<Form, 'employee' | 'month' | 'version' | 'finalGrade'>;
  grades: string[];
  onUpdated: OnForm;
  onStale: () => void;
}) {
  const { t } = useT();
  const { run, busy } = useFormWrite(form as Form, onUpdated, onStale);
  const [open, setOpen] = useState(false);
  const [grade, setGrade] = useState<string | undefined>(form.finalGrade ?? undefined);
  const [reason, setReason] = useState('');
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid={`adjust-${form.employee}`}>
        {t('calibration.adjust')}
      </Button>
      <Modal
        open={open}
        title={t('calibration.adjustTitle', { who: form.employee })}
        okButtonProps={{ disabled: !grade || reason.trim().length < 2, 'data-testid': 'adjust-submit' }}
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
        onOk={async () => {
          if (await run('PUT', '/grade', { grade, reason: reason.trim() })) setOpen(false);
        }}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            value={grade}
            onChange={setGrade}
            options={grades.map((g) => ({ value: g, label: g }))}
            style={{ width: 120 }}
            data-testid="adjust-grade"
          />
          <Input.TextArea
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('calibration.reason')}
            data-testid="adjust-reason"
          />
        </Space>
      </Modal>
    </>
  );
}

/** The second reviewer's answer to an objection. */
export function ResolveObjection({
  form,
  grades,
  onUpdated,
  onStale,
}: {
  form: Form;
  grades: string[];
  onUpdated: OnForm;
  onStale: () => void;
}) {
  const { t } = useT();
  const { run, busy } = useFormWrite(form, onUpdated, onStale);
  const [resolution, setResolution] = useState('');
  const [grade, setGrade] = useState<string | undefined>(undefined);
  if (form.objection?.status !== 'open') return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="resolve">
      <div>
        {t('form.objectionReason')}: {form.objection.reason}
      </div>
      <Input.TextArea
        rows={2}
        value={resolution}
        onChange={(e) => setResolution(e.target.value)}
        placeholder={t('form.resolution')}
        data-testid="resolution"
      />
      <Space wrap>
        <Select
          allowClear
          placeholder={t('form.newGrade')}
          value={grade}
          onChange={setGrade}
          options={grades.map((g) => ({ value: g, label: g }))}
          style={{ width: 140 }}
        />
        <Button
          type="primary"
          disabled={resolution.trim().length < 2}
          loading={busy}
          onClick={() =>
            void run('POST', '/objection/resolve', {
              resolution: resolution.trim(),
              ...(grade ? { grade } : {}),
            })
          }
          data-testid="resolve-submit"
        >
          {t('form.resolve')}
        </Button>
      </Space>
    </Space>
  );
}
