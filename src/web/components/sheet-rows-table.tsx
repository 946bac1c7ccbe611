/**
 * The rows of an imported 考核表: the original 评分标准 text beside its reading in words, the status, and
 * the points at each sample case; a radio group where the text has several readings, a rule editor where
 * it was not read. Every number comes from the server (the engine); this table only shows and collects.
 */
import { Button, InputNumber, Radio, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { num } from '../format.ts';
import { useT } from '../i18n/index.ts';
import type { RowView, SampleCase, SheetChoice } from '../types.ts';
import { ExportButton } from './export-button.tsx';
import { ProblemList } from './sheet-problems.tsx';
import { SheetRuleEditor } from './sheet-rule-editor.tsx';

const STATUS_COLOR: Record<RowView['status'], string> = {
  read: 'green',
  ambiguous: 'orange',
  refused: 'red',
};

/** Short labels for the sample cases: "表内", "样1", … */
export function useCaseLabels(cases: readonly SampleCase[]): string[] {
  const { t } = useT();
  let k = 0;
  return cases.map((c) =>
    c.fromSheet ? t('sheetImport.caseSheetShort') : t('sheetImport.caseShort', { n: ++k }),
  );
}

export function PointsLine({
  points,
  labels,
  testId,
}: {
  points: readonly (number | null)[];
  labels: readonly string[];
  testId?: string;
}) {
  return (
    <Space size={[8, 0]} wrap data-testid={testId}>
      {points.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: one entry per sample case, in order
        <Typography.Text key={i} type="secondary" style={{ whiteSpace: 'nowrap' }}>
          {labels[i]}{' '}
          <Typography.Text strong data-value={p === null ? '' : String(p)}>
            {p === null ? '—' : p}
          </Typography.Text>
        </Typography.Text>
      ))}
    </Space>
  );
}

export function SheetRowsTable({
  rows,
  cases,
  choices,
  onChoice,
}: {
  rows: readonly RowView[];
  cases: readonly SampleCase[];
  choices: Readonly<Record<string, SheetChoice>>;
  onChoice: (id: string, choice: SheetChoice | null) => void;
}) {
  const { t, tx, lang } = useT();
  const labels = useCaseLabels(cases);
  const [editing, setEditing] = useState<string | null>(null);
  // rows whose full-points box was opened by hand ("Change full points"): it stays open while emptied
  const [weightOpen, setWeightOpen] = useState<ReadonlySet<string>>(new Set());
  // once a row is dropped the others' full points must change: every row shows its box
  const anyDropped = rows.some((r) => r.dropped !== null);
  /** The choice without its full points; null when nothing else is left in it. */
  const withoutWeight = (choice: SheetChoice | undefined): SheetChoice | null => {
    const { weight: _w, ...rest } = choice ?? {};
    return Object.keys(rest).length ? rest : null;
  };
  const statusLabel = (s: RowView['status']) =>
    s === 'read'
      ? t('sheetImport.statusRead')
      : s === 'ambiguous'
        ? t('sheetImport.statusAmbiguous')
        : t('sheetImport.statusRefused');

  const readingCell = (r: RowView) => {
    const choice = choices[r.id];
    if (r.dropped) {
      return (
        <Space direction="vertical" size={4} style={{ width: '100%' }} data-testid={`dropped-${r.id}`}>
          <Typography.Text type="secondary">{tx(r.dropped.why)}</Typography.Text>
          <Typography.Text type="secondary">{t('sheetImport.droppedHint')}</Typography.Text>
          <Button
            size="small"
            type="link"
            onClick={() => onChoice(r.id, null)}
            data-testid={`undo-drop-${r.id}`}
          >
            {t('sheetImport.undoDrop')}
          </Button>
        </Space>
      );
    }
    const byHand = choice?.ruleYaml !== undefined && choice.ruleYaml.trim() !== '';
    if (editing === r.id) {
      return (
        <SheetRuleEditor
          rowId={r.id}
          full={r.weight}
          initial={choice?.ruleYaml ?? ''}
          onCancel={() => setEditing(null)}
          onApply={(yaml) => {
            setEditing(null);
            onChoice(r.id, { ...choice, ruleYaml: yaml });
          }}
        />
      );
    }
    return (
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        {r.status === 'read' && !byHand && (r.current ?? r.readings[0]) ? (
          <span data-testid={`sentence-${r.id}`}>{tx((r.current ?? r.readings[0])!.sentence)}</span>
        ) : null}
        {r.unresolved
          .filter((u) => u.field === 'scale' || u.field === 'weight')
          .map((u) => (
            <Typography.Text key={u.field} type="warning">
              {tx(u)}
            </Typography.Text>
          ))}
        {r.status === 'ambiguous' && !byHand ? (
          <>
            <Typography.Text type="secondary">{tx(r.reason)}</Typography.Text>
            <Typography.Text strong>{t('sheetImport.chooseReading')}</Typography.Text>
            <Radio.Group
              value={choice?.reading ?? null}
              onChange={(e) => onChoice(r.id, { ...choice, reading: Number(e.target.value) })}
              data-testid={`readings-${r.id}`}
            >
              <Space direction="vertical">
                {r.readings.map((x) => (
                  <Radio key={x.n} value={x.n} data-testid={`reading-${r.id}-${x.n}`}>
                    <Space direction="vertical" size={0}>
                      <span>
                        <Typography.Text strong>{t('sheetImport.readingN', { n: x.n })}</Typography.Text>
                        {x.note ? (lang === 'zh' ? `（${tx(x.note)}）` : ` (${tx(x.note)})`) : ''}
                      </span>
                      <Typography.Text type="secondary">{tx(x.sentence)}</Typography.Text>
                      <PointsLine
                        points={x.points}
                        labels={labels}
                        testId={`reading-points-${r.id}-${x.n}`}
                      />
                    </Space>
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </>
        ) : null}
        {r.status === 'refused' && !byHand ? (
          <Typography.Text type="danger">{tx(r.reason)}</Typography.Text>
        ) : null}
        {r.money && !byHand ? <Typography.Text strong>{t('sheetImport.moneyHint')}</Typography.Text> : null}
        {byHand && r.current ? <span data-testid={`sentence-${r.id}`}>{tx(r.current.sentence)}</span> : null}
        {r.ruleProblems.length ? (
          <Typography.Text type="danger">
            <ProblemList problems={r.ruleProblems} testId={`rule-problems-${r.id}`} />
          </Typography.Text>
        ) : null}
        {r.unresolved.some((u) => u.field === 'weight') ||
        choice?.weight !== undefined ||
        weightOpen.has(r.id) ||
        anyDropped ? (
          <Space>
            <Typography.Text>
              {r.unresolved.some((u) => u.field === 'weight')
                ? t('sheetImport.noWeight')
                : t('sheetImport.fullPoints')}
            </Typography.Text>
            <InputNumber
              size="small"
              min={0}
              max={1000}
              value={choice?.weight ?? null}
              // emptied, the box goes back to the sheet's own full points (shown greyed), not the old value
              placeholder={r.weight !== null && choice?.weight === undefined ? String(r.weight) : undefined}
              onChange={(v) =>
                onChoice(r.id, v === null ? withoutWeight(choice) : { ...choice, weight: Number(v) })
              }
              data-testid={`weight-${r.id}`}
            />
          </Space>
        ) : null}
        <Space size={4}>
          <Button
            size="small"
            type={r.status === 'refused' && !byHand ? 'primary' : 'link'}
            onClick={() => setEditing(r.id)}
            data-testid={`write-rule-${r.id}`}
          >
            {byHand ? t('sheetImport.editRule') : t('sheetImport.writeRule')}
          </Button>
          {byHand ? (
            <Button
              size="small"
              type="link"
              onClick={() => {
                const { ruleYaml: _drop, ...rest } = choice ?? {};
                onChoice(r.id, Object.keys(rest).length ? rest : null);
              }}
            >
              {t('sheetImport.ruleClear')}
            </Button>
          ) : null}
          {r.weight !== null && choice?.weight === undefined && !weightOpen.has(r.id) && !anyDropped ? (
            <Button
              size="small"
              type="link"
              onClick={() => setWeightOpen(new Set([...weightOpen, r.id]))}
              data-testid={`adjust-weight-${r.id}`}
            >
              {t('sheetImport.adjustWeight')}
            </Button>
          ) : null}
          <Button
            size="small"
            danger
            type={r.money && !byHand ? 'primary' : 'link'}
            onClick={() => onChoice(r.id, { drop: true })}
            data-testid={`drop-row-${r.id}`}
          >
            {t('sheetImport.dropRow')}
          </Button>
        </Space>
      </Space>
    );
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ExportButton
        fileName="sheet-readings"
        rows={rows}
        columns={[
          { title: t('sheetImport.colRow'), value: (r) => r.row },
          { title: t('sheetImport.colIndicator'), value: (r) => r.indicator },
          { title: t('sheetImport.colText'), value: (r) => r.text },
          { title: t('sheetImport.colStatus'), value: (r) => statusLabel(r.status) },
          {
            title: t('sheetImport.colReading'),
            value: (r) => (r.dropped ? tx(r.dropped.why) : r.current ? tx(r.current.sentence) : tx(r.reason)),
          },
          ...cases.map((_, k) => ({
            title: `${t('sheetImport.colPoints')} ${labels[k]}`,
            value: (r: RowView) => r.current?.points[k] ?? null,
          })),
        ]}
      />
      <Table<RowView>
        size="small"
        rowKey="id"
        dataSource={[...rows]}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="sheet-rows"
        onRow={(r) =>
          ({
            'data-row-id': r.id,
            'data-status': r.status,
            'data-dropped': r.dropped ? 'true' : 'false',
            ...(r.dropped ? { style: { opacity: 0.6 } } : {}),
          }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          { title: t('sheetImport.colRow'), dataIndex: 'row', width: 56 },
          {
            title: t('sheetImport.colIndicator'),
            key: 'indicator',
            width: 150,
            render: (_: unknown, r) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{r.indicator}</Typography.Text>
                {r.dimension ? <Typography.Text type="secondary">{r.dimension}</Typography.Text> : null}
                {r.dropped ? null : (
                  <Typography.Text type="secondary">
                    {r.weight === null ? t('sheetImport.noWeight') : t('sheetImport.weight', { w: r.weight })}
                  </Typography.Text>
                )}
                {r.target !== null ? (
                  <Typography.Text type="secondary">
                    {t('sheetImport.target', {
                      t:
                        r.unit === '%' ? `${Number((r.target * 100).toPrecision(10))}%` : num(r.target, lang),
                    })}
                  </Typography.Text>
                ) : null}
              </Space>
            ),
          },
          {
            title: t('sheetImport.colText'),
            key: 'text',
            width: 220,
            render: (_: unknown, r) => (
              <Typography.Text style={{ whiteSpace: 'pre-wrap' }} data-testid={`text-${r.id}`}>
                {r.text}
              </Typography.Text>
            ),
          },
          { title: t('sheetImport.colReading'), key: 'reading', render: (_: unknown, r) => readingCell(r) },
          {
            title: t('sheetImport.colStatus'),
            key: 'status',
            width: 100,
            render: (_: unknown, r) => (
              <Space direction="vertical" size={2}>
                <Tag color={STATUS_COLOR[r.status]} data-testid={`status-${r.id}`} data-value={r.status}>
                  {statusLabel(r.status)}
                </Tag>
                {r.chosen === 'by hand' ? <Tag color="blue">{t('sheetImport.statusByHand')}</Tag> : null}
                {r.dropped ? (
                  <Tag color="default" data-testid={`status-dropped-${r.id}`}>
                    {t('sheetImport.statusDropped')}
                  </Tag>
                ) : null}
                {typeof r.chosen === 'number' ? (
                  <Tag color="blue">
                    {t('sheetImport.statusChosen')} {t('sheetImport.readingN', { n: r.chosen })}
                  </Tag>
                ) : null}
              </Space>
            ),
          },
          {
            title: t('sheetImport.colPoints'),
            key: 'points',
            width: 170,
            render: (_: unknown, r) =>
              r.current ? (
                <PointsLine points={r.current.points} labels={labels} testId={`points-${r.id}`} />
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Space>
  );
}
