/**
 * One KPI design proposal: the six steps (antd Steps), who acts next and what the signed-in person may
 * or may not do and why (from the server's `you`, the same rules the writes apply), the buttons for
 * what they may do only, the signatures, the committee's approval with the month it applies from, the
 * comments and the whole history. Every write sends the proposal's `version`; a 409 reloads it.
 */
import {
  Alert,
  App,
  Button,
  Card,
  Collapse,
  Descriptions,
  Input,
  List,
  Popconfirm,
  Space,
  Spin,
  Steps,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { ApiError, get, post } from '../api.ts';
import { when } from '../format.ts';
import { useT } from '../i18n/index.ts';
import type { DesignAction, DesignStep, Proposal, ProposalView } from '../types.ts';
import { useGet } from '../use-api.ts';
import { ErrorAlert } from './error-alert.tsx';
import { DraftEditor } from './kpi-design-draft.tsx';
import { StepTag } from './kpi-design-list.tsx';

const STEP_NAMES: DesignStep[] = [
  'proposed',
  'consultation',
  'cross-review',
  'benchmark',
  'agreement',
  'committee',
];

/** The actions that belong to a step: what the "you may / may not" box talks about. */
function actionsAt(step: number): DesignAction[] {
  if (step <= 4) return ['comment', 'revise', 'advance'];
  if (step === 5) return ['sign_lead', 'sign_supervisor'];
  if (step === 6) return ['approve'];
  return [];
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The month an approval proposes by default: the draft's own `effective`, unless that month is already open. */
function defaultFrom(p: ProposalView): string {
  const own = /^effective:\s*["']?(\d{4}-\d{2})/m.exec(p.yaml)?.[1] ?? '';
  if (p.earliestFrom && (!own || own < p.earliestFrom)) return p.earliestFrom;
  return own;
}

interface Outcome {
  error: unknown;
  stale: boolean;
}

/** The last write's error and whether the proposal was reloaded because someone else changed it. */
function OutcomeView({ outcome }: { outcome: Outcome }) {
  const { t } = useT();
  return (
    <div data-testid="design-error">
      {outcome.stale && (
        <Alert type="warning" showIcon title={t('kpiDesign.stale')} data-testid="design-stale" />
      )}
      <ErrorAlert error={outcome.error} />
    </div>
  );
}

function Actions({
  p,
  reload,
  setOutcome,
}: {
  p: ProposalView;
  reload: () => void;
  setOutcome: (o: Outcome) => void;
}) {
  const { t } = useT();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [comment, setComment] = useState('');
  const [note, setNote] = useState('');
  const [draft, setDraft] = useState(p.yaml);
  const [why, setWhy] = useState('');
  const [from, setFrom] = useState(() => defaultFrom(p));
  const [approveNote, setApproveNote] = useState('');
  const you = p.you;

  const run = async (sub: string, body: Record<string, unknown>, after?: () => void) => {
    setBusy(true);
    setOutcome({ error: null, stale: false });
    try {
      await post<Proposal>(`/api/kpi-design/${p.id}/${sub}`, { version: p.version, ...body });
      message.success(t('common.saved'));
      after?.();
      reload();
    } catch (e) {
      let stale = false;
      if (e instanceof ApiError && e.status === 409) {
        // someone else acted meanwhile: show the proposal as it is now, and say so
        const now = await get<ProposalView>(`/api/kpi-design/${p.id}`).catch(() => null);
        stale = now !== null && now.version !== p.version;
      }
      setOutcome({ error: e, stale });
      if (stale) reload();
    } finally {
      setBusy(false);
    }
  };

  if (!Object.values(you).some((c) => c.ok)) return null;
  const nextName = STEP_NAMES[p.step] ? t(`kpiDesign.steps.${STEP_NAMES[p.step]!}`) : '';
  return (
    <Card size="small" title={t('kpiDesign.yourTurn')} data-testid="design-actions">
      <Space direction="vertical" style={{ width: '100%' }}>
        {you.comment.ok && (
          <Space.Compact style={{ width: '100%' }}>
            <Input.TextArea
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              placeholder={t('kpiDesign.commentPlaceholder')}
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={4000}
              data-testid="design-comment"
            />
            <Button
              loading={busy}
              disabled={!comment.trim()}
              onClick={() => void run('comment', { comment: comment.trim() }, () => setComment(''))}
              data-testid="design-comment-send"
            >
              {t('kpiDesign.sendComment')}
            </Button>
          </Space.Compact>
        )}
        {you.revise.ok && (
          <Collapse
            size="small"
            items={[
              {
                key: 'revise',
                label: t('kpiDesign.actions.revise'),
                children: (
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <DraftEditor yaml={draft} onYaml={setDraft} />
                    <Input
                      value={why}
                      onChange={(e) => setWhy(e.target.value)}
                      placeholder={t('kpiDesign.reviseComment')}
                      maxLength={4000}
                      data-testid="design-revise-why"
                    />
                    <Button
                      loading={busy}
                      disabled={!why.trim() || draft === p.yaml}
                      onClick={() =>
                        void run('comment', { comment: why.trim(), yaml: draft }, () => setWhy(''))
                      }
                      data-testid="design-revise-send"
                    >
                      {t('kpiDesign.saveRevision')}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        )}
        {you.advance.ok && (
          <Space wrap style={{ width: '100%' }}>
            <Input
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder={t('kpiDesign.advanceNote')}
              maxLength={4000}
              style={{ minWidth: 220 }}
              data-testid="design-advance-note"
            />
            <Popconfirm
              title={t('kpiDesign.advanceConfirm')}
              onConfirm={() =>
                void run('advance', note.trim() ? { comment: note.trim() } : {}, () => setNote(''))
              }
            >
              <Button type="primary" loading={busy} data-testid="design-advance">
                {t('kpiDesign.advanceTo', { n: p.step + 1, name: nextName })}
              </Button>
            </Popconfirm>
          </Space>
        )}
        {(['lead', 'supervisor'] as const).map((as) =>
          you[`sign_${as}`].ok ? (
            <Popconfirm
              key={as}
              title={t('kpiDesign.signConfirm')}
              onConfirm={() => void run('sign', { as })}
            >
              <Button type="primary" loading={busy} data-testid={`design-sign-${as}`}>
                {t(`kpiDesign.actions.sign_${as}`)}
              </Button>
            </Popconfirm>
          ) : null,
        )}
        {you.approve.ok && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>{t('kpiDesign.approveFrom')}</Typography.Text>
            <Input
              value={from}
              onChange={(e) => setFrom(e.target.value.trim())}
              placeholder="YYYY-MM"
              style={{ maxWidth: 200 }}
              status={from && !MONTH.test(from) ? 'error' : undefined}
              data-testid="design-from"
            />
            {p.earliestFrom && (
              <Typography.Text type="secondary">
                {t('kpiDesign.approveFromHint', { month: p.earliestFrom })}
              </Typography.Text>
            )}
            {from && !MONTH.test(from) && (
              <Typography.Text type="danger">{t('kpiDesign.badMonth')}</Typography.Text>
            )}
            <Input
              value={approveNote}
              onChange={(e) => setApproveNote(e.target.value)}
              placeholder={t('kpiDesign.approveComment')}
              maxLength={4000}
              data-testid="design-approve-note"
            />
            <Popconfirm
              title={t('kpiDesign.approveConfirm')}
              onConfirm={() =>
                void run('approve', {
                  from,
                  ...(approveNote.trim() ? { comment: approveNote.trim() } : {}),
                })
              }
            >
              <Button type="primary" loading={busy} disabled={!MONTH.test(from)} data-testid="design-approve">
                {t('kpiDesign.actions.approve')}
              </Button>
            </Popconfirm>
          </Space>
        )}
      </Space>
    </Card>
  );
}

/** Who acts next, and for each action of this step whether the signed-in person may do it and why. */
function WhoActs({ p }: { p: ProposalView }) {
  const { t, tx } = useT();
  const acts = actionsAt(p.step);
  const mine = acts.filter((a) => p.you[a].ok);
  const applied = p.step >= 7;
  return (
    <Alert
      type={applied ? 'info' : mine.length ? 'success' : 'warning'}
      showIcon
      data-testid="design-next"
      data-mine={mine.join(' ')}
      title={
        <span data-testid="design-next-text">
          {applied ? tx(p.next) : t('kpiDesign.whoNext', { text: tx(p.next) })}
        </span>
      }
      description={
        applied ? undefined : (
          <Space direction="vertical" size={2}>
            <Typography.Text strong>
              {mine.length ? t('kpiDesign.yourTurn') : t('kpiDesign.notYourTurn')}
            </Typography.Text>
            {acts.map((a) => (
              <span key={a} data-testid={`design-can-${a}`} data-ok={p.you[a].ok ? 'yes' : 'no'}>
                <Tag color={p.you[a].ok ? 'green' : 'default'}>
                  {p.you[a].ok ? t('kpiDesign.youMay') : t('kpiDesign.youMayNot')}
                </Tag>
                {t(`kpiDesign.actions.${a}`)} — {tx(p.you[a].why)}
              </span>
            ))}
          </Space>
        )
      }
    />
  );
}

function actionLabel(t: ReturnType<typeof useT>['t'], action: string): string {
  switch (action) {
    case 'propose':
    case 'comment':
    case 'advance':
    case 'sign_lead':
    case 'sign_supervisor':
    case 'approve':
      return t(`kpiDesign.historyActions.${action}`);
    default:
      return action;
  }
}

export function ProposalPage({ id }: { id: string }) {
  const { t } = useT();
  const res = useGet<ProposalView>(`/api/kpi-design/${encodeURIComponent(id)}`);
  const [outcome, setOutcome] = useState<Outcome>({ error: null, stale: false });
  const p = res.data;
  if (res.loading && !p) return <Spin />;
  if (!p) return <ErrorAlert error={res.error} />;
  const applied = p.step >= 7;
  const comments = p.history.filter((h) => h.comment && h.action === 'comment');
  const [tid, tver] = p.template
    ? [p.template.slice(0, p.template.lastIndexOf('@')), p.template.slice(p.template.lastIndexOf('@') + 1)]
    : ['', ''];
  const signer = (as: 'lead' | 'supervisor') => {
    const who = p.signers[as];
    const s = p.signatures[as];
    return (
      <span data-testid={`design-signature-${as}`} data-signed={s ? 'yes' : 'no'}>
        {who ? `${who.name} (${who.code})` : t('kpiDesign.noSigner')} ·{' '}
        {s ? (
          <Tag color="green">{t('kpiDesign.signedBy', { by: s.by, at: when(s.at) })}</Tag>
        ) : (
          <Tag>{t('kpiDesign.notSigned')}</Tag>
        )}
      </span>
    );
  };

  return (
    <Space
      direction="vertical"
      style={{ width: '100%' }}
      size="middle"
      data-testid="design-proposal"
      data-step={p.step}
    >
      <a href="#/design">← {t('kpiDesign.back')}</a>
      <ErrorAlert error={res.error} />
      <Card size="small">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {p.title}{' '}
          {applied ? (
            <Tag color="blue" data-testid="design-readonly">
              {t('kpiDesign.appliedTag')}
            </Tag>
          ) : (
            <StepTag p={p} />
          )}
        </Typography.Title>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('kpiDesign.id')}>{p.id}</Descriptions.Item>
          <Descriptions.Item label={t('kpiDesign.family')}>{p.family}</Descriptions.Item>
          <Descriptions.Item label={t('kpiDesign.team')}>{p.team ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('kpiDesign.createdBy')}>
            {p.createdBy} · {when(p.createdAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('kpiDesign.updated')}>{when(p.updatedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('kpiDesign.step')}>
            <span data-testid="design-step-text">
              {applied
                ? t('kpiDesign.steps.applied')
                : `${t('kpiDesign.stepOf', { n: p.step })} · ${t(`kpiDesign.steps.${p.stepName}`)}`}
            </span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small">
        <Steps
          size="small"
          current={p.step - 1}
          status={applied ? 'finish' : 'process'}
          data-testid="design-steps"
          items={STEP_NAMES.map((s, i) => ({
            title: t(`kpiDesign.steps.${s}`),
            description: i === p.step - 1 || (applied && i === 5) ? t(`kpiDesign.stepDesc.${s}`) : undefined,
          }))}
        />
      </Card>
      <WhoActs p={p} />
      <OutcomeView outcome={outcome} />
      {/* remounted when the draft changes, so the editor starts from the new text; a comment being typed
          survives a reload after someone else's step */}
      <Actions
        key={p.history.filter((h) => h.yaml !== undefined).length}
        p={p}
        reload={res.reload}
        setOutcome={setOutcome}
      />
      <Card size="small" title={t('kpiDesign.signatures')}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('kpiDesign.signerLead')}>{signer('lead')}</Descriptions.Item>
          <Descriptions.Item label={t('kpiDesign.signerSupervisor')}>
            {signer('supervisor')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('kpiDesign.approval')} data-testid="design-approval">
        {p.approval ? (
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label={t('kpiDesign.approvedBy')}>{p.approval.by}</Descriptions.Item>
            <Descriptions.Item label={t('kpiDesign.approvedAt')}>{when(p.approval.at)}</Descriptions.Item>
            <Descriptions.Item label={t('kpiDesign.appliesFrom')}>
              <span data-testid="design-from-month">{p.approval.from}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('kpiDesign.templateVersion')}>
              <a
                href={`#/templates/${encodeURIComponent(tid)}/${encodeURIComponent(tver)}`}
                data-testid="design-template"
              >
                {p.approval.template}
              </a>
            </Descriptions.Item>
            {p.approval.comment && (
              <Descriptions.Item label={t('kpiDesign.comment')}>{p.approval.comment}</Descriptions.Item>
            )}
          </Descriptions>
        ) : (
          <Typography.Text type="secondary">{t('kpiDesign.notApproved')}</Typography.Text>
        )}
      </Card>
      <Card size="small" title={t('kpiDesign.comments')}>
        <List
          size="small"
          data-testid="design-comments"
          locale={{ emptyText: t('kpiDesign.noComments') }}
          dataSource={comments}
          renderItem={(h) => (
            <List.Item key={`${h.at}-${h.by}`}>
              <List.Item.Meta
                title={
                  <span>
                    {h.by} · {when(h.at)} · {t('kpiDesign.atStep', { n: h.step })}
                    {h.yaml && <Tag style={{ marginLeft: 8 }}>{t('kpiDesign.draftChanged')}</Tag>}
                  </span>
                }
                description={<span style={{ whiteSpace: 'pre-wrap' }}>{h.comment}</span>}
              />
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('kpiDesign.history')}>
        <Timeline
          data-testid="design-history"
          items={p.history.map((h) => ({
            key: `${h.at}-${h.action}-${h.by}`,
            color: h.action === 'approve' ? 'blue' : h.action.startsWith('sign') ? 'green' : 'gray',
            children: (
              <div data-action={h.action}>
                <Typography.Text strong>{actionLabel(t, h.action)}</Typography.Text> · {h.by} · {when(h.at)} ·{' '}
                {t('kpiDesign.atStep', { n: h.step })}
                {h.from && ` · ${t('kpiDesign.appliesFrom')} ${h.from}`}
                {h.comment && <div style={{ whiteSpace: 'pre-wrap' }}>{h.comment}</div>}
                {h.yaml && (
                  <Collapse
                    size="small"
                    ghost
                    items={[
                      {
                        key: 'y',
                        label:
                          h.action === 'propose' ? t('kpiDesign.draftProposed') : t('kpiDesign.draftChanged'),
                        children: <pre style={{ overflowX: 'auto', fontSize: 12, margin: 0 }}>{h.yaml}</pre>,
                      },
                    ]}
                  />
                )}
              </div>
            ),
          }))}
        />
      </Card>
      <Collapse
        size="small"
        items={[
          {
            key: 'draft',
            label: `${t('kpiDesign.draft')}${applied ? ` · ${t('kpiDesign.appliedTag')}` : ''}`,
            children: (
              <pre style={{ overflowX: 'auto', fontSize: 12, margin: 0 }} data-testid="design-yaml">
                {p.yaml}
              </pre>
            ),
          },
        ]}
      />
    </Space>
  );
}
