/**
 * The KPI draft of a proposal edited as template YAML, with the same check as the templates page
 * (`/api/templates/check`: validation, lint, the worked examples) and a live preview that scores sample
 * actuals through the server's engine (`/api/templates/preview`) while the text changes. Saving is the
 * caller's: a draft is proposed or revised through the KPI design routes, never stored as a template.
 */
import {
  Alert,
  Button,
  Col,
  Collapse,
  Input,
  InputNumber,
  List,
  Row,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { parse } from 'yaml';
import { parseQuantity } from '../../core/scoring/quantity.ts';
import { ApiError, post } from '../api.ts';
import { useT } from '../i18n/index.ts';
import type { Scorecard, Text } from '../types.ts';
import { ErrorAlert } from './error-alert.tsx';
import {
  GroupFigureInput,
  type PreviewGroupFigure,
  PreviewGroupFigures,
  type PreviewResult,
} from './preview-group-figures.tsx';
import { ScorecardView } from './scorecard-view.tsx';
import { YamlFileButton } from './yaml-file-button.tsx';

interface CheckReport {
  ok: boolean;
  id: string;
  version: string;
  problems: { severity: string; code: string; message: Text; where?: { path?: string } }[];
  examples: { name: string; ok: boolean; mismatches: Text[] }[];
}

interface DraftIndicator {
  id: string;
  name: string;
  target: number | null;
  /** a cohort or rank indicator: the preview asks for the group's figure, not an actual */
  grouped: boolean;
}

/** The indicators of a draft as written (no engine here: only ids, names and plain numeric targets). */
function indicatorsOf(yaml: string, lang: 'zh' | 'en'): DraftIndicator[] | null {
  try {
    const doc = parse(yaml) as { indicators?: unknown } | null;
    if (!doc || !Array.isArray(doc.indicators)) return null;
    const out: DraftIndicator[] = [];
    for (const x of doc.indicators as Record<string, unknown>[]) {
      if (!x || typeof x.id !== 'string') continue;
      const n = x.name as { zh?: string; en?: string } | string | undefined;
      const name = typeof n === 'string' ? n : ((lang === 'en' ? n?.en : n?.zh) ?? x.id);
      const kind = (x.derive as { kind?: unknown } | undefined)?.kind;
      out.push({
        id: x.id,
        name,
        target: parseQuantity(x.target) ?? null,
        grouped: kind === 'cohort' || kind === 'rank',
      });
    }
    return out;
  } catch {
    return null;
  }
}

type Numbers = Record<string, number>;

/** A map of quantities as the engine reads them (42.5% → 0.425); what is not a quantity is left out. */
function quantities(x: unknown): Numbers {
  const out: Numbers = {};
  if (!x || typeof x !== 'object') return out;
  for (const [k, v] of Object.entries(x)) {
    const q = parseQuantity(v);
    if (q !== undefined) out[k] = q;
  }
  return out;
}

/** The first worked example's actuals, behaviour ratings and attendance: the sample the preview scores. */
function exampleOf(yaml: string): {
  actuals: Numbers;
  behaviour: Record<string, Numbers>;
  attendance: Numbers;
} {
  try {
    const doc = parse(yaml) as { examples?: Record<string, unknown>[] } | null;
    const ex = doc?.examples?.[0] ?? {};
    const behaviour: Record<string, Numbers> = {};
    for (const [rater, r] of Object.entries((ex.behaviour as Record<string, unknown> | undefined) ?? {}))
      if (['supervisor', 'self', 'peer'].includes(rater)) behaviour[rater] = quantities(r);
    return { actuals: quantities(ex.actuals), behaviour, attendance: quantities(ex.attendance) };
  } catch {
    return { actuals: {}, behaviour: {}, attendance: {} };
  }
}

export function CheckReportView({ report }: { report: CheckReport }) {
  const { t, tx } = useT();
  return (
    <Alert
      type={report.ok ? 'success' : 'error'}
      showIcon
      data-testid="draft-check-report"
      title={
        report.ok
          ? t('kpiDesign.checkOk', { id: `${report.id}@${report.version}` })
          : t('kpiDesign.checkFailed')
      }
      description={
        <List
          size="small"
          dataSource={[
            ...report.problems.map((p, i) => ({
              key: `p-${i}`,
              node: (
                <span>
                  <Tag color={p.severity === 'error' ? 'red' : 'orange'}>
                    {p.severity === 'error' ? t('kpiDesign.sevError') : t('kpiDesign.sevWarning')}
                  </Tag>
                  {p.where?.path ? `${p.where.path}: ` : ''}
                  {tx(p.message)}
                </span>
              ),
            })),
            ...report.examples.map((ex, i) => ({
              key: `e-${i}`,
              node: (
                <span>
                  <Tag color={ex.ok ? 'green' : 'red'}>
                    {ex.ok ? `✓ ${t('kpiDesign.exampleOk')}` : `✗ ${t('kpiDesign.exampleFailed')}`}
                  </Tag>
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
  );
}

/** The live preview: sample actuals per indicator, scored by the server as the draft or a value changes. */
function DraftPreview({ yaml }: { yaml: string }) {
  const { t, lang } = useT();
  const indicators = useMemo(() => indicatorsOf(yaml, lang), [yaml, lang]);
  const [actuals, setActuals] = useState<Record<string, number | null>>({});
  const [card, setCard] = useState<Scorecard | null>(null);
  const [error, setError] = useState<unknown>(null);
  // group figures typed in; those not typed come from the draft's worked example (the server lends them)
  const [cohort, setCohort] = useState<Record<string, number>>({});
  const [figures, setFigures] = useState<PreviewGroupFigure[]>([]);
  const seeded = useRef(false);

  useEffect(() => {
    if (seeded.current || !indicators) return;
    seeded.current = true;
    const ex = exampleOf(yaml).actuals;
    setActuals(Object.fromEntries(indicators.map((i) => [i.id, ex[i.id] ?? i.target])));
  }, [indicators, yaml]);

  useEffect(() => {
    if (!indicators) return;
    const timer = setTimeout(() => {
      const values = Object.fromEntries(indicators.map((i) => [i.id, actuals[i.id] ?? null]));
      const ex = exampleOf(yaml);
      const { behaviour, attendance } = ex;
      const person = {
        // the example's other inputs too (a joint rule's qc_score and satisfaction), or there is no total
        actuals: { ...ex.actuals, ...values },
        ...(Object.keys(behaviour).length ? { behaviour } : {}),
        ...(Object.keys(attendance).length ? { attendance } : {}),
        ...(Object.keys(cohort).length ? { cohort } : {}),
      };
      post<PreviewResult>('/api/templates/preview', { yaml, person })
        .then((r) => {
          setCard(r.scorecard);
          setFigures(r.groupFigures);
          setError(null);
        })
        .catch((e: unknown) => setError(e instanceof ApiError ? e : String(e)));
    }, 400);
    return () => clearTimeout(timer);
  }, [yaml, actuals, indicators, cohort]);

  if (!indicators) return <Typography.Text type="secondary">{t('kpiDesign.previewNone')}</Typography.Text>;
  return (
    <Row gutter={[16, 16]} data-testid="draft-preview">
      <Col xs={24} md={8}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('kpiDesign.previewHint')}</Typography.Text>
          {indicators.map((ind) =>
            ind.grouped ? (
              <GroupFigureInput
                key={ind.id}
                id={ind.id}
                label={ind.name}
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
                <div>{ind.name}</div>
                <InputNumber
                  style={{ width: '100%' }}
                  value={actuals[ind.id] ?? null}
                  onChange={(v) => setActuals((a) => ({ ...a, [ind.id]: v }))}
                />
              </div>
            ),
          )}
        </Space>
      </Col>
      <Col xs={24} md={16}>
        <ErrorAlert error={error} />
        <PreviewGroupFigures figures={figures} />
        {card ? <ScorecardView card={card} /> : !error && <Spin />}
      </Col>
    </Row>
  );
}

/** The YAML text, a file to load it from, "Check", and the live preview. */
export function DraftEditor({ yaml, onYaml }: { yaml: string; onYaml: (y: string) => void }) {
  const { t } = useT();
  const [report, setReport] = useState<CheckReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const check = async () => {
    setBusy(true);
    setError(null);
    try {
      setReport(await post<CheckReport>('/api/templates/check', { yaml }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="draft-editor">
      <Input.TextArea
        value={yaml}
        onChange={(e) => {
          onYaml(e.target.value);
          setReport(null);
        }}
        autoSize={{ minRows: 10, maxRows: 24 }}
        style={{ fontFamily: 'monospace', fontSize: 12 }}
        spellCheck={false}
        data-testid="draft-yaml"
      />
      <Space wrap>
        <Button onClick={() => void check()} loading={busy} disabled={!yaml.trim()} data-testid="draft-check">
          {t('kpiDesign.check')}
        </Button>
        <YamlFileButton onYaml={onYaml} />
      </Space>
      <ErrorAlert error={error} />
      {report && <CheckReportView report={report} />}
      {yaml.trim() && (
        <Collapse
          size="small"
          items={[{ key: 'preview', label: t('kpiDesign.preview'), children: <DraftPreview yaml={yaml} /> }]}
        />
      )}
    </Space>
  );
}
