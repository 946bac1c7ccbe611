/**
 * A small argument reader for the CLI: `--flag`, `--key value`, `--key=value` and positionals, with a
 * clear error for an unknown option (a typo must not silently change what a command does).
 */
import { AppError } from '../core/errors.ts';

export interface Parsed {
  positionals: string[];
  flags: Set<string>;
  values: Map<string, string>;
}

export function parseArgs(args: string[], spec: { flags?: string[]; values?: string[] }): Parsed {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const positionals: string[] = [];
  const knownFlags = new Set(spec.flags ?? []);
  const knownValues = new Set(spec.values ?? []);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const key = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    if (knownFlags.has(key) && eq < 0) {
      flags.add(key);
    } else if (knownValues.has(key)) {
      const value = eq >= 0 ? a.slice(eq + 1) : args[++i];
      if (value === undefined)
        throw new AppError('invalid_input', { zh: `--${key} 需要一个值`, en: `--${key} needs a value` });
      values.set(key, value);
    } else {
      throw new AppError('invalid_input', { zh: `未知选项 ${a}`, en: `unknown option ${a}` });
    }
  }
  return { positionals, flags, values };
}
