/**
 * `shopkpi backup --out <file>` and `shopkpi restore <file>`: one company's data to a JSON-lines file and
 * back, exactly (format in docs/database.md).
 */
import { backupCompany, restoreCompany } from '../db/backup.ts';
import { openDb } from '../db/open-db.ts';
import { parseArgs } from './args.ts';
import type { Command } from './command.ts';

const WHERE = `The database is PostgreSQL when DATABASE_URL is set, else PGlite in SHOPKPI_DATA_DIR (default
.data/pglite).`;

export const backupCommand: Command = {
  summary: "write a company's data to a backup file (备份)",
  help: `shopkpi backup --out <file.jsonl> [--company <id>]

Writes every row of the company (--company, else SHOPKPI_COMPANY, else "default") to a JSON-lines file:
stores, facts, import batches and recorded changes, amounts digit for digit. ${WHERE}`,
  async run(args, io) {
    const p = parseArgs(args, { values: ['out', 'company'] });
    const out = p.values.get('out');
    if (!out || p.positionals.length > 0) {
      io.stderr.write('usage: shopkpi backup --out <file.jsonl> [--company <id>]\n');
      return 2;
    }
    const company = p.values.get('company') ?? process.env.SHOPKPI_COMPANY ?? 'default';
    const db = await openDb();
    try {
      const s = await backupCompany(db, company, out);
      io.stdout.write(`backed up company ${s.company}: ${s.rows} rows → ${out}\n`);
      for (const [table, n] of Object.entries(s.byTable))
        if (n > 0) io.stdout.write(`  ${table.padEnd(20)} ${n}\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};

export const restoreCommand: Command = {
  summary: "replace a company's data with a backup file (恢复)",
  help: `shopkpi restore <file.jsonl>

Replaces all data of the company named in the backup with the file's rows, in one transaction: a
truncated or damaged file changes nothing. ${WHERE}`,
  async run(args, io) {
    const p = parseArgs(args, {});
    const file = p.positionals[0];
    if (!file || p.positionals.length > 1) {
      io.stderr.write('usage: shopkpi restore <file.jsonl>\n');
      return 2;
    }
    const db = await openDb();
    try {
      const s = await restoreCompany(db, file);
      io.stdout.write(`restored company ${s.company}: ${s.rows} rows from ${file}\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
