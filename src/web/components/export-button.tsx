/**
 * "Export to Excel" for any table: the workbook is built in the browser; exceljs (~1 MB) is loaded only
 * when someone clicks, so it never weighs on the first page.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useT } from '../i18n/index.ts';

export interface ExportColumn<T> {
  title: string;
  value: (row: T) => string | number | null | undefined;
}

export function ExportButton<T>({
  fileName,
  columns,
  rows,
}: {
  fileName: string;
  columns: ExportColumn<T>[];
  rows: readonly T[];
}) {
  const { t } = useT();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    try {
      const mod = await import('exceljs');
      const ExcelJS = (mod as unknown as { default?: typeof mod }).default ?? mod;
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet(fileName.slice(0, 31));
      ws.addRow(columns.map((c) => c.title));
      ws.getRow(1).font = { bold: true };
      for (const r of rows) ws.addRow(columns.map((c) => c.value(r) ?? ''));
      columns.forEach((c, i) => {
        ws.getColumn(i + 1).width = Math.max(10, Math.min(40, c.title.length * 2 + 4));
      });
      const buf = await wb.xlsx.writeBuffer();
      const blob = new Blob([buf], {
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${fileName}.xlsx`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      message.error(String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run()} data-testid="export-xlsx">
      {t('common.export')}
    </Button>
  );
}
