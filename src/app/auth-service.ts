/**
 * Sign-in (登录): scrypt password hashes, sessions kept by the SHA-256 of a random 32-byte id, a
 * per-session CSRF token, and a limit on failed sign-ins per login and address.
 *
 * Why these choices: scrypt is in node:crypto (no native add-on to build) and memory-hard; the salt
 * and the cost parameters are stored with the hash so they can be raised later without breaking old
 * hashes. Only the session id's hash is stored, so reading the database does not let anyone sign in.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { AppError } from '../core/errors.ts';
import type { Sql } from '../db/open-db.ts';
import { type Actor, isRole, type Role } from './actor.ts';

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;
export const SESSION_HOURS = 12;
export const FAILURE_LIMIT = 5;
export const FAILURE_WINDOW_MINUTES = 15;

/** Too many failed sign-ins: not one of the AppError codes because it is about the caller, not the data. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('too many failed sign-ins');
    this.name = 'RateLimitedError';
  }
}

function scryptAsync(password: string, salt: Buffer, N: number, r: number, p: number, keylen: number) {
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(password, salt, keylen, { N, r, p, maxmem: 128 * N * r * 2 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** "scrypt$16384$8$1$<salt b64>$<hash b64>" */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keylen);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const want = Buffer.from(hash, 'base64');
  const got = await scryptAsync(
    password,
    Buffer.from(salt, 'base64'),
    Number(n),
    Number(r),
    Number(p),
    want.length,
  );
  return got.length === want.length && timingSafeEqual(got, want);
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

interface UserRow {
  company_id: string;
  user_id: string;
  login: string;
  password_hash: string;
  role: string;
  employee: string | null;
  name: string;
}

function actorOf(u: UserRow): Actor {
  if (!isRole(u.role))
    throw new AppError('internal', { zh: `未知角色 ${u.role}`, en: `unknown role ${u.role}` });
  return {
    company: u.company_id,
    userId: u.user_id,
    login: u.login,
    name: u.name,
    role: u.role,
    employee: u.employee,
  };
}

export interface SignedIn {
  actor: Actor;
  /** the cookie value (never stored) */
  sessionId: string;
  csrfToken: string;
}

const badLogin = () =>
  new AppError('unauthenticated', { zh: '账号或密码不正确', en: 'wrong login or password' });

/** Checks a login and password and starts a session; counts failures per login and address. */
export async function signIn(db: Sql, login: string, password: string, ip: string): Promise<SignedIn> {
  const fails = await db.query<{ n: string; oldest: string | null }>(
    `SELECT count(*)::text AS n, min(at)::text AS oldest FROM login_failure
     WHERE login = $1 AND ip = $2 AND at > now() - make_interval(mins => $3)`,
    [login, ip, FAILURE_WINDOW_MINUTES],
  );
  if (Number(fails.rows[0]?.n ?? 0) >= FAILURE_LIMIT) throw new RateLimitedError(FAILURE_WINDOW_MINUTES * 60);
  const r = await db.query<UserRow>(
    'SELECT company_id, user_id, login, password_hash, role, employee, name FROM app_user WHERE login = $1',
    [login],
  );
  const user = r.rows[0];
  // A missing user costs a hash too, so timing does not tell which logins exist.
  let ok = false;
  if (user) ok = await verifyPassword(password, user.password_hash);
  else await verifyPassword(password, DUMMY_HASH);
  if (!user || !ok) {
    await db.query('INSERT INTO login_failure (company_id, login, ip) VALUES ($1, $2, $3)', [
      user?.company_id ?? '',
      login,
      ip,
    ]);
    throw badLogin();
  }
  await db.query('DELETE FROM login_failure WHERE login = $1 AND ip = $2', [login, ip]);
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  await db.query(
    `INSERT INTO app_session (company_id, id_hash, user_id, csrf_token, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))`,
    [user.company_id, sha256(sessionId), user.user_id, csrfToken, SESSION_HOURS],
  );
  return { actor: actorOf(user), sessionId, csrfToken };
}

// A fixed hash of a random password, verified against when the login does not exist.
const DUMMY_HASH = `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$AAAAAAAAAAAAAAAAAAAAAA==$${Buffer.alloc(32).toString('base64')}`;

/**
 * Sessions read in the last few seconds, per database: every API request needs its session, and this
 * saves a query on each. Anything that changes who a session is (sign-out, a new password, a role)
 * calls {@link forgetSessions}, and the server calls it after every state-changing request
 * (src/server/app.ts), so a change made through this process is seen by the very next request. The
 * cost: a change made by another process (a second server on the same PostgreSQL, SQL by hand) is
 * seen here after at most SESSION_CACHE_MS.
 */
export const SESSION_CACHE_MS = 5000;
interface SessionCache {
  entries: Map<string, { value: { actor: Actor; csrfToken: string }; until: number }>;
  /**
   * Bumped by every forget: a lookup that was already running when a change happened must not store
   * what it read before the change.
   */
  generation: number;
}
const sessionCache = new WeakMap<Sql, SessionCache>();

function cacheOf(db: Sql): SessionCache {
  let cache = sessionCache.get(db);
  if (!cache) {
    cache = { entries: new Map(), generation: 0 };
    sessionCache.set(db, cache);
  }
  return cache;
}

/** The session a cookie names, or null when unknown or expired. */
export async function sessionOf(
  db: Sql,
  sessionId: string,
): Promise<{ actor: Actor; csrfToken: string } | null> {
  const key = sha256(sessionId);
  const cache = cacheOf(db);
  const generation = cache.generation;
  const now = Date.now();
  const hit = cache.entries.get(key);
  if (hit && hit.until > now) return hit.value;
  const r = await db.query<UserRow & { csrf_token: string; ms_left: number }>(
    `SELECT u.company_id, u.user_id, u.login, u.password_hash, u.role, u.employee, u.name, s.csrf_token,
       (extract(epoch FROM s.expires_at - now()) * 1000)::float8 AS ms_left
     FROM app_session s JOIN app_user u ON u.company_id = s.company_id AND u.user_id = s.user_id
     WHERE s.id_hash = $1 AND s.expires_at > now()`,
    [key],
    { prepare: 'shopkpi_session_of' },
  );
  const row = r.rows[0];
  if (!row) {
    cache.entries.delete(key);
    return null;
  }
  const value = { actor: actorOf(row), csrfToken: row.csrf_token };
  if (cache.generation !== generation) return value;
  // Unknown ids are never cached (random guesses cannot fill memory); the map is bounded anyway.
  if (cache.entries.size > 10_000) cache.entries.clear();
  cache.entries.set(key, { value, until: now + Math.min(SESSION_CACHE_MS, Number(row.ms_left)) });
  return value;
}

export async function signOut(db: Sql, sessionId: string): Promise<void> {
  const key = sha256(sessionId);
  await db.query('DELETE FROM app_session WHERE id_hash = $1', [key]);
  const cache = cacheOf(db);
  cache.generation++;
  cache.entries.delete(key);
}

export interface NewUser {
  userId: string;
  login: string;
  password: string;
  role: Role;
  employee: string | null;
  name: string;
}

export async function createUser(db: Sql, company: string, u: NewUser): Promise<void> {
  const exists = await db.query('SELECT 1 FROM app_user WHERE login = $1', [u.login]);
  if (exists.rows.length)
    throw new AppError('conflict', { zh: `账号 ${u.login} 已存在`, en: `login ${u.login} already exists` });
  await db.query(
    `INSERT INTO app_user (company_id, user_id, login, password_hash, role, employee, name)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [company, u.userId, u.login, await hashPassword(u.password), u.role, u.employee, u.name],
  );
}

export interface UserInfo {
  id: string;
  login: string;
  name: string;
  role: Role;
  employee: string | null;
  createdAt: string;
}

export async function listUsers(db: Sql, company: string): Promise<UserInfo[]> {
  const r = await db.query<{
    user_id: string;
    login: string;
    name: string;
    role: Role;
    employee: string | null;
    created_at: string;
  }>(
    'SELECT user_id, login, name, role, employee, created_at FROM app_user WHERE company_id = $1 ORDER BY login',
    [company],
  );
  return r.rows.map((u) => ({
    id: u.user_id,
    login: u.login,
    name: u.name,
    role: u.role,
    employee: u.employee,
    createdAt: u.created_at,
  }));
}

/** An admin sets a new password; every session of that user ends (they sign in again). */
export async function setPassword(db: Sql, actor: Actor, userId: string, password: string): Promise<void> {
  const r = await db.query('UPDATE app_user SET password_hash = $3 WHERE company_id = $1 AND user_id = $2', [
    actor.company,
    userId,
    await hashPassword(password),
  ]);
  if (r.rowCount !== 1)
    throw new AppError('not_found', { zh: `找不到账号 ${userId}`, en: `user ${userId} not found` });
  await db.query('DELETE FROM app_session WHERE company_id = $1 AND user_id = $2', [actor.company, userId]);
}

/**
 * Forgets the cached sessions of a database: after ending sessions or changing a user (inside a
 * transaction, call it once committed), and after every state-changing request.
 */
export function forgetSessions(db: Sql): void {
  const cache = cacheOf(db);
  cache.generation++;
  cache.entries.clear();
}
