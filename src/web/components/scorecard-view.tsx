/**
 * A scorecard as the engine computed it: each indicator with its points and, one tap away, its "why"
 * (the rule in words, the inputs with their source, the steps). Built from cards, not a wide table,
 * so it reads on a 375 px phone.
 */
import { Collapse, Descriptions, Space, Statistic, Tag, Typography } from 'antd';
import { num } from '../format.ts';
import { useT } from '../i18n/index.ts';
import type { IndicatorScore, Scorecard } from '../types.ts';

const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '—' : String(x));

function Why({ ind }: { ind: IndicatorScore }) {
  const { t, tx } = useT();
  if (!ind.trace) return <Typography.Text type="secondary">{t('scorecard.noTrace')}</Typography.Text>;
  return (
    <div data-testid={`why-${ind.id}`}>
      <Typography.Paragraph>
        <b>{t('scorecard.rule')}</b>: {tx(ind.trace.rule)}
      </Typography.Paragraph>
      {ind.trace.inputs.length > 0 && (
        <Descriptions size="small" column={1} bordered>
          {ind.trace.inputs.map((inp) => (
            <Descriptions.Item key={inp.name} label={inp.name}>
              {inp.value}
              {inp.source ? <Typography.Text type="secondary"> ({inp.source})</Typography.Text> : null}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
      <ol style={{ paddingLeft: 20, marginTop: 8 }}>
        {ind.trace.steps.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: steps are an ordered list from the engine
          <li key={i}>{tx(s)}</li>
        ))}
      </ol>
      {ind.trace.version && <Typography.Text type="secondary">{ind.trace.version}</Typography.Text>}
    </div>
  );
}

export function ScorecardView({ card, finalGrade }: { card: Scorecard; finalGrade?: string | null }) {
  const { t, tx, lang } = useT();
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="scorecard">
      <Space wrap size="large">
        <div data-testid="sc-total" data-value={fmt(card.total)}>
          <Statistic title={t('scorecard.total')} value={fmt(card.total)} />
        </div>
        <div data-testid="sc-grade" data-value={finalGrade ?? card.grade ?? ''}>
          <Statistic title={t('scorecard.grade')} value={finalGrade ?? card.grade ?? '—'} />
        </div>
        <Statistic title={t('scorecard.kpi')} value={`${card.kpi.points} / ${card.kpi.of}`} />
        {card.behaviour && (
          <Statistic
            title={t('scorecard.behaviour')}
            value={`${card.behaviour.points} / ${card.behaviour.of}`}
          />
        )}
        <Statistic title={t('scorecard.additional')} value={card.additional} />
        {card.attendance !== 0 && <Statistic title={t('scorecard.attendance')} value={card.attendance} />}
      </Space>
      <Collapse
        size="small"
        items={card.indicators.map((ind) => ({
          key: ind.id,
          label: (
            <span data-testid={`ind-${ind.id}`}>
              {tx(ind.name)}{' '}
              <Typography.Text type="secondary">
                ({t('scorecard.weight')} {ind.effectiveWeight})
              </Typography.Text>
            </span>
          ),
          extra: ind.dropped ? (
            <Tag>{t('scorecard.dropped')}</Tag>
          ) : (
            <b data-testid={`pts-${ind.id}`}>{fmt(ind.points)}</b>
          ),
          children: (
            <>
              <Typography.Paragraph>
                {t('scorecard.target')}: {num(ind.target, lang)} · {t('scorecard.actual')}:{' '}
                {num(ind.actual, lang)}
              </Typography.Paragraph>
              <Why ind={ind} />
            </>
          ),
        }))}
      />
      {card.steps && card.steps.length > 0 && (
        <Collapse
          size="small"
          items={[
            {
              key: 'steps',
              label: t('scorecard.formSteps'),
              children: (
                <ol style={{ paddingLeft: 20, margin: 0 }}>
                  {card.steps.map((s, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: ordered steps
                    <li key={i}>{tx(s)}</li>
                  ))}
                </ol>
              ),
            },
          ]}
        />
      )}
      {card.problems.length > 0 && (
        <ul>
          {card.problems.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: ordered problems
            <li key={i}>{tx(p.message)}</li>
          ))}
        </ul>
      )}
    </Space>
  );
}
