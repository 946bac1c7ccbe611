/**
 * Step 1 of KPI design: the expert group proposes a team's KPIs — job family, team, title and the
 * draft as template YAML (optionally started from a stored template of the family), checked and
 * previewed before it is sent.
 */
import { Form as AntForm, Button, Card, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { get, post } from '../api.ts';
import { useT } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import type { Family, Proposal, Team, TemplateDetail, TemplateVersion } from '../types.ts';
import { useGet } from '../use-api.ts';
import { ErrorAlert } from './error-alert.tsx';
import { DraftEditor } from './kpi-design-draft.tsx';

export function NewProposal({ onCancel }: { onCancel: () => void }) {
  const { t, tx } = useT();
  const families = useGet<{ families: Family[] }>('/api/org/families');
  const teams = useGet<{ teams: Team[] }>('/api/org/teams');
  const templates = useGet<{ versions: TemplateVersion[] }>('/api/templates');
  const [family, setFamily] = useState<string | undefined>();
  const [team, setTeam] = useState<string | undefined>();
  const [title, setTitle] = useState('');
  const [yaml, setYaml] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const loadBase = async (key: string) => {
    const at = key.lastIndexOf('@');
    try {
      const d = await get<TemplateDetail>(
        `/api/templates/${encodeURIComponent(key.slice(0, at))}/${encodeURIComponent(key.slice(at + 1))}`,
      );
      setYaml(d.yaml);
      setError(null);
    } catch (e) {
      setError(e);
    }
  };

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const p = await post<Proposal>('/api/kpi-design', { family, team, title: title.trim(), yaml });
      navigate(`/design/${p.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const bases = (templates.data?.versions ?? []).filter((v) => !family || v.family === family);
  return (
    <Card size="small" title={t('kpiDesign.newProposal')} data-testid="new-proposal">
      <AntForm layout="vertical" onFinish={() => void submit()}>
        <AntForm.Item label={t('kpiDesign.family')} required>
          <Select
            value={family}
            onChange={setFamily}
            data-testid="np-family"
            options={(families.data?.families ?? []).map((f) => ({
              value: f.code,
              label: `${tx(f.name)} (${f.code})`,
            }))}
          />
        </AntForm.Item>
        <AntForm.Item label={t('kpiDesign.team')} required>
          <Select
            value={team}
            onChange={setTeam}
            data-testid="np-team"
            options={(teams.data?.teams ?? []).map((x) => ({
              value: x.code,
              label: `${x.name} (${x.code})`,
            }))}
          />
        </AntForm.Item>
        <AntForm.Item label={t('kpiDesign.proposalTitle')} required>
          <Input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={200}
            data-testid="np-title"
          />
        </AntForm.Item>
        <AntForm.Item label={t('kpiDesign.baseTemplate')} extra={t('kpiDesign.baseHint')}>
          <Select
            allowClear
            data-testid="np-base"
            onChange={(v: string | undefined) => v && void loadBase(v)}
            options={bases.map((v) => ({
              value: `${v.id}@${v.version}`,
              label: `${tx(v.name)} ${v.id}@${v.version}`,
            }))}
          />
        </AntForm.Item>
        <AntForm.Item label={t('kpiDesign.yaml')} required>
          <DraftEditor yaml={yaml} onYaml={setYaml} />
        </AntForm.Item>
        <ErrorAlert error={error} />
        <Space wrap>
          <Button
            type="primary"
            htmlType="submit"
            loading={busy}
            disabled={!family || !team || !title.trim() || !yaml.trim()}
            data-testid="np-submit"
          >
            {t('kpiDesign.create')}
          </Button>
          <Button onClick={onCancel}>{t('kpiDesign.cancel')}</Button>
          {(!family || !team || !title.trim() || !yaml.trim()) && (
            <Typography.Text type="secondary">{t('kpiDesign.required')}</Typography.Text>
          )}
        </Space>
      </AntForm>
    </Card>
  );
}
