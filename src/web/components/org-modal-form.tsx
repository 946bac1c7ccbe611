/**
 * A button that opens a form in a modal and saves it through the API; a refused save puts the server's
 * words next to the field it names (a taken code → under "code"), or above the form when it names none.
 */
import { Alert, Button, Form, type FormInstance, Modal } from 'antd';
import { type ReactNode, useState } from 'react';
import { ApiError } from '../api.ts';
import { useT } from '../i18n/index.ts';
import { errorText } from './error-alert.tsx';

export function OrgModalForm<V extends object>({
  label,
  title,
  testId,
  initialValues,
  primary = false,
  onSave,
  children,
}: {
  label: string;
  title: string;
  testId: string;
  initialValues: Partial<V>;
  primary?: boolean;
  onSave: (values: V) => Promise<void>;
  children: (form: FormInstance<V>) => ReactNode;
}) {
  const { lang } = useT();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<V>();

  const save = async (v: V) => {
    setBusy(true);
    setError(null);
    try {
      await onSave(v);
      setOpen(false);
    } catch (e) {
      const fields = new Set(Object.keys(form.getFieldsValue(true) as object));
      const placed =
        e instanceof ApiError
          ? e.problems.filter((p) => typeof p.where?.column === 'string' && fields.has(p.where.column))
          : [];
      if (placed.length)
        form.setFields(
          placed.map((p) => ({ name: p.where?.column as never, errors: [p.message[lang]] })) as never,
        );
      else setError(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        size="small"
        type={primary ? 'primary' : 'default'}
        onClick={() => setOpen(true)}
        data-testid={testId}
      >
        {label}
      </Button>
      <Modal
        open={open}
        title={title}
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ 'data-testid': `${testId}-ok` } as never}
        destroyOnHidden
      >
        {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
        <Form<V>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={initialValues}
          onFinish={(v) => void save(v)}
        >
          {children(form)}
        </Form>
      </Modal>
    </>
  );
}
