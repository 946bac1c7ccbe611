// Builds the web UI (dist/web) before `npm start` when it is missing or older than its sources, so that a
// fresh clone starts the whole product with one command.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const built = 'dist/web/index.html';
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
const stale = !existsSync(built) || newest('src/web') > statSync(built).mtimeMs;
if (stale) {
  process.stderr.write('building the web UI (once) … / 正在构建网页界面（仅首次）…\n');
  const r = spawnSync('npm', ['run', 'build:web', '--silent'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  process.exit(r.status ?? 1);
}
