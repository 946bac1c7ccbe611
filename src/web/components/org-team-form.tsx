/** Create or edit a team and its lead (HR, admin): `POST /api/org/teams`, `PUT /api/org/teams/{code}`. */
import { Form, Input, Select } from 'antd';
import { api } from '../api.ts';
import { useT } from '../i18n/index.ts';
import { orgText } from '../i18n/org.ts';
import type { Employee, Team } from '../types.ts';
import { ActiveSwitchItem } from './org-active.tsx';
import { OrgModalForm } from './org-modal-form.tsx';

const CODE = /^[A-Za-z0-9_.-]+$/;

export function OrgTeamForm({
  team,
  employees,
  onDone,
}: {
  team?: Team;
  employees: Employee[];
  onDone: () => void;
}) {
  const { t, lang } = useT();
  const o = (k: Parameters<typeof orgText>[1], v: Record<string, string> = {}) => orgText(lang, k, v);
  return (
    <OrgModalForm<Team>
      label={team ? t('org.edit') : o('newTeam')}
      title={team ? o('editTeam', { code: team.code }) : o('newTeam')}
      testId={team ? `edit-team-${team.code}` : 'new-team'}
      primary={!team}
      initialValues={team ? { ...team, active: team.active !== false } : { lead: null }}
      onSave={async (v) => {
        const body = {
          name: v.name.trim(),
          lead: v.lead ?? null,
          ...(team ? { active: v.active !== false } : {}),
        };
        if (team) await api('PUT', `/api/org/teams/${encodeURIComponent(team.code)}`, body);
        else await api('POST', '/api/org/teams', { code: v.code.trim(), ...body });
        onDone();
      }}
    >
      {() => (
        <>
          <Form.Item
            name="code"
            label={t('org.code')}
            extra={team ? undefined : o('codeHint')}
            rules={[{ required: true, pattern: CODE, message: o('codeHint') }]}
          >
            <Input disabled={Boolean(team)} data-testid="team-code" />
          </Form.Item>
          <Form.Item
            name="name"
            label={o('name')}
            rules={[{ required: true, whitespace: true, message: o('required') }]}
          >
            <Input data-testid="team-name" />
          </Form.Item>
          <Form.Item name="lead" label={t('org.lead')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              data-testid="team-lead"
              options={employees.map((e) => ({ value: e.code, label: `${e.name} (${e.code})` }))}
            />
          </Form.Item>
          {team ? <ActiveSwitchItem testId="team-active" hint={o('teamActiveHint')} /> : null}
        </>
      )}
    </OrgModalForm>
  );
}
