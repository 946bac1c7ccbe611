/**
 * Reads declared fields out of a parsed YAML document and collects every problem with its path.
 *
 * Pay plans have no hidden defaults: a field that is absent is an error naming the field, even when a
 * "usual" value exists, because the usual value is exactly what two people remember differently.
 * A field that may be empty must still be written, as `null`.
 */
import type { Problem } from '../errors.ts';
import { type Dec, dec } from '../money.ts';
import { t } from '../text.ts';

export type Obj = Record<string, unknown>;

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export class FieldReader {
  readonly problems: Problem[] = [];
  constructor(readonly file: string) {}

  error(path: string, code: string, zh: string, en: string, value?: unknown): void {
    this.problems.push({
      severity: 'error',
      code,
      message: t(zh, en),
      where: { file: this.file, path, ...(value === undefined ? {} : { value: String(value) }) },
    });
  }

  warn(path: string, code: string, zh: string, en: string): void {
    this.problems.push({ severity: 'warning', code, message: t(zh, en), where: { file: this.file, path } });
  }

  private join(path: string, key: string): string {
    return path ? `${path}.${key}` : key;
  }

  /** The raw value of a required field (null allowed only when `nullable`). */
  raw(o: Obj, key: string, path: string, nullable = false): unknown {
    const p = this.join(path, key);
    if (!(key in o) || o[key] === undefined) {
      this.error(
        p,
        'missing_field',
        `缺少必填字段 ${p}（方案不使用隐含默认值）`,
        `missing required field ${p} (plans have no hidden defaults)`,
      );
      return undefined;
    }
    if (o[key] === null && !nullable) {
      this.error(p, 'null_field', `字段 ${p} 不能为空`, `field ${p} must not be null`);
      return undefined;
    }
    return o[key];
  }

  obj(v: unknown, path: string): Obj | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      this.error(
        path,
        'not_object',
        `${path} 应为映射（键: 值）`,
        `${path} must be a mapping (key: value)`,
        v,
      );
      return undefined;
    }
    return v as Obj;
  }

  reqObj(o: Obj, key: string, path: string): Obj | undefined {
    return this.obj(this.raw(o, key, path), this.join(path, key));
  }

  list(o: Obj, key: string, path: string): unknown[] | undefined {
    const v = this.raw(o, key, path);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) {
      this.error(
        this.join(path, key),
        'not_list',
        `${this.join(path, key)} 应为列表`,
        `${this.join(path, key)} must be a list`,
      );
      return undefined;
    }
    return v;
  }

  str(o: Obj, key: string, path: string): string | undefined {
    const v = this.raw(o, key, path);
    if (v === undefined) return undefined;
    if (typeof v === 'number') return String(v);
    if (typeof v !== 'string' || v.trim() === '') {
      this.error(
        this.join(path, key),
        'not_text',
        `${this.join(path, key)} 应为非空文本`,
        `${this.join(path, key)} must be non-empty text`,
        v,
      );
      return undefined;
    }
    return v;
  }

  oneOf<T extends string>(o: Obj, key: string, path: string, values: readonly T[]): T | undefined {
    const v = this.raw(o, key, path);
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      this.error(
        this.join(path, key),
        'bad_choice',
        `${this.join(path, key)} 必须是以下之一：${values.join(', ')}`,
        `${this.join(path, key)} must be one of: ${values.join(', ')}`,
        v,
      );
      return undefined;
    }
    return v as T;
  }

  bool(o: Obj, key: string, path: string): boolean | undefined {
    const v = this.raw(o, key, path);
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') {
      this.error(
        this.join(path, key),
        'not_boolean',
        `${this.join(path, key)} 应为 true 或 false`,
        `${this.join(path, key)} must be true or false`,
        v,
      );
      return undefined;
    }
    return v;
  }

  /** A decimal written as a number, a numeric string, or a percentage string such as "4%". */
  decimalOf(v: unknown, path: string): Dec | undefined {
    if (typeof v === 'number' && Number.isFinite(v)) return dec(v);
    if (typeof v === 'string') {
      const s = v.trim().replace(/,/g, '');
      const m = /^(-?\d+(\.\d+)?)%$/.exec(s);
      if (m) return dec(m[1]!).div(100);
      if (/^-?\d+(\.\d+)?$/.test(s)) return dec(s);
    }
    this.error(
      path,
      'not_number',
      `${path} 应为数字（如 0.04 或 "4%"）`,
      `${path} must be a number (e.g. 0.04 or "4%")`,
      v,
    );
    return undefined;
  }

  decimal(o: Obj, key: string, path: string): Dec | undefined {
    const v = this.raw(o, key, path);
    return v === undefined ? undefined : this.decimalOf(v, this.join(path, key));
  }

  nullableDecimal(o: Obj, key: string, path: string): Dec | null | undefined {
    const v = this.raw(o, key, path, true);
    if (v === null) return null;
    return v === undefined ? undefined : this.decimalOf(v, this.join(path, key));
  }

  date(o: Obj, key: string, path: string, nullable = false): string | null | undefined {
    const v = this.raw(o, key, path, nullable);
    if (v === null) return null;
    if (v === undefined) return undefined;
    const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    if (!DATE.test(s)) {
      this.error(
        this.join(path, key),
        'bad_date',
        `${this.join(path, key)} 应为日期 YYYY-MM-DD`,
        `${this.join(path, key)} must be a date YYYY-MM-DD`,
        v,
      );
      return undefined;
    }
    return s;
  }

  month(o: Obj, key: string, path: string): string | undefined {
    const v = this.raw(o, key, path);
    if (v === undefined) return undefined;
    const s = String(v);
    if (!MONTH.test(s)) {
      this.error(
        this.join(path, key),
        'bad_month',
        `${this.join(path, key)} 应为月份 YYYY-MM`,
        `${this.join(path, key)} must be a month YYYY-MM`,
        v,
      );
      return undefined;
    }
    return s;
  }

  /** A mapping of names to decimals, e.g. grade coefficients { S: 1.5, A: 1.2 }. */
  decimalMap(o: Obj, key: string, path: string): Record<string, Dec> | undefined {
    const m = this.reqObj(o, key, path);
    if (!m) return undefined;
    const out: Record<string, Dec> = {};
    for (const [k, v] of Object.entries(m)) {
      const d = this.decimalOf(v, `${this.join(path, key)}.${k}`);
      if (d) out[k] = d;
    }
    if (Object.keys(m).length === 0) {
      this.error(
        this.join(path, key),
        'empty_map',
        `${this.join(path, key)} 不能为空`,
        `${this.join(path, key)} must not be empty`,
      );
    }
    return out;
  }
}

export function isIsoDate(s: string): boolean {
  return DATE.test(s);
}

export function isIsoMonth(s: string): boolean {
  return MONTH.test(s);
}
