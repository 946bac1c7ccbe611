/**
 * The one table from error codes to HTTP statuses, and the one error body shape
 * `{ error: { code, message: {zh, en}, problems } }` (docs/api.md "Errors").
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { RateLimitedError } from '../app/auth-service.ts';
import { AppError, type ErrorCode, type Problem } from '../core/errors.ts';
import type { Text } from '../core/text.ts';

export const STATUS_OF = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_template: 422,
  invalid_plan: 422,
  import_refused: 422,
  formula_refused: 422,
  internal: 500,
} as const satisfies Record<ErrorCode, ContentfulStatusCode>;

export interface ErrorBody {
  error: { code: string; message: Text; problems: Problem[] };
}

export function errorBody(code: string, message: Text, problems: readonly Problem[] = []): ErrorBody {
  return { error: { code, message, problems: [...problems] } };
}

/** Maps anything thrown by a handler to the error body; unknown errors are logged and hidden. */
export function respondError(err: unknown, c: Context): Response {
  if (err instanceof AppError)
    return c.json(errorBody(err.code, err.text, err.problems), STATUS_OF[err.code]);
  if (err instanceof RateLimitedError) {
    c.header('retry-after', String(err.retryAfterSeconds));
    return c.json(
      errorBody('rate_limited', {
        zh: '登录失败次数过多，请稍后再试',
        en: 'too many failed sign-ins: try again later',
      }),
      429,
    );
  }
  // Hono's own refusals (body too large, unsupported media type, malformed JSON) come as HTTPException.
  if (err instanceof HTTPException && err.status < 500) {
    const text =
      err.status === 413
        ? { zh: '请求内容过大', en: 'the request body is too large' }
        : err.status === 415
          ? {
              zh: '请求须为 JSON（content-type: application/json）',
              en: 'the request must be JSON (content-type: application/json)',
            }
          : { zh: '请求无效', en: `invalid request: ${err.message}` };
    return c.json(errorBody('invalid_input', text), err.status);
  }
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return c.json(errorBody('internal', { zh: '服务器内部错误', en: 'internal server error' }), 500);
}
