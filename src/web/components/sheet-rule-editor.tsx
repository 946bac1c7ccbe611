/**
 * Writing the rule of a row by hand (a text the reader refused, or instead of every reading): a YAML
 * snippet, as a template file writes `rule:`, started from a few common shapes. The server parses and
 * checks it with the engine (/api/sheets/view) and lists its problems; nothing here interprets it.
 */
import { Button, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useT } from '../i18n/index.ts';

type Shape = 'mark' | 'passFail' | 'linear' | 'bands' | 'perUnit';

/** Starting points, sized to the row's full points so that the numbers make sense at once. */
function shapeYaml(shape: Shape, full: number): string {
  const w = Number.isFinite(full) && full > 0 ? full : 10;
  switch (shape) {
    case 'mark':
      return `type: interpolate\non: actual\nunit: points\npoints:\n  - { at: 0, value: 0 }\n  - { at: ${w}, value: ${w} }\n`;
    case 'passFail':
      return 'type: pass-fail\n';
    case 'linear':
      return 'type: linear\ncap: 1.2\n';
    case 'bands':
      return `type: bands\non: completion\nunit: points\nbands:\n  - { when: ">= 1", value: ${w} }\n  - { when: "[0.8, 1)", value: ${Number((w * 0.6).toFixed(2))} }\nelse: 0\n`;
    case 'perUnit':
      return 'type: per-unit\non: actual\nreference: zero\ndirection: above\nstep: 1\nstepOf: absolute\npartial: whole\nperStepAbove: -2\nbase: full\nfloor: 0\n';
  }
}

export function SheetRuleEditor({
  rowId,
  full,
  initial,
  onApply,
  onCancel,
}: {
  rowId: string;
  full: number | null;
  initial: string;
  onApply: (yaml: string) => void;
  onCancel: () => void;
}) {
  const { t } = useT();
  const [text, setText] = useState(initial || shapeYaml('mark', full ?? 10));
  const shapes: { value: Shape; label: string }[] = [
    { value: 'mark', label: t('sheetImport.tplMark') },
    { value: 'passFail', label: t('sheetImport.tplPassFail') },
    { value: 'linear', label: t('sheetImport.tplLinear') },
    { value: 'bands', label: t('sheetImport.tplBands') },
    { value: 'perUnit', label: t('sheetImport.tplPerUnit') },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={`rule-editor-${rowId}`}>
      <Space wrap>
        <Typography.Text type="secondary">{t('sheetImport.ruleTemplate')}</Typography.Text>
        <Select<Shape>
          size="small"
          style={{ minWidth: 220 }}
          options={shapes}
          placeholder={t('sheetImport.ruleTemplate')}
          onChange={(v) => setText(shapeYaml(v, full ?? 10))}
          data-testid={`rule-shape-${rowId}`}
        />
      </Space>
      <Typography.Text type="secondary">{t('sheetImport.ruleYaml')}</Typography.Text>
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 4, maxRows: 14 }}
        style={{ fontFamily: 'monospace' }}
        spellCheck={false}
        data-testid={`rule-yaml-${rowId}`}
      />
      <Space>
        <Button type="primary" size="small" onClick={() => onApply(text)} data-testid={`rule-apply-${rowId}`}>
          {t('sheetImport.ruleApply')}
        </Button>
        <Button size="small" onClick={onCancel}>
          {t('sheetImport.cancel')}
        </Button>
      </Space>
    </Space>
  );
}
