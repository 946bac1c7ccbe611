/**
 * `shopkpi serve`: the web application on 127.0.0.1:PORT over the embedded database in .data/ (or
 * DATABASE_URL), loading the demo company on first start and printing the address and demo sign-ins.
 */
import { serve } from '@hono/node-server';
import { demoSignIns, hasDemoCompany, loadDemoCompany } from '../app/demo-company.ts';
import { openDb } from '../db/open-db.ts';
import { createApp } from '../server/app.ts';
import { parseArgs } from './args.ts';
import type { Command } from './command.ts';

/** The demo sign-ins' password: printed on start, protects nothing real (set SHOPKPI_DEMO_PASSWORD to change). */
const DEMO_PASSWORD = process.env.SHOPKPI_DEMO_PASSWORD ?? 'shopkpi-demo';

export const serveCommand: Command = {
  summary: 'start the web application (启动网页应用)',
  help: [
    'shopkpi serve [--port 3000] [--host 127.0.0.1] [--no-demo]',
    '',
    'Starts the server on the embedded database in .data/pglite (or DATABASE_URL). On first start it loads',
    'the demo company (14 people, 3 stores, two years of store data, the six benchmark templates, 2026-08 and',
    '2026-09 appraised and closed, 2026-10 left to open) and prints',
    'the demo sign-ins. The UI (dist/web, when built) is served at /, the API under /api (docs at /api/docs).',
  ].join('\n'),
  async run(args, io) {
    const p = parseArgs(args, { values: ['port', 'host'], flags: ['no-demo'] });
    const port = Number(p.values.get('port') ?? process.env.PORT ?? 3000);
    const host = p.values.get('host') ?? '127.0.0.1';
    const db = await openDb();
    io.stdout.write(`database: ${db.engine} ${db.location}\n`);
    let signIns: { login: string; role: string; name: string }[] | null = null;
    if (!p.flags.has('no-demo') && !(await hasDemoCompany(db))) {
      io.stdout.write('loading the demo company (first start, ~20 s) / 首次启动，正在载入演示公司…\n');
      signIns = await loadDemoCompany(db, DEMO_PASSWORD, { history: true });
    }
    // SHOPKPI_WEB_ROOT: serve a UI built elsewhere (the browser tests build into their own folder)
    const { app } = createApp({ db, webRoot: process.env.SHOPKPI_WEB_ROOT || undefined });
    const server = serve({ fetch: app.fetch, port, hostname: host });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    io.stdout.write(
      `\nshopkpi is running: http://${host}:${port}/   (API docs: http://${host}:${port}/api/docs)\n`,
    );
    if (signIns || (await hasDemoCompany(db))) {
      io.stdout.write(`\nDemo sign-ins / 演示账号 (password / 密码: ${DEMO_PASSWORD}):\n`);
      const list = signIns ?? demoSignIns();
      for (const s of list) io.stdout.write(`  ${s.login.padEnd(10)} ${s.role.padEnd(11)} ${s.name}\n`);
      io.stdout.write('\nTry: sign in as hr, open 2026-10, rate as director, confirm as e001.\n');
    }
    await new Promise<void>((resolve) => {
      const stop = () => {
        server.close();
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await db.close();
    return 0;
  },
};
