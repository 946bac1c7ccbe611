/**
 * The HTTP application (Hono): `/api/*` routes validated with zod and described by an OpenAPI document,
 * sessions from the cookie, CSRF on every state-changing request, the one error table, and the built UI
 * at `/`. Built by a function so tests call `app.request()` with no socket.
 */
import { timingSafeEqual } from 'node:crypto';
import { resolve } from 'node:path';
import { getConnInfo } from '@hono/node-server/conninfo';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { forgetSessions, sessionOf } from '../app/auth-service.ts';
import type { Problem } from '../core/errors.ts';
import type { Db } from '../db/open-db.ts';
import { DOCS_PAGE } from './docs-page.ts';
import { errorBody, respondError } from './http-errors.ts';
import type { Registrar } from './registrar.ts';
import type { Env, RouteDef } from './route-table.ts';
import { authRoutes, SESSION_COOKIE } from './routes/auth-routes.ts';
import { cycleRoutes } from './routes/cycle-routes.ts';
import { jobRoutes } from './routes/job-routes.ts';
import { kpiDesignRoutes } from './routes/kpi-design-routes.ts';
import { ledgerRoutes } from './routes/ledger-routes.ts';
import { miscRoutes } from './routes/misc-routes.ts';
import { orgRoutes } from './routes/org-routes.ts';
import { sheetRoutes } from './routes/sheet-routes.ts';
import { templateRoutes } from './routes/template-routes.ts';
import { userRoutes } from './routes/user-routes.ts';
import { serveWeb, webRootExists } from './static-files.ts';

export interface AppOptions {
  db: Db;
  /** folder of the built UI; default dist/web under the current folder (served only if it exists) */
  webRoot?: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Requests that need no CSRF token: signing in starts the session the token belongs to. */
const NO_CSRF = new Set(['/api/auth/login']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createApp(opts: AppOptions): { app: OpenAPIHono<Env>; routes: RouteDef[] } {
  const app = new OpenAPIHono<Env>({
    // A body or query that does not match its schema: 400 with one problem per path.
    defaultHook: (result, c) => {
      if (result.success) return;
      const problems: Problem[] = result.error.issues.map((i) => ({
        severity: 'error',
        code: 'schema',
        message: { zh: i.message, en: i.message },
        where: { path: i.path.map(String).join('.') },
      }));
      return c.json(
        errorBody('invalid_input', { zh: '请求内容不符合要求', en: 'the request is not valid' }, problems),
        400,
      );
    },
  });
  const db = opts.db;

  app.use('*', secureHeaders({ crossOriginEmbedderPolicy: false }));
  const limitBody = bodyLimit({ maxSize: 2 * 1024 * 1024 });
  // A GET has no body to limit; asking builds the full Request object, a noticeable cost per read.
  app.use('/api/*', (c, next) => (SAFE_METHODS.has(c.req.method) ? next() : limitBody(c, next)));
  app.use('/api/*', async (c, next) => {
    let ip = 'local';
    // app.request() in tests has no socket (no env.incoming): asking would throw, which costs more than
    // the request itself
    if ((c.env as { incoming?: unknown } | undefined)?.incoming)
      try {
        ip = getConnInfo(c).remote.address ?? 'local';
      } catch {
        // a socket already gone
      }
    c.set('clientIp', ip);
    c.set('actor', null);
    c.set('csrf', null);
    c.set('sessionId', null);
    const sid = getCookie(c, SESSION_COOKIE);
    if (sid && sid.length <= 100) {
      const s = await sessionOf(db, sid);
      if (s) {
        c.set('actor', s.actor);
        c.set('csrf', s.csrfToken);
        c.set('sessionId', sid);
      }
    }
    // Double-submit: a state-changing request must echo the session's token in a header, which a
    // cross-site form or image cannot set.
    if (!SAFE_METHODS.has(c.req.method) && !NO_CSRF.has(c.req.path)) {
      const want = c.get('csrf');
      const got = c.req.header('x-csrf-token') ?? '';
      if (want && !sameToken(got, want))
        return c.json(
          errorBody('forbidden', {
            zh: '缺少或错误的 CSRF 令牌（x-csrf-token）',
            en: 'missing or wrong CSRF token (x-csrf-token)',
          }),
          403,
        );
    }
    await next();
    // A write may have changed who a session is (sign-out, password, role, a user removed): the next
    // request reads its session from the database again. Reads, the bulk of the traffic, keep the cache.
    if (!SAFE_METHODS.has(c.req.method)) forgetSessions(db);
    return undefined;
  });

  const reg: Registrar = { app, db, routes: [] };
  authRoutes(reg);
  orgRoutes(reg);
  templateRoutes(reg);
  cycleRoutes(reg);
  miscRoutes(reg);
  kpiDesignRoutes(reg);
  userRoutes(reg);
  sheetRoutes(reg);
  ledgerRoutes(reg);
  jobRoutes(reg);

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'shopkpi',
      version: '0.1.0',
      description:
        'KPI appraisal for e-commerce teams. Session cookie + x-csrf-token header on every non-GET request (docs/api.md).',
    },
  });
  app.get('/api/docs', (c) => c.html(DOCS_PAGE));
  app.all('/api/*', (c) =>
    c.json(errorBody('not_found', { zh: '没有这个接口', en: 'no such API route' }), 404),
  );
  const webRoot = resolve(opts.webRoot ?? 'dist/web');
  app.get('*', async (c) => {
    if (!webRootExists(webRoot))
      return c.text(
        'shopkpi API server. The UI is not built (npm run build:web); the API is at /api/docs.',
        200,
      );
    return serveWeb(c, webRoot);
  });
  app.onError((err, c) => respondError(err, c));
  return { app, routes: reg.routes };
}
