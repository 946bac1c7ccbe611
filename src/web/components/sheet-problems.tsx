/** Problems from the server with where they are (file, row, column, field) and the suggested fix. */
import { Alert, Typography } from 'antd';
import type { ApiProblem } from '../api.ts';
import { useT } from '../i18n/index.ts';
import type { Text } from '../types.ts';

/** A problem as the server sends it (core Problem or an API error's problem). */
interface ShownProblem {
  code: string;
  message: Text;
  where?: object;
  fix?: Text;
}

export function whereText(
  place: object | undefined,
  t: (k: 'sheetImport.where' | 'sheetImport.whereColumn', o: Record<string, unknown>) => string,
): string {
  if (!place) return '';
  const where = place as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof where.file === 'string' && where.file) parts.push(where.file);
  if (typeof where.row === 'number') parts.push(t('sheetImport.where', { row: where.row }));
  if (typeof where.column === 'string') parts.push(t('sheetImport.whereColumn', { column: where.column }));
  if (typeof where.path === 'string' && where.path) parts.push(where.path);
  return parts.join(' · ');
}

export function ProblemList({ problems, testId }: { problems: readonly ShownProblem[]; testId?: string }) {
  const { t, tx, lang } = useT();
  const colon = lang === 'zh' ? '：' : ': ';
  return (
    <ul style={{ margin: 0, paddingLeft: 18 }} data-testid={testId}>
      {problems.map((p, i) => {
        const fix = p.fix;
        const where = whereText(p.where, t);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list from one answer
          <li key={i} data-code={p.code}>
            {where ? (
              <Typography.Text strong>
                {where}
                {colon}
              </Typography.Text>
            ) : null}
            {tx(p.message)}
            {fix ? (
              <Typography.Text type="secondary">
                {' '}
                — {t('sheetImport.fix')}: {tx(fix)}
              </Typography.Text>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/** A refused upload: the server's message and each problem with its row and column. */
export function UploadError({
  error,
}: {
  error: { text: { zh: string; en: string }; problems: ApiProblem[] };
}) {
  const { t, tx } = useT();
  return (
    <Alert
      type="error"
      showIcon
      data-testid="sheet-upload-error"
      title={`${t('sheetImport.problemTitle')}: ${tx(error.text)}`}
      description={error.problems.length ? <ProblemList problems={error.problems} /> : undefined}
    />
  );
}
