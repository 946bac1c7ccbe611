/** Sign-in, sign-out and "who am I" (docs/api.md "Sessions and CSRF"). */
import { z } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Actor } from '../../app/actor.ts';
import { SESSION_HOURS, signIn, signOut } from '../../app/auth-service.ts';
import { actorOf, add, type Registrar } from '../registrar.ts';
import { defineRoute } from '../route-table.ts';
import { AuthAnswerSchema, answer } from '../schemas.ts';

export const SESSION_COOKIE = 'shopkpi_sid';

const userOf = (a: Actor) => ({
  id: a.userId,
  login: a.login,
  name: a.name,
  role: a.role,
  employee: a.employee,
  company: a.company,
});

const LoginBody = z
  .object({ login: z.string().min(1).max(100), password: z.string().min(1).max(200) })
  .openapi('Login');

export function authRoutes(r: Registrar): void {
  r.app.openapi(
    add(
      r,
      defineRoute('auth.login', 'public', {
        method: 'post',
        path: '/api/auth/login',
        summary: 'Sign in (登录)',
        request: { body: { content: { 'application/json': { schema: LoginBody } }, required: true } },
        responses: {
          ...answer(AuthAnswerSchema, 'signed in; sets the session cookie'),
          429: { description: 'too many failed sign-ins' },
        },
      }),
    ),
    async (c) => {
      const { login, password } = c.req.valid('json');
      const ip = c.get('clientIp');
      const s = await signIn(r.db, login, password, ip);
      setCookie(c, SESSION_COOKIE, s.sessionId, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        secure: new URL(c.req.url).protocol === 'https:',
        maxAge: SESSION_HOURS * 3600,
      });
      return c.json({ user: userOf(s.actor), csrfToken: s.csrfToken }, 200);
    },
  );

  r.app.openapi(
    add(
      r,
      defineRoute('auth.logout', 'signed-in', {
        method: 'post',
        path: '/api/auth/logout',
        summary: 'Sign out',
      }),
    ),
    async (c) => {
      const sid = c.get('sessionId');
      if (sid) await signOut(r.db, sid);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ ok: true }, 200);
    },
  );

  r.app.openapi(
    add(
      r,
      defineRoute('auth.me', 'signed-in', {
        method: 'get',
        path: '/api/auth/me',
        summary: 'Who am I, and my CSRF token',
        responses: answer(AuthAnswerSchema),
      }),
    ),
    (c) => c.json({ user: userOf(actorOf(c)), csrfToken: c.get('csrf') }, 200),
  );
}
