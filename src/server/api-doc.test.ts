/**
 * docs/api.md is the contract with the UI and any other client: it must list every route the app
 * registers, with the id, method, path and roles `defineRoute` gives it, and name no route that does not
 * exist. This test reads the doc's route tables (`| METHOD | /api/… | \`id\` | who | … |`) and its prose
 * mentions ("`POST /api/jobs/open-month`") and compares them with the routes of a real app, so the doc
 * cannot drift from the code again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROLES } from '../app/actor.ts';
import { type FreshDb, freshDb } from '../db/testing.ts';
import { createApp } from './app.ts';
import type { Access, RouteDef } from './route-table.ts';

const DOC_PATH = join(import.meta.dirname, '..', '..', 'docs', 'api.md');
const METHODS = 'GET|POST|PUT|PATCH|DELETE';

/** Served by the app itself (app.doc31, app.get), not declared with defineRoute. */
const NOT_DEFINE_ROUTE = new Set(['GET /api/openapi.json', 'GET /api/docs']);

/** `/api/months/{m}/forms/{employee}?x=` → `/api/months/{}/forms/{}`: parameter names may differ. */
function normalisePath(path: string): string {
  return path
    .trim()
    .replace(/[?#].*$/, '')
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\/+$/, '');
}

const key = (method: string, path: string) => `${method.toUpperCase()} ${normalisePath(path)}`;

interface DocRow {
  key: string;
  /** the id cell without backticks; '' when the row names no route id (—) */
  id: string;
  who: string;
  line: number;
}

/** The route-table rows of the doc: `| METHOD | path[, path] | id | who | body → answer |`. */
function docRows(doc: string): DocRow[] {
  const rows: DocRow[] = [];
  const re = new RegExp(`^\\|\\s*(${METHODS})\\s*\\|([^|]*)\\|([^|]*)\\|((?:[^|\\\\]|\\\\.)*)\\|`);
  doc.split('\n').forEach((text, i) => {
    const m = re.exec(text);
    if (!m) return;
    const idCell = m[3]!.trim();
    const id = /^`([^`]+)`$/.exec(idCell)?.[1] ?? '';
    // one cell may name two paths ("/api/openapi.json, /api/docs"); a query may hold commas (?months=a,b)
    for (const path of m[2]!.split(/,\s*(?=\/api\/)/))
      rows.push({ key: key(m[1]!, path), id, who: m[4]!.trim(), line: i + 1 });
  });
  return rows;
}

/** Every "METHOD /api/…" the prose mentions (inside backticks or not). */
function docMentions(doc: string): { key: string; line: number }[] {
  const out: { key: string; line: number }[] = [];
  const re = new RegExp(`\\b(${METHODS}) (/api/[^\\s\`),;|]*[^\\s\`),;|.])`, 'g');
  doc.split('\n').forEach((text, i) => {
    for (const m of text.matchAll(re)) out.push({ key: key(m[1]!, m[2]!), line: i + 1 });
  });
  return out;
}

/**
 * The roles a "who" cell grants, read from the text before the first ';' (what follows is ownership the
 * services check): `anyone`, `signed in`, `all roles`, or role names; parenthetical remarks are ignored.
 */
function whoAccess(who: string): string {
  const head = (who.split(';')[0] ?? '').replace(/\([^)]*\)/g, '').trim();
  if (head === 'anyone') return 'public';
  if (head === 'signed in') return 'signed-in';
  const roles = head === 'all roles' ? [...ROLES] : head.split(',').map((r) => r.trim());
  return [...roles].sort().join(',');
}

const accessText = (a: Access): string => (typeof a === 'string' ? a : [...a].sort().join(','));

let fresh: FreshDb;
let routes: RouteDef[];
const doc = readFileSync(DOC_PATH, 'utf8');

beforeAll(async () => {
  fresh = await freshDb('pglite');
  routes = createApp({ db: fresh.db, webRoot: join(import.meta.dirname, 'no-web-root') }).routes;
});

afterAll(async () => {
  await fresh?.dispose();
});

describe('docs/api.md lists every route the app registers', () => {
  test('the parsers read what they should (a sample of the doc format)', () => {
    const sample = [
      '| method | path | id | who | body → answer |',
      '| PUT | /api/months/{m}/forms/{e}/ratings | `forms.rate` | supervisor, employee; own | `{a\\|b}` → x |',
      '| GET | /api/openapi.json, /api/docs | — | anyone | the document |',
      'the UI uses `POST /api/jobs/open-month`, see GET /api/jobs/{id}.',
    ].join('\n');
    expect(docRows(sample)).toEqual([
      {
        key: 'PUT /api/months/{}/forms/{}/ratings',
        id: 'forms.rate',
        who: 'supervisor, employee; own',
        line: 2,
      },
      { key: 'GET /api/openapi.json', id: '', who: 'anyone', line: 3 },
      { key: 'GET /api/docs', id: '', who: 'anyone', line: 3 },
    ]);
    expect(docMentions(sample).map((m) => m.key)).toEqual(['POST /api/jobs/open-month', 'GET /api/jobs/{}']);
    expect(whoAccess('admin, hr, committee (the expert group)')).toBe('admin,committee,hr');
    expect(whoAccess('all roles; supervisor: team')).toBe([...ROLES].sort().join(','));
  });

  test('each registered route has a table row with its id and roles', () => {
    expect(routes.length).toBeGreaterThan(50);
    const rows = docRows(doc);
    const missing: string[] = [];
    const wrong: string[] = [];
    for (const r of routes) {
      const k = key(r.method, r.path);
      const row = rows.find((x) => x.key === k);
      if (!row) {
        missing.push(`${k} (${r.id})`);
        continue;
      }
      if (row.id !== r.id) wrong.push(`line ${row.line}: ${k} has id '${row.id}', the code says '${r.id}'`);
      if (whoAccess(row.who) !== accessText(r.access))
        wrong.push(`line ${row.line}: ${k} says who '${row.who}', the code allows '${accessText(r.access)}'`);
    }
    // one assertion, so a failure shows both lists: routes the doc lacks, rows that disagree with the code
    expect({ missing, wrong }).toEqual({ missing: [], wrong: [] });
  });

  test('every route the doc names exists, and no route is listed twice', () => {
    const registered = new Set(routes.map((r) => key(r.method, r.path)));
    const rows = docRows(doc);
    const unknown = [...rows, ...docMentions(doc)]
      .filter((m) => !registered.has(m.key) && !NOT_DEFINE_ROUTE.has(m.key))
      .map((m) => `line ${m.line}: ${m.key}`);
    expect(unknown, 'docs/api.md names routes the app does not register').toEqual([]);
    const seen = new Map<string, number>();
    const twice: string[] = [];
    for (const r of rows) {
      const at = seen.get(r.key);
      if (at !== undefined) twice.push(`${r.key}: lines ${at} and ${r.line}`);
      else seen.set(r.key, r.line);
    }
    expect(twice).toEqual([]);
  });
});
