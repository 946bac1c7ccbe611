#!/usr/bin/env node
/**
 * The shopkpi command line. One file per noun in this folder; each exports a {@link Command}.
 * Commands are registered in the explicit map below, not by import side effects.
 */
import { AppError, describeProblem } from '../core/errors.ts';
import { backupCommand, restoreCommand } from './backup.ts';
import { checkCommand } from './check.ts';
import type { Command } from './command.ts';
import { demoCommand } from './demo.ts';
import { importCommand } from './import.ts';
import { metricsCommand } from './metrics.ts';
import { payCommand } from './pay.ts';
import { rulesCommand } from './rules.ts';
import { scoreCommand } from './score.ts';
import { serveCommand } from './serve.ts';
import { sheetCommand } from './sheet.ts';

const COMMANDS: Record<string, Command> = {
  check: checkCommand,
  score: scoreCommand,
  demo: demoCommand,
  rules: rulesCommand,
  pay: payCommand,
  import: importCommand,
  backup: backupCommand,
  restore: restoreCommand,
  metrics: metricsCommand,
  serve: serveCommand,
  sheet: sheetCommand,
};

function usage(): string {
  const lines = [
    'shopkpi — KPI appraisal and pay for e-commerce teams / 电商团队绩效与薪酬',
    '',
    'Commands:',
  ];
  for (const [name, cmd] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)} ${cmd.summary}`);
  lines.push('', 'Run `shopkpi <command> --help` for a command’s options.');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 1;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    process.stderr.write(`unknown command: ${name}\n\n${usage()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${cmd.help}\n`);
    return 0;
  }
  try {
    return await cmd.run(rest, { stdout: process.stdout, stderr: process.stderr });
  } catch (err) {
    if (err instanceof AppError) {
      process.stderr.write(`error [${err.code}]: ${err.text.en} / ${err.text.zh}\n`);
      for (const p of err.problems) process.stderr.write(`  ${describeProblem(p)}\n`);
      return 1;
    }
    throw err;
  }
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isEntry || process.argv[1]?.endsWith('main.ts')) {
  // `shopkpi … | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 70;
    },
  );
}
