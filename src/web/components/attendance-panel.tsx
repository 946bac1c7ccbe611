/** Attendance and discipline counts (late, leave, …) that deduct points, entered by HR or the supervisor. */
import { Button, InputNumber, Space } from 'antd';
import { useState } from 'react';
import { useT } from '../i18n/index.ts';
import type { Form } from '../types.ts';
import { type OnForm, useFormWrite } from './form-actions.tsx';

export function AttendancePanel({
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
  const { t, tx } = useT();
  const items = form.templateInfo.attendance;
  const [counts, setCounts] = useState<Record<string, number>>(form.attendance);
  const { run, busy } = useFormWrite(form, onUpdated, onStale);
  if (items.length === 0) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="attendance">
      {items.map((it) => (
        <Space key={it.id} wrap>
          <span style={{ minWidth: 120, display: 'inline-block' }}>
            {tx(it.name)} ({it.pointsEach})
          </span>
          <InputNumber
            min={0}
            precision={0}
            disabled={!canEdit}
            value={counts[it.id] ?? 0}
            onChange={(v) => setCounts((c) => ({ ...c, [it.id]: v ?? 0 }))}
            data-testid={`att-${it.id}`}
          />
        </Space>
      ))}
      {canEdit && (
        <Button
          loading={busy}
          onClick={() => void run('PUT', '/attendance', { counts })}
          data-testid="att-save"
        >
          {t('form.saveAttendance')}
        </Button>
      )}
    </Space>
  );
}
