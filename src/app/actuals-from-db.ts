/**
 * Actuals straight from the store data (从数据库取实际值) for `shopkpi score --month`: for each store
 * operator (运营负责人) of the company, every indicator whose metric is in the metric dictionary gets the
 * month's value over the stores they answer for, with its source; history indicators (环比/同比) get the
 * earlier period too. Figures the store data cannot give (a QC score, posts published) come from an
 * actuals file beside it.
 */
import { AppError } from '../core/errors.ts';
import { computeMetrics, type MetricsResult } from '../core/metrics/compute.ts';
import { METRICS, type MetricCode } from '../core/metrics/dictionary.ts';
import { lastYear, type Period, parsePeriod } from '../core/metrics/period.ts';
import type { PersonInput } from '../core/scoring/score-form.ts';
import type { Template } from '../core/scoring/types.ts';
import type { Sql } from '../db/open-db.ts';
import { loadFactSet } from './load-facts.ts';

function previous(p: Period): Period {
  const [y, m] = p.key.split('-').map(Number) as [number, number];
  return parsePeriod(m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`)!;
}

function metricValueOf(res: MetricsResult, code: string): number | null {
  const m = res.metrics.find((x) => x.code === code);
  return m && m.value !== null ? Number(m.value) : null;
}

export async function actualsFromDb(
  db: Sql,
  company: string,
  tpl: Template,
  month: string,
): Promise<PersonInput[]> {
  const period = parsePeriod(month);
  if (period?.kind !== 'month') {
    throw new AppError('invalid_input', {
      zh: `不是月份：${month}（应为 YYYY-MM）`,
      en: `not a month: ${month} (write YYYY-MM)`,
    });
  }
  const prev = previous(period);
  // the facts from the same month last year up to this month hold the previous month too
  const all = await loadFactSet(db, company, period);
  const facts = all;
  const operators = [...new Set(facts.stores.map((s) => s.operator).filter((o): o is string => !!o))].sort();
  return operators.map((employee) => {
    const scope = { kind: 'person' as const, person: employee };
    const now = computeMetrics(all, scope, period, { currency: 'CNY' });
    const actuals: Record<string, number | null> = {};
    const sources: Record<string, string> = {};
    const history: { previous: Record<string, number | null>; lastYear: Record<string, number | null> } = {
      previous: {},
      lastYear: {},
    };
    for (const ind of tpl.indicators) {
      if (!(ind.metric in METRICS)) continue;
      const v = metricValueOf(now, ind.metric);
      if (v === null) continue;
      actuals[ind.id] = v;
      actuals[ind.metric] = v;
      sources[ind.id] =
        `${now.scope.label.zh} ${period.key} · ${METRICS[ind.metric as MetricCode].name.zh} / ${now.scope.label.en} · ${METRICS[ind.metric as MetricCode].name.en} (CNY)`;
      if (ind.derive?.kind === 'history' && ind.derive.compare !== 'baseline') {
        const per = ind.derive.compare === 'previous' ? prev : lastYear(period);
        history[ind.derive.compare][ind.metric] = metricValueOf(
          computeMetrics(all, scope, per, { currency: 'CNY' }),
          ind.metric,
        );
      }
    }
    return { employee, actuals, sources, history };
  });
}
