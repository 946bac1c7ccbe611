/**
 * Gathers what the metric dictionary needs from the database: a company's stores and the facts of a
 * period and of the same period last year, as one FactSet (gather, then compute).
 */
import type { FactSet } from '../core/metrics/compute.ts';
import { lastYear, type Period } from '../core/metrics/period.ts';
import { listStores } from '../db/company-repository.ts';
import { readFacts } from '../db/fact-repository.ts';
import type { Sql } from '../db/open-db.ts';

export async function loadFactSet(db: Sql, company: string, period: Period): Promise<FactSet> {
  const from = lastYear(period).from;
  const to = period.to;
  const range = { from, to };
  // One after another: inside a transaction this is one connection, and node-postgres does not run
  // queries on one client concurrently.
  const stores = await listStores(db, company);
  const storeDays = await readFacts(db, company, 'store_day', range);
  const trafficSourceDays = await readFacts(db, company, 'traffic_source_day', range);
  const adDays = await readFacts(db, company, 'ad_day', range);
  const csAgentDays = await readFacts(db, company, 'cs_agent_day', range);
  const fxRates = await readFacts(db, company, 'fx_rate', range);
  return { stores, storeDays, trafficSourceDays, adDays, csAgentDays, fxRates };
}
