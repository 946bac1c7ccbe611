import { Tag } from 'antd';
import { useT } from '../i18n/index.ts';

const COLORS: Record<string, string> = {
  open: 'default',
  scored: 'blue',
  published: 'geekblue',
  confirmed: 'green',
  objected: 'red',
  resolved: 'purple',
  closed: 'default',
};

/** A form or month status in the current language. */
export function StatusTag({ status, testId = 'status' }: { status: string; testId?: string }) {
  const { t } = useT();
  const key = `status.${status}` as 'status.open';
  const label = t(key, { defaultValue: status });
  return (
    <Tag color={COLORS[status] ?? 'default'} data-testid={testId} data-value={status}>
      {label}
    </Tag>
  );
}
