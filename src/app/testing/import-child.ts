/**
 * A child process for the "killed in the middle of an import" test: opens the database described by
 * argv[2] (JSON OpenDbOptions), imports argv[3] into store argv[4] of company argv[5], and reports its
 * progress on stdout, one line per step ("write <done> <total>", finally "committed"), so that the
 * parent can SIGKILL it at a known point.
 */
import { type OpenDbOptions, openDb } from '../../db/open-db.ts';
import { importFile } from '../import-service.ts';

const [optionsJson, file, store, company] = process.argv.slice(2);
if (!optionsJson || !file || !store || !company) {
  process.stderr.write('usage: import-child <options-json> <file> <store> <company>\n');
  process.exit(2);
}
const db = await openDb(JSON.parse(optionsJson) as OpenDbOptions);
process.stdout.write('opened\n');
const summary = await importFile(db, company, file, {
  store,
  onProgress: (p) => process.stdout.write(`${p.phase} ${p.done} ${p.total}\n`),
});
process.stdout.write(`committed ${summary.inserted}\n`);
await db.close();
