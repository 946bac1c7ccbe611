/**
 * drizzle-kit configuration: generates SQL migrations from src/db/schema.ts into drizzle/.
 * Timestamp prefixes so that migrations written on two branches never take the same number.
 * Run `npm run db:generate` after changing the schema; `npm run db:migrate` applies them.
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
  migrations: { prefix: 'timestamp' },
  strict: true,
});
