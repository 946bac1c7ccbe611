/** Create or edit a store (HR, admin): `POST /api/org/stores`, `PUT /api/org/stores/{code}`. */
import { Form, Input, Select } from 'antd';
import { api } from '../api.ts';
import { useT } from '../i18n/index.ts';
import { orgText } from '../i18n/org.ts';
import type { Employee, Store } from '../types.ts';
import { ActiveSwitchItem } from './org-active.tsx';
import { OrgModalForm } from './org-modal-form.tsx';

// the platforms the server accepts (src/core/metrics/facts.ts PLATFORMS)
const PLATFORMS = ['tmall', 'taobao', 'jd', 'pinduoduo', 'douyin', 'amazon', 'shopify', 'other'];
const CODE = /^[A-Za-z0-9_.-]+$/;

export function OrgStoreForm({
  store,
  employees,
  onDone,
}: {
  store?: Store;
  employees: Employee[];
  onDone: () => void;
}) {
  const { t, lang } = useT();
  const o = (k: Parameters<typeof orgText>[1], v: Record<string, string> = {}) => orgText(lang, k, v);
  return (
    <OrgModalForm<Store>
      label={store ? t('org.edit') : o('newStore')}
      title={store ? o('editStore', { code: store.code }) : o('newStore')}
      testId={store ? `edit-store-${store.code}` : 'new-store'}
      primary={!store}
      initialValues={
        store
          ? { ...store, active: store.active !== false }
          : { platform: 'tmall', currency: 'CNY', timeZone: 'Asia/Shanghai', operator: null }
      }
      onSave={async (v) => {
        const body = {
          name: v.name.trim(),
          platform: v.platform,
          currency: v.currency.trim().toUpperCase(),
          timeZone: v.timeZone.trim(),
          operator: v.operator ?? null,
          ...(store ? { active: v.active !== false } : {}),
        };
        if (store) await api('PUT', `/api/org/stores/${encodeURIComponent(store.code)}`, body);
        else await api('POST', '/api/org/stores', { code: v.code.trim(), ...body });
        onDone();
      }}
    >
      {() => (
        <>
          <Form.Item
            name="code"
            label={t('org.code')}
            extra={store ? undefined : o('codeHint')}
            rules={[{ required: true, pattern: CODE, message: o('codeHint') }]}
          >
            <Input disabled={Boolean(store)} data-testid="store-code" />
          </Form.Item>
          <Form.Item
            name="name"
            label={o('name')}
            rules={[{ required: true, whitespace: true, message: o('required') }]}
          >
            <Input data-testid="store-name" />
          </Form.Item>
          <Form.Item name="platform" label={t('org.platform')} rules={[{ required: true }]}>
            <Select options={PLATFORMS.map((p) => ({ value: p, label: p }))} />
          </Form.Item>
          <Form.Item
            name="currency"
            label={t('org.currency')}
            rules={[{ required: true, pattern: /^[A-Za-z]{3}$/, message: o('currencyHint') }]}
          >
            <Input maxLength={3} />
          </Form.Item>
          <Form.Item
            name="timeZone"
            label={t('org.timeZone')}
            extra={o('timeZoneHint')}
            rules={[{ required: true }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="operator" label={t('org.operator')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={employees.map((e) => ({ value: e.code, label: `${e.name} (${e.code})` }))}
            />
          </Form.Item>
          {store ? <ActiveSwitchItem testId="store-active" hint={o('storeActiveHint')} /> : null}
        </>
      )}
    </OrgModalForm>
  );
}
