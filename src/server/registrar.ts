/** What a group of routes is registered with: the app, the database, and the list of route definitions. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Actor } from '../app/actor.ts';
import { AppError } from '../core/errors.ts';
import type { Db } from '../db/open-db.ts';
import type { Env, RouteDef } from './route-table.ts';

export interface Registrar {
  app: OpenAPIHono<Env>;
  db: Db;
  routes: RouteDef[];
}

/** Records a route's definition and hands back its OpenAPI route for `app.openapi`. */
export function add<R>(r: Registrar, x: { def: RouteDef; route: R }): R {
  if (r.routes.some((d) => d.id === x.def.id)) throw new Error(`duplicate route id ${x.def.id}`);
  r.routes.push(x.def);
  return x.route;
}

/** The signed-in actor (the access middleware has already refused anonymous calls). */
export function actorOf(c: Context<Env>): Actor {
  const a = c.get('actor');
  if (!a) throw new AppError('unauthenticated', { zh: '请先登录', en: 'sign in first' });
  return a;
}
