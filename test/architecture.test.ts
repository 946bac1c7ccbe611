/**
 * The shape of the code (engineering.md): dependencies point one way. `core` is pure (no I/O, no database,
 * no Node built-ins, nothing of ours outside core); `db` and `import` sit below `app`, `server` and `cli`.
 * This reads every import of every file, so a new file cannot slip past it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

function filesUnder(dir: string): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : filesUnder(path);
    return /\.(ts|tsx|mts|cts|js|mjs)$/.test(e.name) ? [path] : [];
  });
}

/**
 * Every module specifier a file names: static imports and re-exports (also `import type`), side-effect
 * imports, dynamic import() and require(). Comments are removed first so that an example in a doc comment
 * does not count.
 */
function specifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const out: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
    /\brequire\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) out.push(m[1]!);
  return out;
}

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]!]));

/** The top folder of src/ an import lands in ('core', 'db', …), or undefined for a package. */
function srcArea(fromFile: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const target = resolve(dirname(fromFile), spec);
  const rel = relative(SRC, target);
  if (rel.startsWith('..')) return `outside src (${relative(ROOT, target)})`;
  return rel.split(sep)[0];
}

/** Production files of an area; tests may read fixtures from disk, so they are not held to the rule. */
function sourcesOf(area: string): string[] {
  return filesUnder(join(SRC, area)).filter((f) => !/\.(test|bench)\.[cm]?[jt]sx?$/.test(f));
}

function violations(
  area: string,
  allowed: (spec: string, targetArea: string | undefined) => boolean,
): string[] {
  const out: string[] = [];
  for (const file of sourcesOf(area)) {
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (!allowed(spec, srcArea(file, spec))) out.push(`${relative(ROOT, file)} imports '${spec}'`);
    }
  }
  return out;
}

describe('architecture', () => {
  it('finds the import forms it must check', () => {
    expect(
      specifiers(
        [
          "import { a } from '../../db/x.ts';",
          "import type { B } from 'node:fs';",
          "export { c } from './c.ts';",
          "import './side-effect.ts';",
          "const m = await import('../app/y.ts');",
          "const f = require('fs');",
          "// import { z } from 'node:path';",
          "/** @example import { q } from '../cli/main.ts' */",
          'import {\n  d,\n  e,\n} from "../server/routes.ts";',
        ].join('\n'),
      ).sort(),
    ).toEqual(
      [
        '../../db/x.ts',
        '../app/y.ts',
        '../server/routes.ts',
        './c.ts',
        './side-effect.ts',
        'fs',
        'node:fs',
      ].sort(),
    );
  });

  it('src/core exists and has files to check', () => {
    expect(sourcesOf('core').length).toBeGreaterThan(20);
    expect(sourcesOf('core').some((f) => f.endsWith('score-form.ts'))).toBe(true);
  });

  it('core is pure: no Node built-ins, nothing of ours outside core', () => {
    const bad = violations('core', (spec, target) => {
      if (spec.startsWith('node:') || BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0]!)) return false;
      return target === undefined || target === 'core';
    });
    expect(bad).toEqual([]);
  });

  it('db and import never import app, server, cli or web', () => {
    const upper = new Set(['app', 'server', 'cli', 'web']);
    for (const area of ['db', 'import']) {
      const bad = violations(area, (_spec, target) => target === undefined || !upper.has(target));
      expect(bad).toEqual([]);
    }
  });

  it('db uses only core below it (not import, app, server, cli)', () => {
    const bad = violations(
      'db',
      (_spec, target) => target === undefined || target === 'db' || target === 'core',
    );
    expect(bad).toEqual([]);
  });
});
