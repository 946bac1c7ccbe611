/**
 * One template version: parts and weights, the indicators with their rule in words, the grade bands,
 * and a live preview that scores sample actuals through the server's engine as you type.
 */
import {
  Button,
  Card,
  Col,
  Collapse,
  Descriptions,
  InputNumber,
  Row,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, post } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { ExportButton } from '../components/export-button.tsx';
import {
  GroupFigureInput,
  type PreviewGroupFigure,
  PreviewGroupFigures,
  type PreviewResult,
} from '../components/preview-group-figures.tsx';
import { ScorecardView } from '../components/scorecard-view.tsx';
import { TemplateEditor } from '../components/template-editor.tsx';
import { useT } from '../i18n/index.ts';
import type { Scorecard, Template, TemplateDetail, Text } from '../types.ts';
import { useGet } from '../use-api.ts';

function describeInterval(w: { gte?: number; gt?: number; lte?: number; lt?: number }): string {
  const parts: string[] = [];
  if (w.gte !== undefined) parts.push(`≥ ${w.gte}`);
  if (w.gt !== undefined) parts.push(`> ${w.gt}`);
  if (w.lte !== undefined) parts.push(`≤ ${w.lte}`);
  if (w.lt !== undefined) parts.push(`< ${w.lt}`);
  return parts.join(' , ');
}

/** Sample actuals: the template's first worked example, else each target (a 100 % month). */
function sampleActuals(tpl: Template): Record<string, number | null> {
  const ex = tpl.examples[0];
  if (ex) return { ...ex.actuals };
  const out: Record<string, number | null> = {};
  for (const ind of tpl.indicators) out[ind.id] = ind.target ?? null;
  return out;
}

export default function TemplateViewPage({ id, version }: { id: string; version: string }) {
  const { t, tx } = useT();
  const { user } = useAuth();
  const res = useGet<TemplateDetail>(
    `/api/templates/${encodeURIComponent(id)}/${encodeURIComponent(version)}`,
  );
  const tpl = res.data?.template ?? null;
  const canPreview = user?.role === 'admin' || user?.role === 'hr' || user?.role === 'committee';
  const [actuals, setActuals] = useState<Record<string, number | null> | null>(null);
  const [card, setCard] = useState<Scorecard | null>(null);
  // group figures for cohort/rank indicators typed into the preview; the server lends the example's otherwise
  const [cohort, setCohort] = useState<Record<string, number>>({});
  const [figures, setFigures] = useState<PreviewGroupFigure[]>([]);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [yamlText, setYamlText] = useState<string | null>(null);
  const canEdit = user?.role === 'admin' || user?.role === 'hr';

  useEffect(() => {
    if (tpl && actuals === null) setActuals(sampleActuals(tpl));
    if (res.data && yamlText === null) setYamlText(res.data.yaml);
  }, [tpl, actuals, res.data, yamlText]);

  // Live preview: score the sample through the server's engine, debounced while typing.
  useEffect(() => {
    if (!res.data || !actuals || !canPreview || yamlText === null) return;
    const ex = res.data.template.examples[0];
    const timer = setTimeout(() => {
      post<PreviewResult>('/api/templates/preview', {
        yaml: yamlText,
        person: {
          actuals,
          ...(ex?.targets ? { targets: ex.targets } : {}),
          ...(ex?.behaviour ? { behaviour: ex.behaviour } : {}),
          ...(ex?.additional ? { additional: ex.additional } : {}),
          ...(ex?.attendance ? { attendance: ex.attendance } : {}),
          ...(Object.keys(cohort).length ? { cohort } : {}),
        },
      })
        .then((r) => {
          setCard(r.scorecard);
          setFigures(r.groupFigures);
          setPreviewError(null);
        })
        .catch((e: unknown) => setPreviewError(e instanceof ApiError ? e : String(e)));
    }, 300);
    return () => clearTimeout(timer);
  }, [res.data, actuals, canPreview, yamlText, cohort]);

  const ruleText = useMemo(() => {
    const m = new Map<string, Text>();
    for (const ind of card?.indicators ?? []) if (ind.trace) m.set(ind.id, ind.trace.rule);
    return m;
  }, [card]);

  if (res.loading && !tpl) return <Spin />;
  if (res.error) return <ErrorAlert error={res.error} />;
  if (!tpl || !res.data) return null;
  const d = res.data;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="template-view">
      <Card size="small">
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {tx(tpl.name)} <Tag>{`${d.id}@${d.version}`}</Tag>
            {d.applied ? (
              <Tag color="blue">{t('templates.locked')}</Tag>
            ) : (
              <Tag>{t('templates.editable')}</Tag>
            )}
          </Typography.Title>
          <Button
            href={`/api/templates/${encodeURIComponent(id)}/${encodeURIComponent(version)}/yaml`}
            download
          >
            {t('templates.downloadYaml')}
          </Button>
        </Space>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }} style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('org.family')}>{tpl.family}</Descriptions.Item>
          <Descriptions.Item label={t('templates.effective')}>{tpl.effective}</Descriptions.Item>
          <Descriptions.Item label={t('scorecard.kpi')}>{tpl.parts.kpi.weight}</Descriptions.Item>
          {tpl.parts.behaviour && (
            <Descriptions.Item label={t('scorecard.behaviour')}>
              {tpl.parts.behaviour.weight} ({tpl.parts.behaviour.items.map((i) => tx(i.name)).join('、')})
            </Descriptions.Item>
          )}
          {tpl.parts.additional && (
            <Descriptions.Item label={t('scorecard.additional')}>
              {tpl.parts.additional.min} … +{tpl.parts.additional.max}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('templates.grades')}>
            {tpl.grades.map((g) => `${g.grade} ${describeInterval(g.when)}`).join(' · ')}
          </Descriptions.Item>
          {tpl.distribution && (
            <Descriptions.Item label={t('templates.distribution')}>
              {tpl.distribution.quotas.map((q) => `${q.grade} ${Math.round(q.share * 100)}%`).join(' / ')}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card
        size="small"
        title={t('templates.indicators')}
        extra={
          <ExportButton
            fileName={`${d.id}-${d.version}-indicators`}
            rows={tpl.indicators}
            columns={[
              { title: t('common.id'), value: (r) => r.id },
              { title: t('scorecard.indicator'), value: (r) => tx(r.name) },
              { title: t('scorecard.weight'), value: (r) => r.weight },
              { title: t('scorecard.target'), value: (r) => r.target },
              { title: t('templates.metric'), value: (r) => r.metric },
              { title: t('templates.cycle'), value: (r) => r.cycle },
              {
                title: t('scorecard.rule'),
                value: (r) => (ruleText.get(r.id) ? tx(ruleText.get(r.id)) : r.rule.type),
              },
              { title: t('templates.definition'), value: (r) => tx(r.definition) },
            ]}
          />
        }
      >
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          scroll={{ x: true }}
          dataSource={tpl.indicators}
          data-testid="indicators-table"
          columns={[
            { title: t('scorecard.indicator'), key: 'name', render: (_: unknown, r) => tx(r.name) },
            { title: t('scorecard.weight'), dataIndex: 'weight' },
            {
              title: t('scorecard.target'),
              dataIndex: 'target',
              render: (x: number | undefined) => x ?? '—',
            },
            { title: t('templates.metric'), dataIndex: 'metric', responsive: ['md'] },
            { title: t('templates.cycle'), dataIndex: 'cycle', responsive: ['lg'] },
            {
              title: t('scorecard.rule'),
              key: 'rule',
              render: (_: unknown, r) => {
                const words = ruleText.get(r.id);
                return words ? tx(words) : <Tag>{r.rule.type}</Tag>;
              },
            },
            {
              title: t('templates.definition'),
              key: 'def',
              responsive: ['lg'],
              render: (_: unknown, r) => tx(r.definition),
            },
          ]}
        />
      </Card>
      {canPreview && actuals && (
        <Card size="small" title={t('templates.preview')} data-testid="preview">
          <Row gutter={[16, 16]}>
            <Col xs={24} md={8}>
              <Space direction="vertical" style={{ width: '100%' }}>
                <Typography.Text type="secondary">{t('templates.previewHint')}</Typography.Text>
                {tpl.indicators.map((ind) =>
                  ind.derive?.kind === 'cohort' || ind.derive?.kind === 'rank' ? (
                    <GroupFigureInput
                      key={ind.id}
                      id={ind.id}
                      label={tx(ind.name)}
                      used={figures.find((f) => f.indicator === ind.id)}
                      value={cohort[ind.id]}
                      onChange={(v) =>
                        setCohort((c) => {
                          const { [ind.id]: _, ...rest } = c;
                          return v === null ? rest : { ...rest, [ind.id]: v };
                        })
                      }
                    />
                  ) : (
                    <div key={ind.id}>
                      <div>{tx(ind.name)}</div>
                      <InputNumber
                        style={{ width: '100%' }}
                        value={actuals[ind.id] ?? null}
                        onChange={(v) => setActuals((a) => ({ ...a, [ind.id]: v }))}
                        data-testid={`preview-${ind.id}`}
                      />
                    </div>
                  ),
                )}
              </Space>
            </Col>
            <Col xs={24} md={16}>
              <ErrorAlert error={previewError} />
              <PreviewGroupFigures figures={figures} />
              {card ? <ScorecardView card={card} /> : <Spin />}
            </Col>
          </Row>
        </Card>
      )}
      <Collapse
        size="small"
        items={[
          {
            key: 'yaml',
            label: canEdit ? t('templates.edit') : t('templates.yaml'),
            children: canEdit ? (
              <TemplateEditor
                id={d.id}
                version={d.version}
                applied={d.applied}
                yaml={yamlText ?? d.yaml}
                onYaml={setYamlText}
              />
            ) : (
              <pre style={{ overflowX: 'auto', fontSize: 12, margin: 0 }}>{d.yaml}</pre>
            ),
          },
        ]}
      />
    </Space>
  );
}
