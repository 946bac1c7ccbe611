/**
 * The group figures a live preview was scored with (a cohort indicator's team mean, a rank), shown beside the
 * total so a reader knows the total rests on them and where each came from (the template's worked example or
 * the figure typed into the preview). The words come from the server, in both languages.
 */
import { InputNumber, Typography } from 'antd';
import { useT } from '../i18n/index.ts';
import type { Scorecard, Text } from '../types.ts';

/** Mirrors PreviewGroupFigure of src/app/template-service.ts (the web build does not import app code). */
export interface PreviewGroupFigure {
  indicator: string;
  name: Text;
  kind: 'cohort' | 'rank';
  group: string;
  agg?: string;
  label: Text;
  value: number;
  from: 'request' | 'example';
  example?: string;
  text: Text;
}

/** The answer of POST /api/templates/preview. */
export interface PreviewResult {
  scorecard: Scorecard;
  groupFigures: PreviewGroupFigure[];
}

export function PreviewGroupFigures({ figures }: { figures: readonly PreviewGroupFigure[] }) {
  const { tx } = useT();
  if (figures.length === 0) return null;
  return (
    <div data-testid="preview-group-figures" style={{ marginBottom: 8 }}>
      {figures.map((f) => (
        <div key={f.indicator} data-testid={`preview-group-${f.indicator}`} data-from={f.from}>
          <Typography.Text type="secondary">
            {tx(f.name)}: {tx(f.text)}
          </Typography.Text>
        </div>
      ))}
    </div>
  );
}

/**
 * The input for a cohort or rank indicator's group figure, in place of an actual the engine would not read:
 * empty until changed, showing the figure the last preview used (the example's, by default).
 */
export function GroupFigureInput({
  id,
  label,
  used,
  value,
  onChange,
}: {
  id: string;
  label: string;
  used: PreviewGroupFigure | undefined;
  value: number | undefined;
  onChange: (v: number | null) => void;
}) {
  const { tx } = useT();
  return (
    <div>
      <div>
        {label}
        {used ? <Typography.Text type="secondary"> · {tx(used.label)}</Typography.Text> : null}
      </div>
      <InputNumber
        style={{ width: '100%' }}
        value={value ?? used?.value ?? null}
        onChange={onChange}
        data-testid={`preview-group-input-${id}`}
      />
    </div>
  );
}
