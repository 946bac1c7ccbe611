/**
 * Create or edit a job family (HR, admin): `POST /api/org/families`, `PUT /api/org/families/{code}`.
 * Its code is the `family` templates are written for, so it cannot change once created.
 */
import { Form, Input, Select } from 'antd';
import { api } from '../api.ts';
import { useT } from '../i18n/index.ts';
import { orgText } from '../i18n/org.ts';
import type { Family } from '../types.ts';
import { ActiveSwitchItem } from './org-active.tsx';
import { OrgModalForm } from './org-modal-form.tsx';

const CODE = /^[A-Za-z0-9_.-]+$/;

export function OrgFamilyForm({ family, onDone }: { family?: Family; onDone: () => void }) {
  const { t, lang } = useT();
  const o = (k: Parameters<typeof orgText>[1], v: Record<string, string> = {}) => orgText(lang, k, v);
  return (
    <OrgModalForm<Family>
      label={family ? t('org.edit') : o('newFamily')}
      title={family ? o('editFamily', { code: family.code }) : o('newFamily')}
      testId={family ? `edit-family-${family.code}` : 'new-family'}
      primary={!family}
      initialValues={family ? { ...family, active: family.active !== false } : { kind: 'business' }}
      onSave={async (v) => {
        const body = {
          name: { zh: v.name.zh.trim(), en: v.name.en.trim() },
          kind: v.kind,
          ...(family ? { active: v.active !== false } : {}),
        };
        if (family) await api('PUT', `/api/org/families/${encodeURIComponent(family.code)}`, body);
        else await api('POST', '/api/org/families', { code: v.code.trim(), ...body });
        onDone();
      }}
    >
      {() => (
        <>
          <Form.Item
            name="code"
            label={t('org.code')}
            extra={family ? undefined : o('codeHint')}
            rules={[{ required: true, pattern: CODE, message: o('codeHint') }]}
          >
            <Input disabled={Boolean(family)} />
          </Form.Item>
          <Form.Item
            name={['name', 'zh']}
            label={o('nameZh')}
            rules={[{ required: true, whitespace: true, message: o('required') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name={['name', 'en']}
            label={o('nameEn')}
            rules={[{ required: true, whitespace: true, message: o('required') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="kind" label={t('org.kind')} rules={[{ required: true }]}>
            <Select
              options={(['business', 'functional'] as const).map((k) => ({
                value: k,
                label: t(`org.kind_${k}`),
              }))}
            />
          </Form.Item>
          {family ? <ActiveSwitchItem testId="family-active" hint={o('familyActiveHint')} /> : null}
        </>
      )}
    </OrgModalForm>
  );
}
