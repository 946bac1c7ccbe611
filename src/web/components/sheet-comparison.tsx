/**
 * The sample cases side by side: for each indicator and the total, the points the company's sheet gives
 * (its own 自评得分, or what a person types as "what our Excel gives") beside the points the template
 * gives (scored by the server), with a match mark. Sample actuals are editable before saving.
 */
import { Alert, InputNumber, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useT } from '../i18n/index.ts';
import type { Comparison, SampleCase } from '../types.ts';
import { ExportButton } from './export-button.tsx';

interface Line {
  id: string;
  name: string;
  total: boolean;
}

export function SheetComparison({
  title,
  indicators,
  cases,
  comparison,
  onCases,
  testId,
}: {
  title: string;
  indicators: readonly { id: string; indicator: string }[];
  cases: readonly SampleCase[];
  comparison: Comparison | null;
  /** absent: read-only (a saved template) */
  onCases?: (cases: SampleCase[]) => void;
  testId: string;
}) {
  const { t, tx } = useT();
  const [k, setK] = useState(0);
  const at = Math.min(k, cases.length - 1);
  const c = cases[at];
  const cmpCase = comparison?.cases[at];
  if (!c) return null;
  const lines: Line[] = [
    ...indicators.map((i) => ({ id: i.id, name: i.indicator, total: false })),
    { id: '__total', name: t('sheetImport.total'), total: true },
  ];
  const cell = (l: Line) => (l.total ? cmpCase?.total : cmpCase?.indicators.find((x) => x.id === l.id));
  const sheetOf = (l: Line) => (l.total ? (c.sheetTotal ?? null) : (c.sheet[l.id] ?? null));
  const edit = (patch: Partial<SampleCase>) => {
    if (!onCases) return;
    onCases(cases.map((x, i) => (i === at ? { ...x, ...patch } : x)));
  };
  const editable = onCases !== undefined;

  const summary = comparison ? (
    comparison.stated === 0 ? (
      <Alert type="warning" showIcon title={t('sheetImport.noneStated')} />
    ) : comparison.allMatch ? (
      <Alert
        type="success"
        showIcon
        title={t('sheetImport.allMatch', { n: comparison.stated })}
        data-testid={`${testId}-all-match`}
      />
    ) : (
      <Alert type="error" showIcon title={t('sheetImport.someMismatch')} data-testid={`${testId}-mismatch`} />
    )
  ) : (
    <Alert type="info" showIcon title={t('sheetImport.comparisonPending')} />
  );

  return (
    <Space
      direction="vertical"
      style={{ width: '100%' }}
      data-testid={testId}
      data-source={comparison?.source ?? ''}
    >
      <Typography.Title level={5} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {summary}
      <Segmented
        value={at}
        onChange={(v) => setK(Number(v))}
        options={cases.map((x, i) => ({ value: i, label: tx(x.name) }))}
        data-testid={`${testId}-cases`}
        style={{ maxWidth: '100%', overflowX: 'auto' }}
      />
      <Typography.Text type="secondary">
        {c.fromSheet ? t('sheetImport.fromSheetNote') : editable ? t('sheetImport.enterSheet') : ''}
      </Typography.Text>
      <ExportButton
        fileName="sheet-vs-template"
        rows={lines}
        columns={[
          { title: t('sheetImport.colIndicator'), value: (l) => l.name },
          { title: t('sheetImport.colActual'), value: (l) => (l.total ? null : (c.actuals[l.id] ?? null)) },
          { title: t('sheetImport.colSheet'), value: (l) => sheetOf(l) },
          { title: t('sheetImport.colTemplate'), value: (l) => cell(l)?.template ?? null },
          {
            title: t('sheetImport.colMatch'),
            value: (l) => {
              const m = cell(l)?.match;
              return m === true
                ? t('sheetImport.match')
                : m === false
                  ? t('sheetImport.mismatch')
                  : t('sheetImport.notStated');
            },
          },
        ]}
      />
      <Table<Line>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={lines}
        scroll={{ x: 560 }}
        columns={[
          {
            title: t('sheetImport.colIndicator'),
            key: 'name',
            render: (_: unknown, l) =>
              l.total ? <Typography.Text strong>{l.name}</Typography.Text> : l.name,
          },
          {
            title: t('sheetImport.colActual'),
            key: 'actual',
            render: (_: unknown, l) => {
              if (l.total) return null;
              const v = c.actuals[l.id] ?? null;
              return editable && !c.fromSheet ? (
                <InputNumber
                  size="small"
                  value={v}
                  onChange={(x) => edit({ actuals: { ...c.actuals, [l.id]: x ?? null } })}
                  data-testid={`${testId}-actual-${l.id}`}
                  style={{ width: 120 }}
                />
              ) : (
                <span data-testid={`${testId}-actual-${l.id}`} data-value={v ?? ''}>
                  {v ?? '—'}
                </span>
              );
            },
          },
          {
            title: t('sheetImport.colSheet'),
            key: 'sheet',
            render: (_: unknown, l) => {
              const v = sheetOf(l);
              return editable && !c.fromSheet ? (
                <InputNumber
                  size="small"
                  value={v}
                  placeholder={t('sheetImport.notStated')}
                  onChange={(x) =>
                    l.total
                      ? edit({ sheetTotal: x ?? null })
                      : edit({ sheet: { ...c.sheet, [l.id]: x ?? null } })
                  }
                  data-testid={`${testId}-sheet-${l.id}`}
                  style={{ width: 110 }}
                />
              ) : (
                <Typography.Text
                  strong={l.total}
                  data-testid={`${testId}-sheet-${l.id}`}
                  data-value={v ?? ''}
                >
                  {v ?? '—'}
                </Typography.Text>
              );
            },
          },
          {
            title: t('sheetImport.colTemplate'),
            key: 'template',
            render: (_: unknown, l) => {
              const v = cell(l)?.template ?? null;
              return (
                <Typography.Text
                  strong={l.total}
                  data-testid={`${testId}-template-${l.id}`}
                  data-value={v ?? ''}
                >
                  {v ?? '—'}
                </Typography.Text>
              );
            },
          },
          {
            title: t('sheetImport.colMatch'),
            key: 'match',
            render: (_: unknown, l) => {
              const m = cell(l)?.match;
              if (m === undefined || m === null)
                return <Typography.Text type="secondary">{t('sheetImport.notStated')}</Typography.Text>;
              return (
                <Tag
                  color={m ? 'green' : 'red'}
                  data-testid={`${testId}-match-${l.id}`}
                  data-value={String(m)}
                >
                  {m ? `✓ ${t('sheetImport.match')}` : `✗ ${t('sheetImport.mismatch')}`}
                </Tag>
              );
            },
          },
        ]}
      />
    </Space>
  );
}
