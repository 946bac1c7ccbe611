/**
 * Edit a template in the browser with the same validation and worked examples as `shopkpi check`:
 * "Check" never saves; "Save" replaces a version that no month has used yet, or adds a new version
 * (change `version:` in the file) once it has been applied. A YAML file can be loaded from disk. Each
 * warning can be acknowledged here: its `code@path` goes into the YAML's `acknowledged:` list (an edit of
 * the text, src/web/acknowledge.ts) and the check runs again, so the warning stops showing once saved.
 */
import { Alert, App, Button, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ACKNOWLEDGE_TEXT, ackKeyOf, acknowledge } from '../acknowledge.ts';
import { api, post } from '../api.ts';
import { useT } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import type { TemplateVersion, Text } from '../types.ts';
import { ErrorAlert } from './error-alert.tsx';
import { YamlFileButton } from './yaml-file-button.tsx';

interface CheckReport {
  ok: boolean;
  id: string;
  version: string;
  problems: { severity: string; code: string; message: Text; where?: { path?: string } }[];
  examples: { name: string; ok: boolean; mismatches: Text[] }[];
}

export function TemplateEditor({
  id,
  version,
  applied,
  yaml,
  onYaml,
}: {
  id: string;
  version: string;
  applied: boolean;
  yaml: string;
  onYaml: (y: string) => void;
}) {
  const { t, tx } = useT();
  const { message } = App.useApp();
  const [report, setReport] = useState<CheckReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const check = async (text = yaml) => {
    setBusy(true);
    setError(null);
    try {
      setReport(await post<CheckReport>('/api/templates/check', { yaml: text }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  /** Adds the warning's key to `acknowledged:` in the text being edited, then checks that text. */
  const acknowledgeWarning = (key: string) => {
    const next = acknowledge(yaml, key);
    if (next === null) {
      message.error(tx(ACKNOWLEDGE_TEXT.cannot));
      return;
    }
    onYaml(next);
    void check(next);
  };

  const save = async (asNew: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const body = { yaml, reason: reason.trim() || undefined };
      const v = asNew
        ? await post<TemplateVersion>('/api/templates', body)
        : await api<TemplateVersion>(
            'PUT',
            `/api/templates/${encodeURIComponent(id)}/${encodeURIComponent(version)}`,
            body,
          );
      message.success(t('common.saved'));
      navigate(`/templates/${v.id}/${v.version}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="template-editor">
      <Input.TextArea
        value={yaml}
        onChange={(e) => onYaml(e.target.value)}
        autoSize={{ minRows: 12, maxRows: 30 }}
        style={{ fontFamily: 'monospace', fontSize: 12 }}
        spellCheck={false}
        data-testid="yaml"
      />
      <Input
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={t('templates.reason')}
        maxLength={500}
      />
      <Space wrap>
        <Button onClick={() => void check()} loading={busy} data-testid="tpl-check">
          {t('templates.check')}
        </Button>
        {!applied && (
          <Button type="primary" onClick={() => void save(false)} loading={busy}>
            {t('templates.save')}
          </Button>
        )}
        <Button onClick={() => void save(true)} loading={busy}>
          {t('templates.saveNew')}
        </Button>
        <YamlFileButton onYaml={onYaml} />
      </Space>
      {applied && <Typography.Text type="secondary">{t('templates.appliedHint')}</Typography.Text>}
      <ErrorAlert error={error} />
      {report && (
        <Alert
          type={report.ok ? 'success' : 'error'}
          showIcon
          title={
            report.ok
              ? t('templates.checkOk', { id: `${report.id}@${report.version}` })
              : t('templates.checkFailed')
          }
          description={
            <List
              size="small"
              dataSource={[
                ...report.problems.map((p) => ({
                  key: `p-${p.code}-${p.where?.path ?? ''}`,
                  node: (
                    <span>
                      <Tag color={p.severity === 'error' ? 'red' : 'orange'}>{p.severity}</Tag>
                      {p.where?.path ? `${p.where.path}: ` : ''}
                      {tx(p.message)}
                      {p.severity === 'warning' && (
                        <Button
                          size="small"
                          type="link"
                          title={tx(ACKNOWLEDGE_TEXT.hint)}
                          disabled={busy}
                          onClick={() => acknowledgeWarning(ackKeyOf(p))}
                          data-testid="tpl-ack"
                          data-ack={ackKeyOf(p)}
                        >
                          {tx(ACKNOWLEDGE_TEXT.action)}
                        </Button>
                      )}
                    </span>
                  ),
                })),
                ...report.examples.map((ex) => ({
                  key: `e-${ex.name}`,
                  node: (
                    <span>
                      <Tag color={ex.ok ? 'green' : 'red'}>{ex.ok ? 'OK' : '✗'}</Tag>
                      {ex.name}
                      {ex.mismatches.map((m) => ` · ${tx(m)}`).join('')}
                    </span>
                  ),
                })),
              ]}
              renderItem={(x) => <List.Item key={x.key}>{x.node}</List.Item>}
            />
          }
        />
      )}
    </Space>
  );
}
