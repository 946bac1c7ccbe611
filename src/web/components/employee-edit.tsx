/**
 * Edit one employee (HR, admin): the record itself (`PUT /api/org/employees/{code}`) and the stores the
 * person answers for from a date, with a reason for the audit log (`PUT …/stores`).
 */
import { App, Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { api } from '../api.ts';
import { useT } from '../i18n/index.ts';
import { orgText } from '../i18n/org.ts';
import type { Employee, Family, Store, Team } from '../types.ts';
import { errorText } from './error-alert.tsx';
import { activeOptions } from './org-active-options.ts';

interface Values {
  name: string;
  team: string | null;
  family: string | null;
  level: string | null;
  supervisor: string | null;
  hireDate: string | null;
  leaveDate: string | null;
  agent: string | null;
  stores: string[];
  storesFrom: string;
  reason: string;
}

const nul = (s: string | null | undefined) =>
  s === undefined || s === null || s.trim() === '' ? null : s.trim();

export function EmployeeEdit({
  employee,
  employees,
  teams,
  families,
  stores,
  onDone,
}: {
  employee: Employee;
  employees: Employee[];
  teams: Team[];
  families: Family[];
  stores: Store[];
  onDone: () => void;
}) {
  const { t, tx, lang } = useT();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  const today = new Date().toISOString().slice(0, 10);
  const off = orgText(lang, 'inactive');

  const save = async (v: Values) => {
    setBusy(true);
    try {
      await api('PUT', `/api/org/employees/${encodeURIComponent(employee.code)}`, {
        name: v.name.trim(),
        team: v.team ?? null,
        family: v.family ?? null,
        level: nul(v.level),
        supervisor: v.supervisor ?? null,
        hireDate: nul(v.hireDate),
        leaveDate: nul(v.leaveDate),
        agent: nul(v.agent),
      });
      const before = [...employee.stores].sort().join(',');
      if ([...v.stores].sort().join(',') !== before)
        await api('PUT', `/api/org/employees/${encodeURIComponent(employee.code)}/stores`, {
          stores: v.stores,
          from: v.storesFrom,
          reason: v.reason.trim(),
        });
      message.success(t('common.saved'));
      setOpen(false);
      onDone();
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid={`edit-${employee.code}`}>
        {t('org.edit')}
      </Button>
      <Modal
        open={open}
        title={`${employee.name} (${employee.code})`}
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form<Values>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ ...employee, storesFrom: today, reason: '' }}
          onFinish={(v) => void save(v)}
        >
          <Form.Item name="name" label={t('common.name')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="team" label={t('org.team')}>
            <Select
              allowClear
              options={activeOptions(teams, (x) => `${x.name} (${x.code})`, off, employee.team)}
            />
          </Form.Item>
          <Form.Item name="family" label={t('org.family')}>
            <Select allowClear options={activeOptions(families, (x) => tx(x.name), off, employee.family)} />
          </Form.Item>
          <Form.Item name="level" label={t('org.level')}>
            <Input />
          </Form.Item>
          <Form.Item name="supervisor" label={t('common.supervisor')}>
            <Select
              allowClear
              showSearch
              options={employees
                .filter((x) => x.code !== employee.code)
                .map((x) => ({ value: x.code, label: `${x.name} (${x.code})` }))}
            />
          </Form.Item>
          <Form.Item
            name="hireDate"
            label={t('org.hireDate')}
            rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}
          >
            <Input placeholder="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item
            name="leaveDate"
            label={t('org.leaveDate')}
            rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}
          >
            <Input placeholder="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item name="agent" label={t('org.agent')}>
            <Input />
          </Form.Item>
          <Form.Item name="stores" label={t('org.stores')}>
            <Select
              mode="multiple"
              options={activeOptions(stores, (s) => `${s.name} (${s.code})`, off, employee.stores)}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.stores !== b.stores}>
            {({ getFieldValue }) => {
              const changed =
                [...((getFieldValue('stores') as string[]) ?? [])].sort().join(',') !==
                [...employee.stores].sort().join(',');
              return changed ? (
                <>
                  <Form.Item
                    name="storesFrom"
                    label={t('org.storesFrom')}
                    rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}
                  >
                    <Input />
                  </Form.Item>
                  <Form.Item name="reason" label={t('org.storesReason')} rules={[{ required: true, min: 2 }]}>
                    <Input />
                  </Form.Item>
                </>
              ) : null;
            }}
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
