/** Organisation (组织): stores, teams, job families and employees, each table exportable to Excel. */
import { Space, Table, Tabs, Tag, Typography } from 'antd';
import { useAuth } from '../auth.tsx';
import { EmployeeEdit } from '../components/employee-edit.tsx';
import { EmployeeImportButton } from '../components/employee-import-button.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { ExportButton } from '../components/export-button.tsx';
import {
  ActiveFilter,
  activeRowProps,
  type MaybeActive,
  NameWithState,
  useActiveFilter,
} from '../components/org-active.tsx';
import { OrgCompanyZone } from '../components/org-company-zone.tsx';
import { OrgFamilyForm } from '../components/org-family-form.tsx';
import { OrgStoreForm } from '../components/org-store-form.tsx';
import { OrgTeamForm } from '../components/org-team-form.tsx';
import { useT } from '../i18n/index.ts';
import { orgText } from '../i18n/org.ts';
import type { Employee, Family, Store, Team, TemplateVersion } from '../types.ts';
import { useGet } from '../use-api.ts';

/** HR and admin create and edit stores, teams and job families (the server checks it again). */
function useCanWrite(): boolean {
  const { user } = useAuth();
  return user?.role === 'hr' || user?.role === 'admin';
}

function Stores() {
  const { t } = useT();
  const { lang } = useT();
  const res = useGet<{ stores: (Store & MaybeActive)[] }>('/api/org/stores');
  const canWrite = useCanWrite();
  const people = useGet<{ employees: Employee[] }>(canWrite ? '/api/org/employees' : null);
  const employees = people.data?.employees ?? [];
  const { filter, setFilter, shown: rows, inactive } = useActiveFilter(res.data?.stores ?? []);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ErrorAlert error={res.error} />
      <Space wrap>
        {canWrite ? <OrgStoreForm employees={employees} onDone={res.reload} /> : null}
        <ActiveFilter value={filter} onChange={setFilter} inactive={inactive} testId="stores-filter" />
        <ExportButton
          fileName="stores"
          rows={rows}
          columns={[
            { title: t('org.code'), value: (r) => r.code },
            { title: t('common.title'), value: (r) => r.name },
            {
              title: orgText(lang, 'status'),
              value: (r) => orgText(lang, r.active === false ? 'inactive' : 'active'),
            },
            { title: t('org.platform'), value: (r) => r.platform },
            { title: t('org.currency'), value: (r) => r.currency },
            { title: t('org.timeZone'), value: (r) => r.timeZone },
            { title: t('org.operator'), value: (r) => r.operator },
          ]}
        />
      </Space>
      <Table
        size="small"
        rowKey="code"
        loading={res.loading}
        dataSource={rows}
        scroll={{ x: true }}
        data-testid="stores-table"
        onRow={activeRowProps}
        columns={[
          { title: t('org.code'), dataIndex: 'code' },
          {
            title: t('common.title'),
            key: 'name',
            render: (_: unknown, s: Store & MaybeActive) => <NameWithState name={s.name} active={s.active} />,
          },
          { title: t('org.platform'), dataIndex: 'platform' },
          { title: t('org.currency'), dataIndex: 'currency', responsive: ['md'] },
          { title: t('org.timeZone'), dataIndex: 'timeZone', responsive: ['lg'] },
          { title: t('org.operator'), dataIndex: 'operator' },
          ...(canWrite
            ? [
                {
                  title: '',
                  key: 'edit',
                  render: (_: unknown, s: Store & MaybeActive) => (
                    <OrgStoreForm store={s} employees={employees} onDone={res.reload} />
                  ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}

function Teams() {
  const { t, tx, lang } = useT();
  const teams = useGet<{ teams: (Team & MaybeActive)[] }>('/api/org/teams');
  const fams = useGet<{ families: (Family & MaybeActive)[] }>('/api/org/families');
  const canWrite = useCanWrite();
  const people = useGet<{ employees: Employee[] }>(canWrite ? '/api/org/employees' : null);
  const employees = people.data?.employees ?? [];
  const tpls = useGet<{ versions: TemplateVersion[] }>('/api/templates');
  // a job family's code is the family its templates are written for
  const templatesOf = (family: string) =>
    [...new Set((tpls.data?.versions ?? []).filter((v) => v.family === family).map((v) => v.id))].join(', ');
  const tf = useActiveFilter(teams.data?.teams ?? []);
  const ff = useActiveFilter(fams.data?.families ?? []);
  const rows = tf.shown;
  const frows = ff.shown;
  const statusColumn = {
    title: orgText(lang, 'status'),
    value: (r: MaybeActive) => orgText(lang, r.active === false ? 'inactive' : 'active'),
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ErrorAlert error={teams.error ?? fams.error} />
      <Typography.Title level={5}>{t('org.teams')}</Typography.Title>
      <Space wrap>
        {canWrite ? <OrgTeamForm employees={employees} onDone={teams.reload} /> : null}
        <ActiveFilter
          value={tf.filter}
          onChange={tf.setFilter}
          inactive={tf.inactive}
          testId="teams-filter"
        />
        <ExportButton
          fileName="teams"
          rows={rows}
          columns={[
            { title: t('org.code'), value: (r) => r.code },
            { title: t('common.title'), value: (r) => r.name },
            statusColumn,
            { title: t('org.lead'), value: (r) => r.lead },
          ]}
        />
      </Space>
      <Table
        size="small"
        rowKey="code"
        loading={teams.loading}
        dataSource={rows}
        pagination={false}
        data-testid="teams-table"
        onRow={activeRowProps}
        columns={[
          { title: t('org.code'), dataIndex: 'code' },
          {
            title: t('common.title'),
            key: 'name',
            render: (_: unknown, x: Team & MaybeActive) => <NameWithState name={x.name} active={x.active} />,
          },
          { title: t('org.lead'), dataIndex: 'lead' },
          ...(canWrite
            ? [
                {
                  title: '',
                  key: 'edit',
                  render: (_: unknown, x: Team & MaybeActive) => (
                    <OrgTeamForm team={x} employees={employees} onDone={teams.reload} />
                  ),
                },
              ]
            : []),
        ]}
      />
      <Typography.Title level={5}>{t('org.families')}</Typography.Title>
      <Space wrap>
        {canWrite ? <OrgFamilyForm onDone={fams.reload} /> : null}
        <ActiveFilter
          value={ff.filter}
          onChange={ff.setFilter}
          inactive={ff.inactive}
          testId="families-filter"
        />
        <ExportButton
          fileName="families"
          rows={frows}
          columns={[
            { title: t('org.code'), value: (r) => r.code },
            { title: t('common.title'), value: (r) => tx(r.name) },
            statusColumn,
            { title: t('org.kind'), value: (r) => t(`org.kind_${r.kind}`) },
            { title: orgText(lang, 'templates'), value: (r) => templatesOf(r.code) },
          ]}
        />
      </Space>
      <Table<Family & MaybeActive>
        size="small"
        rowKey="code"
        loading={fams.loading}
        dataSource={frows}
        pagination={false}
        data-testid="families-table"
        onRow={activeRowProps}
        columns={[
          { title: t('org.code'), dataIndex: 'code' },
          {
            title: t('common.title'),
            key: 'name',
            render: (_: unknown, r: Family & MaybeActive) => (
              <NameWithState name={tx(r.name)} active={r.active} />
            ),
          },
          { title: t('org.kind'), dataIndex: 'kind', render: (k: Family['kind']) => t(`org.kind_${k}`) },
          {
            title: orgText(lang, 'templates'),
            key: 'templates',
            responsive: ['md'],
            render: (_: unknown, r: Family) => templatesOf(r.code) || orgText(lang, 'noTemplate'),
          },
          ...(canWrite
            ? [
                {
                  title: '',
                  key: 'edit',
                  render: (_: unknown, f: Family & MaybeActive) => (
                    <OrgFamilyForm family={f} onDone={fams.reload} />
                  ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}

function Employees() {
  const { t } = useT();
  const { user } = useAuth();
  const res = useGet<{ employees: Employee[] }>('/api/org/employees');
  const teams = useGet<{ teams: Team[] }>('/api/org/teams');
  const fams = useGet<{ families: Family[] }>('/api/org/families');
  const stores = useGet<{ stores: Store[] }>('/api/org/stores');
  const rows = res.data?.employees ?? [];
  const canImport = user?.role === 'hr' || user?.role === 'admin';
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ErrorAlert error={res.error} />
      <Space wrap>
        {canImport && res.data && (
          <EmployeeImportButton
            employees={rows}
            teams={(teams.data?.teams ?? []).map((x) => x.code)}
            families={(fams.data?.families ?? []).map((x) => x.code)}
            onDone={res.reload}
          />
        )}
        <ExportButton
          fileName="employees"
          rows={rows}
          columns={[
            { title: t('common.employee'), value: (r) => r.code },
            { title: t('common.name'), value: (r) => r.name },
            { title: t('org.team'), value: (r) => r.team },
            { title: t('org.family'), value: (r) => r.family },
            { title: t('org.level'), value: (r) => r.level },
            { title: t('common.supervisor'), value: (r) => r.supervisor },
            { title: t('org.hireDate'), value: (r) => r.hireDate },
            { title: t('org.leaveDate'), value: (r) => r.leaveDate },
            { title: t('org.stores'), value: (r) => r.stores.join(', ') },
            { title: t('org.role'), value: (r) => (r.role ? t(`role.${r.role}`) : '') },
          ]}
        />
      </Space>
      <Table
        size="small"
        rowKey="code"
        loading={res.loading}
        dataSource={rows}
        scroll={{ x: true }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="employees-table"
        columns={[
          { title: t('common.employee'), dataIndex: 'code' },
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('org.team'), dataIndex: 'team' },
          { title: t('org.family'), dataIndex: 'family', responsive: ['md'] },
          { title: t('org.level'), dataIndex: 'level', responsive: ['lg'] },
          { title: t('common.supervisor'), dataIndex: 'supervisor' },
          { title: t('org.hireDate'), dataIndex: 'hireDate', responsive: ['lg'] },
          { title: t('org.leaveDate'), dataIndex: 'leaveDate', responsive: ['lg'] },
          {
            title: t('org.stores'),
            dataIndex: 'stores',
            responsive: ['md'],
            render: (s: string[]) => s.map((x) => <Tag key={x}>{x}</Tag>),
          },
          {
            title: t('org.role'),
            dataIndex: 'role',
            render: (r: Employee['role']) => (r ? t(`role.${r}`) : ''),
          },
          ...(canImport
            ? [
                {
                  title: '',
                  key: 'edit',
                  render: (_: unknown, e: Employee) => (
                    <EmployeeEdit
                      employee={e}
                      employees={rows}
                      teams={teams.data?.teams ?? []}
                      families={fams.data?.families ?? []}
                      stores={stores.data?.stores ?? []}
                      onDone={res.reload}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}

export default function OrganisationPage() {
  const { t } = useT();
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="org-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('org.title')}
      </Typography.Title>
      <OrgCompanyZone />
      <Tabs
        items={[
          { key: 'employees', label: t('org.employees'), children: <Employees /> },
          { key: 'stores', label: t('org.stores'), children: <Stores /> },
          { key: 'teams', label: t('org.teamsFamilies'), children: <Teams /> },
        ]}
      />
    </Space>
  );
}
