/**
 * KPI proposal ids under simultaneous writers: ids are the company's highest + 1, so without a lock two
 * proposals made at once on PostgreSQL read the same highest id and one fails on the key. On PostgreSQL
 * each writer has its own pool (separate connections, as two server processes would); PGlite has one
 * connection and runs the same code.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCompany } from '../db/company-repository.ts';
import { type Db, openDb } from '../db/open-db.ts';
import { type FreshDb, freshDb, TEST_ENGINES } from '../db/testing.ts';
import type { Actor } from './actor.ts';
import { createProposal } from './kpi-design-service.ts';

const C = 'c1';
const draft = readFileSync(new URL('../../templates/presales-cs.yaml', import.meta.url), 'utf8');
const hr: Actor = { company: C, userId: 'u-hr', login: 'hr', name: 'hr', role: 'hr', employee: 'H1' };

describe.each(TEST_ENGINES)('KPI proposal ids under simultaneous writers on %s', (engine) => {
  let fresh: FreshDb;
  let writers: Db[] = [];
  beforeAll(async () => {
    fresh = await freshDb(engine);
    await ensureCompany(fresh.db, C);
    await fresh.db.query(
      `INSERT INTO job_family (company_id, code, name_zh, name_en, kind) VALUES ($1, 'presales-cs', '售前客服', 'Pre-sales CS', 'business')`,
      [C],
    );
    await fresh.db.query(
      `INSERT INTO team (company_id, code, name, lead) VALUES ($1, 'cs', '客服部', 'S1')`,
      [C],
    );
    // 5 pools of at most 4 connections each: 20 transactions can be open at once
    writers =
      engine === 'postgres'
        ? await Promise.all(Array.from({ length: 5 }, () => openDb({ ...fresh.options, migrate: false })))
        : [fresh.db];
  }, 120_000);
  afterAll(async () => {
    for (const w of writers) if (w !== fresh?.db) await w.close();
    await fresh?.dispose();
  });

  it('20 simultaneous proposals get 20 distinct ids and 20 rows, each with its own title', async () => {
    const made = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        writers[i % writers.length]!.transaction((tx) =>
          createProposal(tx, hr, { family: 'presales-cs', team: 'cs', title: `提案 ${i}`, yaml: draft }),
        ),
      ),
    );
    const ids = made.map((p) => p.id).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const rows = await fresh.db.query<{ id: number; title: string }>(
      'SELECT id, title FROM kpi_proposal WHERE company_id = $1 ORDER BY id',
      [C],
    );
    expect(rows.rows.map((r) => Number(r.id))).toEqual(ids);
    for (const [i, p] of made.entries()) expect(p.title).toBe(`提案 ${i}`);
  }, 60_000);
});
