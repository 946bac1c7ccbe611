/**
 * `npm run db:migrate`: applies pending migrations to the database openDb would open (DATABASE_URL, or
 * PGlite in SHOPKPI_DATA_DIR / .data/pglite). Opening the database migrates it anyway; this entry point
 * exists so that a deployment can migrate as a separate, visible step.
 */
import { openDb } from './open-db.ts';

const db = await openDb({ migrate: false });
await db.migrate();
process.stdout.write(`migrated ${db.engine} database at ${db.location}\n`);
await db.close();
