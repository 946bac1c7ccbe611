/**
 * Starts the real server for the browser tests: `src/cli/main.ts serve` on a spare loopback port with
 * a fresh embedded database in a temporary folder, and reads the demo sign-ins it prints.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
  url: string;
  /** login → password, as the server printed them */
  signIns: Map<string, string>;
  output: () => string;
  stop: () => Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Reads the demo sign-ins `serve` prints:
 *   Demo sign-ins / 演示账号 (password / 密码: <password>):
 *     hr         hr          吴人事
 */
export function parseSignIns(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const pw = /password[^:：]*[:：]\s*([^)\s]+)\)/i.exec(text)?.[1];
  if (!pw) return out;
  for (const line of text.split('\n')) {
    const m = /^\s{2}(\S+)\s+(admin|hr|committee|supervisor|employee)\s/.exec(line);
    if (m) out.set(m[1]!, pw);
  }
  return out;
}

export async function startServer(root: string): Promise<RunningServer> {
  // For working on the tests: drive a server that is already running (SHOPKPI_E2E_URL) with the
  // sign-ins given as "login:password,…" in SHOPKPI_E2E_SIGNINS.
  const external = process.env.SHOPKPI_E2E_URL;
  if (external) {
    const signIns = new Map(
      (process.env.SHOPKPI_E2E_SIGNINS ?? '').split(',').map((p) => p.split(':') as [string, string]),
    );
    return { url: external, signIns, output: () => '', stop: async () => undefined };
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'shopkpi-e2e-db-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', String(port)],
    {
      cwd: root,
      // a fresh embedded database: no DATABASE_URL, PGlite in a temporary folder
      env: {
        ...process.env,
        DATABASE_URL: '',
        SHOPKPI_DATA_DIR: dataDir,
        SHOPKPI_DEMO_PASSWORD: `e2e-${port}-${Date.now()}`,
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`server did not answer within 180 s:\n${out}`);
    }
    try {
      const r = await fetch(`${url}api/openapi.json`);
      if (r.ok && parseSignIns(out).size > 0) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    signIns: parseSignIns(out),
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
