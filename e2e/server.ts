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
 * Demo sign-in lines look like `  hr  吴人事  hr / <password>` or `login: hr  password: …`; this reads
 * "<login> / <password>" pairs and "login: x password: y" pairs, whichever the server prints.
 */
export function parseSignIns(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const a = /login[:：]\s*(\S+).*?password[:：]\s*(\S+)/i.exec(line);
    if (a) {
      out.set(a[1]!, a[2]!);
      continue;
    }
    const b = /(?:^|\s)([A-Za-z][\w.-]*)\s+\/\s+(\S+)\s*$/.exec(line);
    if (b && !line.includes('http')) out.set(b[1]!, b[2]!);
  }
  return out;
}

export async function startServer(root: string): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'shopkpi-e2e-db-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', String(port), '--data', dataDir],
    { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
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
