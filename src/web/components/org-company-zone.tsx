/**
 * The company's time zone (公司时区) on the Organisation page: everyone sees it, admin edits it
 * (`GET`/`PUT /api/org/company`). Objection deadlines are calendar days in this zone.
 */
import { Form, Input, Space, Typography } from 'antd';
import { api } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { useT } from '../i18n/index.ts';
import { orgText } from '../i18n/org.ts';
import { useGet } from '../use-api.ts';
import { OrgModalForm } from './org-modal-form.tsx';

interface CompanySettings {
  name: string;
  timeZone: string;
}

export function OrgCompanyZone() {
  const { lang } = useT();
  const { user } = useAuth();
  const res = useGet<CompanySettings>('/api/org/company');
  if (!res.data) return null;
  const zone = res.data.timeZone;
  return (
    <Space wrap data-testid="company-zone">
      <Typography.Text type="secondary">{orgText(lang, 'companyZone', { zone })}</Typography.Text>
      {user?.role === 'admin' ? (
        <OrgModalForm<{ timeZone: string; reason?: string }>
          label={orgText(lang, 'editZone')}
          title={orgText(lang, 'editZone')}
          testId="edit-company-zone"
          initialValues={{ timeZone: zone }}
          onSave={async (v) => {
            const reason = v.reason?.trim();
            await api('PUT', '/api/org/company', {
              timeZone: v.timeZone.trim(),
              ...(reason ? { reason } : {}),
            });
            res.reload();
          }}
        >
          {() => (
            <>
              <Form.Item
                name="timeZone"
                label={orgText(lang, 'zone')}
                extra={orgText(lang, 'companyZoneHint')}
                rules={[{ required: true, whitespace: true, message: orgText(lang, 'required') }]}
              >
                <Input data-testid="company-zone-input" />
              </Form.Item>
              <Form.Item name="reason" label={orgText(lang, 'reason')}>
                <Input />
              </Form.Item>
            </>
          )}
        </OrgModalForm>
      ) : null}
    </Space>
  );
}
