/**
 * Companies (公司, the tenant), their stores (店铺) and competitor stores (竞品店铺): the small tables
 * that facts refer to. Upserts by natural key, like the facts.
 */
import type { CompetitorStore, Platform, Store } from '../core/metrics/facts.ts';
import type { Sql } from './open-db.ts';

/** Creates the company if it does not exist yet (the name of an existing one is left as it is). */
export async function ensureCompany(db: Sql, companyId: string, name = companyId): Promise<void> {
  await db.query(
    'INSERT INTO company (company_id, name) VALUES ($1, $2) ON CONFLICT (company_id) DO NOTHING',
    [companyId, name],
  );
}

/** Inserts or updates stores by (company, code). */
export async function upsertStores(db: Sql, companyId: string, stores: readonly Store[]): Promise<void> {
  for (const s of stores) {
    await db.query(
      `INSERT INTO store (company_id, code, name, platform, currency, time_zone, operator)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (company_id, code) DO UPDATE SET name = excluded.name, platform = excluded.platform,
         currency = excluded.currency, time_zone = excluded.time_zone, operator = excluded.operator`,
      [companyId, s.code, s.name, s.platform, s.currency, s.timeZone, s.operator ?? null],
    );
  }
}

interface StoreRow {
  code: string;
  name: string;
  platform: string;
  currency: string;
  time_zone: string;
  operator: string | null;
}

function storeFromRow(r: StoreRow): Store {
  const s: Store = {
    code: r.code,
    name: r.name,
    platform: r.platform as Platform,
    currency: r.currency,
    timeZone: r.time_zone,
  };
  if (r.operator !== null) s.operator = r.operator;
  return s;
}

export async function listStores(db: Sql, companyId: string): Promise<Store[]> {
  const r = await db.query<StoreRow>(
    'SELECT code, name, platform, currency, time_zone, operator FROM store WHERE company_id = $1 ORDER BY code',
    [companyId],
  );
  return r.rows.map(storeFromRow);
}

export async function getStore(db: Sql, companyId: string, code: string): Promise<Store | undefined> {
  const r = await db.query<StoreRow>(
    'SELECT code, name, platform, currency, time_zone, operator FROM store WHERE company_id = $1 AND code = $2',
    [companyId, code],
  );
  const row = r.rows[0];
  return row ? storeFromRow(row) : undefined;
}

export async function upsertCompetitors(
  db: Sql,
  companyId: string,
  competitors: readonly CompetitorStore[],
): Promise<void> {
  for (const c of competitors) {
    await db.query(
      `INSERT INTO competitor (company_id, code, name, platform, store, tier) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (company_id, code) DO UPDATE SET name = excluded.name, platform = excluded.platform,
         store = excluded.store, tier = excluded.tier`,
      [companyId, c.code, c.name, c.platform, c.store, c.tier],
    );
  }
}
