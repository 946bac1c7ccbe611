/**
 * Import employees from Excel: the workbook is read in the browser (exceljs, loaded on click) and every
 * row is checked first; a clean file goes to the server's all-or-nothing import route, which checks
 * again and writes everyone in one transaction or nothing (its problems are shown the same way).
 */
import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Modal, Space, Table, Typography } from 'antd';
import { useRef, useState } from 'react';
import { ApiError, post } from '../api.ts';
import { type Cell, type EmployeeInput, type ImportProblem, readEmployees } from '../employee-import.ts';
import { useT } from '../i18n/index.ts';
import type { Employee } from '../types.ts';
import { errorText } from './error-alert.tsx';
import { ExportButton } from './export-button.tsx';

export function EmployeeImportButton({
  employees,
  teams,
  families,
  onDone,
}: {
  employees: Employee[];
  teams: string[];
  families: string[];
  onDone: () => void;
}) {
  const { t, tx, lang } = useT();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [fileName, setFileName] = useState('');
  const [problems, setProblems] = useState<ImportProblem[] | null>(null);
  const [ready, setReady] = useState<EmployeeInput[] | null>(null);
  const [firstRow, setFirstRow] = useState(2);
  const [busy, setBusy] = useState(false);

  const read = async (file: File) => {
    const mod = await import('exceljs');
    const ExcelJS = (mod as unknown as { default?: typeof mod }).default ?? mod;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await file.arrayBuffer());
    const ws = wb.worksheets[0];
    const rows: Cell[][] = [];
    ws?.eachRow({ includeEmpty: true }, (row, n) => {
      const vals = (row.values as unknown[]).slice(1).map((v): Cell => {
        if (v && typeof v === 'object' && !(v instanceof Date)) {
          const o = v as { text?: string; result?: unknown };
          return (o.text ?? (o.result as Cell) ?? '') as Cell;
        }
        return v as Cell;
      });
      rows[n - 1] = vals;
    });
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
    const r = readEmployees(rows, { employees, teams, families });
    setFileName(file.name);
    if (r.problems.length) {
      setProblems(r.problems);
      setReady(null);
    } else {
      setProblems(null);
      setReady(r.employees);
      setFirstRow(r.rows[0] ?? 2);
    }
  };

  const write = async () => {
    if (!ready) return;
    setBusy(true);
    try {
      const r = await post<{ created: number; updated: number }>('/api/org/employees/import', {
        employees: ready,
        file: fileName,
        firstRow,
      });
      message.success(t('import.done', { n: r.created + r.updated }));
      setReady(null);
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.problems.length) {
        setReady(null);
        setProblems(
          err.problems.map((p) => ({
            row: Number(p.where?.row ?? 0),
            column: String(p.where?.column ?? p.where?.path ?? ''),
            value: String(p.where?.value ?? ''),
            message: p.message,
          })),
        );
      } else message.error(errorText(err, lang));
    } finally {
      setBusy(false);
    }
  };

  const existing = new Set(employees.map((e) => e.code));
  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => input.current?.click()} data-testid="import-employees">
        {t('import.button')}
      </Button>
      <input
        ref={input}
        type="file"
        accept=".xlsx"
        style={{ display: 'none' }}
        data-testid="import-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void read(f).catch((err: unknown) => message.error(String(err)));
          e.target.value = '';
        }}
      />
      <Modal
        open={problems !== null || ready !== null}
        title={`${t('import.title')} · ${fileName}`}
        width={720}
        onCancel={() => {
          if (!busy) {
            setProblems(null);
            setReady(null);
          }
        }}
        okText={t('import.write')}
        okButtonProps={{ disabled: !ready, loading: busy }}
        onOk={() => void write()}
      >
        {problems && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text type="danger">{t('import.refused', { n: problems.length })}</Typography.Text>
            <ExportButton
              fileName={`${fileName.replace(/\.xlsx$/i, '')}-problems`}
              rows={problems}
              columns={[
                { title: t('import.row'), value: (p) => p.row },
                { title: t('import.column'), value: (p) => p.column },
                { title: t('import.value'), value: (p) => p.value },
                { title: t('form.reason'), value: (p) => tx(p.message) },
              ]}
            />
            <Table
              size="small"
              rowKey={(p) => `${p.row}-${p.column}-${p.value}`}
              pagination={false}
              dataSource={problems}
              scroll={{ x: true }}
              columns={[
                { title: t('import.row'), dataIndex: 'row' },
                { title: t('import.column'), dataIndex: 'column' },
                { title: t('import.value'), dataIndex: 'value' },
                { title: t('form.reason'), key: 'm', render: (_: unknown, p) => tx(p.message) },
              ]}
            />
          </Space>
        )}
        {ready && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>
              {t('import.summary', {
                n: ready.length,
                created: ready.filter((e) => !existing.has(e.code)).length,
                updated: ready.filter((e) => existing.has(e.code)).length,
              })}
            </Typography.Text>
          </Space>
        )}
      </Modal>
    </>
  );
}
