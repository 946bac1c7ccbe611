/**
 * Named prepared statements (QueryOptions.prepare) on both engines: same answers as unprepared, errors
 * reported and the connection still usable, parameters typed by the statement, and on PGlite no read
 * slipping into another caller's open transaction.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type FreshDb, freshDb, TEST_ENGINES } from './testing.ts';

describe.each(TEST_ENGINES)('prepared statements on %s', (engine) => {
  let fresh: FreshDb;
  beforeAll(async () => {
    fresh = await freshDb(engine);
    await fresh.db.query('CREATE TABLE prep_probe (k text PRIMARY KEY, n numeric NOT NULL, j jsonb)');
    await fresh.db.query(`INSERT INTO prep_probe VALUES ('a', 1.10, '{"x": [1, 2]}'), ('b', 2, null)`);
  }, 120_000);
  afterAll(async () => {
    await fresh?.dispose();
  });

  test('answers as the unprepared statement does, again and again, with nulls and json', async () => {
    const text = 'SELECT k, n, j FROM prep_probe WHERE k = coalesce($1, $2) ORDER BY k';
    const plain = await fresh.db.query(text, ['a', 'b']);
    // more runs than PostgreSQL's five custom plans, so the cached generic plan is used too
    for (let i = 0; i < 8; i++) {
      const r = await fresh.db.query(text, [i % 2 ? null : 'a', 'a'], { prepare: 'probe_by_key' });
      expect(r.rows).toEqual(plain.rows);
    }
    expect(plain.rows).toEqual([{ k: 'a', n: '1.10', j: { x: [1, 2] } }]);
    const b = await fresh.db.query(text, [null, 'b'], { prepare: 'probe_by_key' });
    expect(b.rows).toEqual([{ k: 'b', n: '2', j: null }]);
  });

  test('an error is reported and the connection goes on', async () => {
    await expect(
      fresh.db.query('SELECT $1::int AS x', ['not a number'], { prepare: 'probe_int' }),
    ).rejects.toThrow(/integer/);
    expect((await fresh.db.query('SELECT $1::int AS x', ['5'], { prepare: 'probe_int' })).rows).toEqual([
      { x: 5 },
    ]);
    await expect(
      fresh.db.query('SELECT nope FROM prep_probe', [], { prepare: 'probe_bad' }),
    ).rejects.toThrow();
    expect((await fresh.db.query('SELECT count(*)::int AS c FROM prep_probe')).rows).toEqual([{ c: 2 }]);
  });

  // PGlite only: node-postgres keeps its own list of what each connection has prepared (nothing here
  // ever runs DEALLOCATE; this is about PGlite's one session).
  // (registered for PGlite only, rather than skipped on PostgreSQL: there is nothing to check there)
  if (engine === 'pglite')
    test('a statement the session lost is prepared again', async () => {
      const text = 'SELECT count(*)::int AS c FROM prep_probe WHERE k <> $1';
      expect((await fresh.db.query(text, ['x'], { prepare: 'probe_lost' })).rows).toEqual([{ c: 2 }]);
      await fresh.db.query('DEALLOCATE ALL');
      expect((await fresh.db.query(text, ['a'], { prepare: 'probe_lost' })).rows).toEqual([{ c: 1 }]);
    });

  test('a prepared read outside a transaction never sees its uncommitted rows', async () => {
    let inserted!: () => void;
    const insertedP = new Promise<void>((r) => {
      inserted = r;
    });
    let finish!: () => void;
    const finishP = new Promise<void>((r) => {
      finish = r;
    });
    const tx = fresh.db.transaction(async (t) => {
      await t.query(`INSERT INTO prep_probe VALUES ('c', 3, null)`);
      inserted();
      await finishP;
      throw new Error('roll back');
    });
    await insertedP;
    const read = fresh.db.query('SELECT count(*)::int AS c FROM prep_probe', [], { prepare: 'probe_count' });
    // let the read reach the database (on PGlite it must wait for the transaction's end)
    await new Promise((r) => setTimeout(r, 50));
    finish();
    await expect(tx).rejects.toThrow('roll back');
    expect((await read).rows).toEqual([{ c: 2 }]);
  });
});
