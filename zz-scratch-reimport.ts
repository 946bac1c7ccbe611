import { createBatch } from './src/db/import-batch-repository.ts';
import { upsertFacts } from './src/db/fact-repository.ts';
import { ensureCompany } from './src/db/company-repository.ts';
import { openDb, type Sql } from './src/db/open-db.ts';
import { sampleOrderLines } from './src/db/testing.ts';
import pg from 'pg';
const N = Number(process.env.N ?? 300000);
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:55442/postgres' });
await admin.connect();
await admin.query('DROP DATABASE IF EXISTS zz_scratch WITH (FORCE)');
await admin.query('CREATE DATABASE zz_scratch');
const engine = process.env.ENGINE ?? 'pg';
const db = engine === 'pg' ? await openDb({ url: 'postgres://postgres@127.0.0.1:55442/zz_scratch' }) : await openDb({ dir: '/tmp/sm/zzlite' + Date.now() });
await ensureCompany(db, 'c');
const lines = sampleOrderLines('S', N);
const timed = (tx: Sql): Sql => ({
  async query(text, params) { const t = performance.now(); const r = await tx.query(text, params); console.log(((performance.now() - t) / 1000).toFixed(2), text.replace(/\s+/g, ' ').slice(0, 90)); return r as never; },
  async copyCsv(a, b, c) { const t = performance.now(); await tx.copyCsv(a, b, c); console.log(((performance.now() - t) / 1000).toFixed(2), 'COPY', a); },
});
for (const pass of [1, 2, 3]) {
  const t = performance.now();
  const data = pass === 3 ? lines.map((l, i) => (i % 1000 === 0 ? { ...l, refund: '1.23' } : l)) : lines;
  const r = await db.transaction(async (tx0) => { const tx = timed(tx0); const b = await createBatch(tx, 'c', { fileName: 'x', fileSha256: '', preset: 'p', kind: 'order_line', store: 'S', rowsRead: 0, importedBy: 'me' }); return upsertFacts(tx, 'c', 'order_line', data, { batchId: b }); });
  console.log('pass', pass, r, ((performance.now() - t) / 1000).toFixed(2), 's');
}
await db.close();
await admin.query('DROP DATABASE IF EXISTS zz_scratch WITH (FORCE)');
await admin.end();
