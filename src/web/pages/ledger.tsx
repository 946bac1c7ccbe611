/**
 * The pay ledger (奖罚台账): per-incident fines and rewards of a month, totals per employee, add, void
 * (by a reversing entry, with a reason) and import a CSV/XLSX. HR and admin write; the server decides who
 * sees which entries. Every table exports to Excel.
 */
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { ApiError, post } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { ErrorAlert, errorText } from '../components/error-alert.tsx';
import { ExportButton } from '../components/export-button.tsx';
import { when } from '../format.ts';
import { useT } from '../i18n/index.ts';
import type { Text } from '../types.ts';
import { useGet } from '../use-api.ts';

/** As GET /api/ledger answers (src/app/ledger-service.ts LedgerRow); amounts are strings. */
interface LedgerRow {
  id: number;
  employee: string;
  employeeName: string;
  month: string;
  date: string;
  kind: 'fine' | 'reward';
  reason: string;
  quantity: string;
  unitAmount: string;
  amount: string;
  effect: string;
  source: 'manual' | 'import';
  sourceFile: string | null;
  sourceRow: number | null;
  recordedBy: string;
  recordedAt: string;
  reverses: number | null;
  voidedBy: number | null;
  note: string | null;
}

interface LedgerTotal {
  employee: string;
  employeeName: string;
  fines: string;
  rewards: string;
  net: string;
}

interface Problem {
  row: string;
  column: string;
  value: string;
  message: Text;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** An entry's name as payslips and the server's messages write it (L4), so a person can match them. */
const entryNo = (id: number): string => `L${id}`;

function thisMonth(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  // in slices: String.fromCharCode(...) of a whole file overflows the call stack
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export default function LedgerPage() {
  const { t, tx, lang } = useT();
  const { message } = App.useApp();
  const { user } = useAuth();
  const canWrite = user?.role === 'hr' || user?.role === 'admin';
  const [month, setMonth] = useState(thisMonth);
  const res = useGet<{ entries: LedgerRow[]; totals: LedgerTotal[] }>(
    MONTH.test(month) ? `/api/ledger?month=${month}` : null,
  );
  const entries = res.data?.entries ?? [];
  const totals = res.data?.totals ?? [];

  const [adding, setAdding] = useState(false);
  const [voiding, setVoiding] = useState<LedgerRow | null>(null);
  const [voidReason, setVoidReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [writeError, setWriteError] = useState<unknown>(null);
  const [problems, setProblems] = useState<Problem[] | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [form] = Form.useForm();

  const kindTag = (k: LedgerRow['kind']) => (
    <Tag color={k === 'fine' ? 'red' : 'green'}>{k === 'fine' ? t('ledger.fine') : t('ledger.reward')}</Tag>
  );
  const sourceText = (r: LedgerRow) =>
    r.source === 'import'
      ? t('ledger.imported', { file: r.sourceFile ?? '', row: r.sourceRow ?? '' })
      : t('ledger.manual');
  const statusText = (r: LedgerRow) =>
    r.voidedBy !== null
      ? t('ledger.voidedBy', { id: entryNo(r.voidedBy) })
      : r.reverses !== null
        ? `${t('ledger.reverses', { id: entryNo(r.reverses) })}${r.note ? `：${r.note}` : ''}`
        : '';

  const add = async () => {
    const v = (await form.validateFields()) as {
      employee: string;
      date: string;
      kind: 'fine' | 'reward';
      reason: string;
      quantity: number;
      unitAmount: string;
    };
    setBusy(true);
    setWriteError(null);
    try {
      await post('/api/ledger', {
        employee: v.employee.trim(),
        month,
        date: v.date,
        kind: v.kind,
        reason: v.reason,
        quantity: String(v.quantity),
        unitAmount: String(v.unitAmount).trim(),
      });
      message.success(t('ledger.recorded'));
      setAdding(false);
      form.resetFields();
      res.reload();
    } catch (err) {
      setWriteError(err);
    } finally {
      setBusy(false);
    }
  };

  const doVoid = async () => {
    if (!voiding || !voidReason.trim()) return;
    setBusy(true);
    setWriteError(null);
    try {
      await post(`/api/ledger/${voiding.id}/void`, { reason: voidReason.trim() });
      message.success(t('ledger.voided'));
      setVoiding(null);
      setVoidReason('');
      res.reload();
    } catch (err) {
      setWriteError(err);
    } finally {
      setBusy(false);
    }
  };

  const upload = async (file: File) => {
    setBusy(true);
    try {
      const r = await post<{ created: number; corrected: number; unchanged: number }>('/api/ledger/import', {
        file: file.name,
        contentBase64: await toBase64(file),
      });
      message.success(
        t('ledger.importDone', { created: r.created, unchanged: r.unchanged }) +
          (r.corrected > 0 ? t('ledger.importCorrected', { corrected: r.corrected }) : ''),
      );
      res.reload();
    } catch (err) {
      if (err instanceof ApiError && err.problems.length)
        setProblems(
          err.problems.map((p) => ({
            row: String(p.where?.row ?? ''),
            column: String(p.where?.column ?? ''),
            value: String(p.where?.value ?? ''),
            message: p.message,
          })),
        );
      else message.error(errorText(err, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="ledger-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('ledger.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('ledger.intro')}
      </Typography.Paragraph>
      <Space wrap>
        <Input
          addonBefore={t('ledger.month')}
          value={month}
          onChange={(e) => setMonth(e.target.value.trim())}
          placeholder="YYYY-MM"
          status={MONTH.test(month) ? '' : 'error'}
          style={{ width: 180 }}
          data-testid="ledger-month"
        />
        {canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="ledger-add"
          >
            {t('ledger.add')}
          </Button>
        )}
        {canWrite && (
          <Button
            icon={<UploadOutlined />}
            loading={busy && !adding && !voiding}
            onClick={() => fileInput.current?.click()}
            title={t('ledger.importHelp')}
            data-testid="ledger-import"
          >
            {t('ledger.import')}
          </Button>
        )}
        <input
          ref={fileInput}
          type="file"
          accept=".csv,.xlsx"
          style={{ display: 'none' }}
          data-testid="ledger-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void upload(f);
            e.target.value = '';
          }}
        />
      </Space>
      <ErrorAlert error={res.error} />

      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('ledger.totals')}
      </Typography.Title>
      <ExportButton
        fileName={`ledger-totals-${month}`}
        rows={totals}
        columns={[
          { title: t('common.employee'), value: (r) => r.employee },
          { title: t('common.name'), value: (r) => r.employeeName },
          { title: t('ledger.fines'), value: (r) => Number(r.fines) },
          { title: t('ledger.rewards'), value: (r) => Number(r.rewards) },
          { title: t('ledger.net'), value: (r) => Number(r.net) },
        ]}
      />
      <Table
        size="small"
        rowKey="employee"
        loading={res.loading}
        dataSource={totals}
        pagination={false}
        scroll={{ x: true }}
        data-testid="ledger-totals"
        locale={{ emptyText: t('ledger.empty') }}
        columns={[
          { title: t('common.employee'), dataIndex: 'employee' },
          { title: t('common.name'), dataIndex: 'employeeName' },
          { title: t('ledger.fines'), dataIndex: 'fines', align: 'right' },
          { title: t('ledger.rewards'), dataIndex: 'rewards', align: 'right' },
          { title: t('ledger.net'), dataIndex: 'net', align: 'right', render: (x: string) => <b>{x}</b> },
        ]}
      />

      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('ledger.entries')}
      </Typography.Title>
      <ExportButton
        fileName={`ledger-${month}`}
        rows={entries}
        columns={[
          { title: t('ledger.entryNo'), value: (r) => entryNo(r.id) },
          { title: t('common.employee'), value: (r) => r.employee },
          { title: t('common.name'), value: (r) => r.employeeName },
          { title: t('ledger.month'), value: (r) => r.month },
          { title: t('ledger.date'), value: (r) => r.date },
          {
            title: t('ledger.kind'),
            value: (r) => (r.kind === 'fine' ? t('ledger.fine') : t('ledger.reward')),
          },
          { title: t('ledger.reason'), value: (r) => r.reason },
          { title: t('ledger.quantity'), value: (r) => Number(r.quantity) },
          { title: t('ledger.unitAmount'), value: (r) => Number(r.unitAmount) },
          { title: t('ledger.amount'), value: (r) => Number(r.amount) },
          { title: t('ledger.effect'), value: (r) => Number(r.effect) },
          { title: t('ledger.source'), value: sourceText },
          { title: t('ledger.recordedBy'), value: (r) => r.recordedBy },
          { title: t('ledger.status'), value: statusText },
        ]}
      />
      <Table
        size="small"
        rowKey="id"
        loading={res.loading}
        dataSource={entries}
        pagination={{ pageSize: 50 }}
        scroll={{ x: true }}
        data-testid="ledger-entries"
        locale={{ emptyText: t('ledger.empty') }}
        columns={[
          { title: t('ledger.entryNo'), dataIndex: 'id', render: (id: number) => entryNo(id) },
          {
            title: t('common.employee'),
            key: 'emp',
            render: (_: unknown, r: LedgerRow) => `${r.employee} ${r.employeeName}`,
          },
          { title: t('ledger.date'), dataIndex: 'date' },
          { title: t('ledger.kind'), dataIndex: 'kind', render: kindTag },
          { title: t('ledger.reason'), dataIndex: 'reason' },
          {
            title: t('ledger.amount'),
            key: 'amt',
            align: 'right',
            render: (_: unknown, r: LedgerRow) => `${r.quantity} × ${r.unitAmount} = ${r.amount}`,
          },
          {
            title: t('ledger.effect'),
            dataIndex: 'effect',
            align: 'right',
            render: (x: string) => <b>{x}</b>,
          },
          {
            title: t('ledger.source'),
            key: 'src',
            render: (_: unknown, r: LedgerRow) => (
              <span title={when(r.recordedAt)}>
                {sourceText(r)} · {r.recordedBy}
              </span>
            ),
          },
          { title: t('ledger.status'), key: 'st', render: (_: unknown, r: LedgerRow) => statusText(r) },
          ...(canWrite
            ? [
                {
                  title: '',
                  key: 'act',
                  render: (_: unknown, r: LedgerRow) =>
                    r.voidedBy === null && r.reverses === null ? (
                      <Button
                        size="small"
                        danger
                        onClick={() => setVoiding(r)}
                        data-testid={`ledger-void-${r.id}`}
                      >
                        {t('ledger.void')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />

      <Modal
        open={adding}
        title={`${t('ledger.add')} · ${month}`}
        okText={t('ledger.save')}
        okButtonProps={{ loading: busy, id: 'ledger-save' }}
        onOk={() => void add()}
        onCancel={() => !busy && setAdding(false)}
        destroyOnHidden
      >
        <ErrorAlert error={writeError} />
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'fine', quantity: 1, date: MONTH.test(month) ? `${month}-01` : '' }}
        >
          <Form.Item
            name="employee"
            label={t('common.employee')}
            rules={[{ required: true, message: t('ledger.required') }]}
          >
            <Input data-testid="ledger-employee" />
          </Form.Item>
          <Form.Item
            name="date"
            label={t('ledger.date')}
            rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}
          >
            <Input placeholder="YYYY-MM-DD" data-testid="ledger-date" />
          </Form.Item>
          <Form.Item name="kind" label={t('ledger.kind')}>
            <Select
              options={[
                { value: 'fine', label: t('ledger.fine') },
                { value: 'reward', label: t('ledger.reward') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('ledger.reason')}
            rules={[{ required: true, message: t('ledger.required') }]}
          >
            <Input maxLength={500} data-testid="ledger-reason" />
          </Form.Item>
          <Space wrap>
            <Form.Item
              name="quantity"
              label={t('ledger.quantity')}
              rules={[{ required: true, message: t('ledger.required') }]}
            >
              <InputNumber min={0} stringMode data-testid="ledger-quantity" />
            </Form.Item>
            <Form.Item
              name="unitAmount"
              label={t('ledger.unitAmount')}
              rules={[{ required: true, pattern: /^\d+(\.\d{1,2})?$/, message: '0.00' }]}
            >
              <Input placeholder="5.00" data-testid="ledger-unit" />
            </Form.Item>
          </Space>
        </Form>
      </Modal>

      <Modal
        open={voiding !== null}
        title={voiding ? t('ledger.voidTitle', { id: entryNo(voiding.id) }) : ''}
        okText={t('ledger.void')}
        okButtonProps={{ danger: true, loading: busy, disabled: !voidReason.trim() }}
        onOk={() => void doVoid()}
        onCancel={() => !busy && setVoiding(null)}
      >
        <ErrorAlert error={writeError} />
        {voiding && (
          <Typography.Paragraph>
            {voiding.employee} {voiding.employeeName} · {kindTag(voiding.kind)} {voiding.reason} ·{' '}
            {voiding.effect}
          </Typography.Paragraph>
        )}
        <Typography.Paragraph type="secondary">{t('ledger.voidHelp')}</Typography.Paragraph>
        <Input.TextArea
          value={voidReason}
          onChange={(e) => setVoidReason(e.target.value)}
          placeholder={t('ledger.voidReason')}
          maxLength={500}
          data-testid="ledger-void-reason"
        />
      </Modal>

      <Modal
        open={problems !== null}
        title={t('ledger.importRefused', { n: problems?.length ?? 0 })}
        footer={null}
        width={720}
        onCancel={() => setProblems(null)}
      >
        <ExportButton
          fileName="ledger-import-problems"
          rows={problems ?? []}
          columns={[
            { title: t('ledger.row'), value: (p) => p.row },
            { title: t('ledger.column'), value: (p) => p.column },
            { title: t('ledger.value'), value: (p) => p.value },
            { title: t('ledger.problem'), value: (p) => tx(p.message) },
          ]}
        />
        <Table
          size="small"
          rowKey={(p) => `${p.row}-${p.column}-${p.value}-${p.message.en}`}
          pagination={false}
          scroll={{ x: true }}
          dataSource={problems ?? []}
          data-testid="ledger-problems"
          columns={[
            { title: t('ledger.row'), dataIndex: 'row' },
            { title: t('ledger.column'), dataIndex: 'column' },
            { title: t('ledger.value'), dataIndex: 'value' },
            { title: t('ledger.problem'), key: 'm', render: (_: unknown, p: Problem) => tx(p.message) },
          ]}
        />
      </Modal>
    </Space>
  );
}
