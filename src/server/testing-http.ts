/**
 * Test support for API tests (not shipped behaviour): the demo company on a fresh database behind an
 * in-process app (`app.request()`, no socket), signing in as a login, and calling a route as a session.
 * The route tests all did this the same way; here it is written once.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, expect } from 'vitest';
import { loadDemoCompany } from '../app/demo-company.ts';
import type { Db, Engine } from '../db/open-db.ts';
import { APP_TABLES } from '../db/schema-app.ts';
import { type FreshDb, freshDb } from '../db/testing.ts';
import { createApp } from './app.ts';
import type { Env, RouteDef } from './route-table.ts';

/** Every demo sign-in's password in tests. */
export const TEST_PASSWORD = 'test-password-1';

export type Json = Record<string, unknown>;

/** What a call sends as someone: the session cookie and the CSRF token for non-GET calls. */
export interface Credentials {
  cookie: string;
  csrf: string;
}

/** A signed-in session of `login`. */
export interface TestSession extends Credentials {
  login: string;
  /** the whole Set-Cookie header of the sign-in, for tests of its attributes */
  setCookie: string;
}

/** An error answer's body (errorBody in src/server). */
export interface ErrorJson {
  code: string;
  problems: { code: string; where: Record<string, unknown> }[];
  [k: string]: unknown;
}

export interface Answer<T> {
  status: number;
  /** the body as JSON, or `{ text }` when it is not JSON */
  json: T & { error?: ErrorJson };
  res: Response;
}

export interface CallOptions {
  /** a CSRF token other than the session's own; `false` sends none */
  csrf?: string | false;
  /** a body type other than JSON: the body is then sent as is */
  contentType?: string;
}

export interface TestApp {
  app: OpenAPIHono<Env>;
  routes: RouteDef[];
  db: Db;
  /**
   * Signs `login` in (once: later calls reuse the session, unless `anew` or another password is
   * given). Expects the sign-in to succeed.
   */
  login(login: string, opts?: { password?: string; anew?: boolean }): Promise<TestSession>;
  /** Forgets every kept session, so later `login`s sign in afresh. */
  forget(): void;
  /** Calls a route as `who` (a session, a login to sign in as, or nobody) with a JSON body. */
  call<T = Json>(
    who: Credentials | string | null,
    method: string,
    path: string,
    body?: unknown,
    opts?: CallOptions,
  ): Promise<Answer<T>>;
  dispose(): Promise<void>;
}

export interface TestAppOptions {
  /** changes to the demo company made before the app starts */
  prepare?: (db: Db) => Promise<void>;
}

/** The demo company (passwords TEST_PASSWORD) on a fresh `engine` database, served in-process. */
export async function startTestApp(engine: Engine, opts: TestAppOptions = {}): Promise<TestApp> {
  const fresh: FreshDb = await freshDb(engine);
  try {
    await loadDemoCompany(fresh.db, TEST_PASSWORD);
    await opts.prepare?.(fresh.db);
  } catch (e) {
    // nobody else holds the database yet to dispose of it
    await fresh.dispose();
    throw e;
  }
  const { app, routes } = createApp({ db: fresh.db, webRoot: '/nonexistent-web-root' });
  const sessions = new Map<string, TestSession>();

  async function call<T = Json>(
    who: Credentials | string | null,
    method: string,
    path: string,
    body?: unknown,
    callOpts: CallOptions = {},
  ): Promise<Answer<T>> {
    const s = typeof who === 'string' ? await login(who) : who;
    const headers: Record<string, string> = { 'content-type': callOpts.contentType ?? 'application/json' };
    if (s) {
      headers.cookie = s.cookie;
      if (callOpts.csrf !== false) headers['x-csrf-token'] = callOpts.csrf ?? s.csrf;
    }
    const raw = callOpts.contentType !== undefined && callOpts.contentType !== 'application/json';
    const res = await app.request(path, {
      method,
      headers,
      ...(body === undefined
        ? {}
        : { body: raw ? (body as NonNullable<RequestInit['body']>) : JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: Answer<T>['json'];
    try {
      json = JSON.parse(text) as Answer<T>['json'];
    } catch {
      json = { text } as unknown as Answer<T>['json'];
    }
    return { status: res.status, json, res };
  }

  async function login(name: string, o: { password?: string; anew?: boolean } = {}): Promise<TestSession> {
    const password = o.password ?? TEST_PASSWORD;
    const hit = sessions.get(name);
    if (hit && !o.anew && password === TEST_PASSWORD) return hit;
    const r = await call<{ csrfToken?: unknown }>(null, 'POST', '/api/auth/login', { login: name, password });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const setCookie = r.res.headers.get('set-cookie') ?? '';
    const s = { login: name, cookie: setCookie.split(';')[0]!, csrf: String(r.json.csrfToken), setCookie };
    sessions.set(name, s);
    return s;
  }

  return {
    app,
    routes,
    db: fresh.db,
    login,
    forget: () => sessions.clear(),
    call,
    dispose: () => fresh.dispose(),
  };
}

/**
 * `startTestApp` for a describe block: started in a `beforeAll` (registered first, so a block's own
 * `beforeAll` runs after it) and disposed in an `afterAll`. The handle may be kept and destructured at
 * once; its members work from the first `beforeAll` on.
 */
export function setUpTestApp(engine: Engine, opts: TestAppOptions = {}): TestApp {
  let t: TestApp | undefined;
  const started = (): TestApp => {
    if (!t) throw new Error('the test app is not started yet (use it inside beforeAll or a test)');
    return t;
  };
  beforeAll(async () => {
    t = await startTestApp(engine, opts);
  }, 240_000);
  afterAll(async () => {
    await t?.dispose();
  });
  return {
    get app() {
      return started().app;
    },
    get routes() {
      return started().routes;
    },
    get db() {
      return started().db;
    },
    login: (name, o) => started().login(name, o),
    forget: () => started().forget(),
    call: <T = Json>(
      who: Credentials | string | null,
      method: string,
      path: string,
      body?: unknown,
      o?: CallOptions,
    ) => started().call<T>(who, method, path, body, o),
    dispose: async () => {
      await t?.dispose();
    },
  };
}

/**
 * Everything in the application tables as one text of per-table hashes (sessions and failed sign-ins
 * aside: signing in writes them), to show a refused call changed nothing.
 */
export async function appState(db: Db): Promise<string> {
  const parts: string[] = [];
  for (const t of APP_TABLES) {
    if (t === 'app_session' || t === 'login_failure') continue;
    const r = await db.query<{ h: string | null }>(
      `SELECT md5(string_agg(to_jsonb(x)::text, '|' ORDER BY to_jsonb(x)::text)) AS h FROM ${t} x`,
    );
    parts.push(`${t}:${r.rows[0]?.h}`);
  }
  return parts.join('\n');
}
