/**
 * A process killed (SIGKILL: no cleanup, no rollback by us) in the middle of an import leaves the
 * database exactly as it was: the file's one transaction never committed. On PGlite this also checks
 * that the data folder recovers on the next open.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCompany, upsertStores } from '../db/company-repository.ts';
import { openDb } from '../db/open-db.ts';
import { freshDb, snapshot, TEST_ENGINES } from '../db/testing.ts';
import { importFile } from './import-service.ts';
import { writeOrdersCsv } from './testing/orders-csv.ts';

const CO = 'acme';
const CHILD = fileURLToPath(new URL('./testing/import-child.ts', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx/cli');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shopkpi-kill-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface ChildEnd {
  signal: NodeJS.Signals | null;
  killedAt: string;
  output: string;
}

/** Runs the import child and SIGKILLs it once `shouldKill` accepts a progress line. */
function runAndKill(
  args: string[],
  shouldKill: (line: string) => boolean,
  delayMs: number,
): Promise<ChildEnd> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let killedAt = '';
    let buffer = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => {
      output += s;
    });
    child.stdout.on('data', (s: string) => {
      output += s;
      buffer += s;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (!killedAt && shouldKill(line)) {
          killedAt = line;
          setTimeout(() => child.kill('SIGKILL'), delayMs);
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, killedAt, output }));
  });
}

describe.each(TEST_ENGINES)('an import killed half-way on %s', (engine) => {
  it('leaves the database as it was before the import', async () => {
    const f = await freshDb(engine, { persistent: true });
    try {
      await ensureCompany(f.db, CO);
      await upsertStores(f.db, CO, [
        { code: 'TM01', name: '天猫旗舰店', platform: 'tmall', currency: 'CNY', timeZone: 'Asia/Shanghai' },
      ]);
      const first = join(dir, `first-${engine}.csv`);
      await writeOrdersCsv(first, 2000);
      await importFile(f.db, CO, first, { store: 'TM01' });
      const before = await snapshot(f.db);
      // PGlite is one process's database: the child can only open the folder once we have let go of it.
      if (engine === 'pglite') await f.db.close();

      // the big file overlaps the first one (so it takes the compare-and-replace path) and is long
      const big = join(dir, `big-${engine}.csv`);
      await writeOrdersCsv(big, 150_000, { start: 1500 });
      const end = await runAndKill(
        [JSON.stringify(f.options), big, 'TM01', CO],
        (line) => {
          const [phase, done, total] = line.split(' ');
          // PGlite hands COPY its input whole: kill once all of it was handed over (the COPY runs);
          // PostgreSQL streams it: kill half-way through the stream.
          return (
            phase === 'write' && Number(done) >= (engine === 'pglite' ? Number(total) : Number(total) / 2)
          );
        },
        engine === 'pglite' ? 300 : 0,
      );
      expect(end.killedAt, end.output).not.toBe('');
      expect(end.signal, end.output).toBe('SIGKILL');
      expect(end.output).not.toContain('committed');

      const db = engine === 'pglite' ? await openDb(f.options) : f.db;
      try {
        expect(await snapshot(db)).toEqual(before);
      } finally {
        if (engine === 'pglite') await db.close();
      }
    } finally {
      await f.dispose();
    }
  }, 300_000);
});
