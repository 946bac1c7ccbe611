/**
 * The route table (路由表): every API route is declared here with who may call it. The access check
 * runs before body validation, so a role that may not call a route learns nothing about its input.
 * Ownership (own form, team's forms) is checked by the application services, which know the data.
 *
 * The permission tests walk {@link RouteDef}s registered on the app, so a new route cannot be
 * forgotten by them.
 */
import { createRoute, type RouteConfig, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { Actor, Role } from '../app/actor.ts';
import { AppError } from '../core/errors.ts';

export type Access = 'public' | 'signed-in' | readonly Role[];

export interface Env {
  Variables: { actor: Actor | null; csrf: string | null; sessionId: string | null; clientIp: string };
}

export interface RouteDef {
  /** stable name, e.g. "forms.rate" */
  id: string;
  method: RouteConfig['method'];
  /** OpenAPI style path, e.g. /api/months/{month} */
  path: string;
  access: Access;
}

/** Checks the role of the signed-in actor against a route's access. */
export function requireAccess(access: Access): MiddlewareHandler<Env> {
  return async (c, next) => {
    if (access === 'public') return next();
    const actor = c.get('actor');
    if (!actor) throw new AppError('unauthenticated', { zh: '请先登录', en: 'sign in first' });
    if (access !== 'signed-in' && !access.includes(actor.role))
      throw new AppError('forbidden', {
        zh: `角色 ${actor.role} 无权进行此操作`,
        en: `the role ${actor.role} may not do this`,
      });
    return next();
  };
}

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.object({ zh: z.string(), en: z.string() }),
      problems: z.array(z.unknown()),
    }),
  })
  .openapi('Error');

const errorResponses = {
  400: { description: 'invalid input', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'not signed in', content: { 'application/json': { schema: ErrorSchema } } },
  403: {
    description: 'not allowed (role, ownership or CSRF)',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  404: { description: 'not found', content: { 'application/json': { schema: ErrorSchema } } },
  409: {
    description: 'conflict: stale version, closed month, applied template',
    content: { 'application/json': { schema: ErrorSchema } },
  },
} as const;

/** A JSON answer described in docs/api.md (the shapes are TypeScript interfaces in src/app). */
export const jsonAnswer = (description: string) => ({
  200: { description, content: { 'application/json': { schema: z.any().openapi({ description }) } } },
});

type Spec = Omit<RouteConfig, 'responses' | 'middleware'> & { responses?: RouteConfig['responses'] };

const okAny = { 200: { description: 'OK', content: { 'application/json': { schema: z.any() } } } };

/**
 * Declares a route: its OpenAPI description plus its access, checked first. The answers' shapes are
 * documented (docs/api.md and the `responses` given here) but not enforced on handler types: every
 * handler answers 200 JSON and every error goes through the one error table.
 */
export function defineRoute<const S extends Spec>(id: string, access: Access, spec: S) {
  const def: RouteDef = { id, method: spec.method, path: spec.path, access };
  const roles =
    access === 'public' ? 'anyone' : access === 'signed-in' ? 'any signed-in user' : access.join(', ');
  const route = createRoute({
    ...spec,
    description: `${spec.description ?? ''}\n\nWho: ${roles}.`.trim(),
    responses: { ...errorResponses, ...(spec.responses ?? jsonAnswer('OK')) },
    middleware: [requireAccess(access)] as const,
  });
  return {
    def,
    route: route as unknown as Omit<S, 'responses'> & {
      responses: typeof okAny;
      middleware: MiddlewareHandler<Env>[];
    },
  };
}
