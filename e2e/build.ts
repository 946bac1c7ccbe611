/**
 * Builds the UI for the browser tests once per run: into SHOPKPI_WEB_ROOT when set (so that several
 * people or test files can build side by side without overwriting each other's files), else dist/web.
 * A build newer than every file under src/web is reused; SHOPKPI_E2E_NO_BUILD=1 reuses any build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** The folder the server will serve the UI from (what SHOPKPI_WEB_ROOT says, else dist/web). */
export function webRoot(root: string): string {
  return resolve(root, process.env.SHOPKPI_WEB_ROOT || 'dist/web');
}

export function buildWeb(root: string): void {
  const out = webRoot(root);
  const index = join(out, 'index.html');
  if (existsSync(index)) {
    if (process.env.SHOPKPI_E2E_NO_BUILD === '1') return;
    const sources = Math.max(newest(join(root, 'src/web')), statSync(join(root, 'vite.config.ts')).mtimeMs);
    if (statSync(index).mtimeMs > sources) return;
  }
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--logLevel',
      'warn',
      '--outDir',
      out,
      '--emptyOutDir',
    ],
    {
      cwd: root,
      stdio: 'inherit',
      // vitest runs with NODE_ENV=test, which would give a development build of React and antd
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
}
