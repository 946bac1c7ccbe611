/**
 * Reads a KPI template from YAML into the model of types.ts, collecting every problem with its path and a
 * bilingual message instead of stopping at the first. Quantities may be written 8% / 1.2万; intervals as
 * ">= 95" or "[90%, 100%)". The rule checks beyond shape (gaps, caps, directions) are in validate.ts.
 */
import { parse as parseYaml } from 'yaml';
import type { Problem } from '../errors.ts';
import type { Text } from '../text.ts';
import { parseInterval } from './interval.ts';
import { parseQuantity } from './quantity.ts';
import { RULE_TYPES } from './registry.ts';
import type {
  AttendanceItem,
  Band,
  BehaviourItem,
  BehaviourPart,
  Cycle,
  DailyValue,
  Derive,
  Dimension,
  GradeBand,
  Indicator,
  Interval,
  Parts,
  PerUnitFloor,
  Rater,
  Rule,
  Template,
  TemplateExample,
} from './types.ts';

type Obj = Record<string, unknown>;

class Reader {
  readonly problems: Problem[] = [];
  constructor(readonly file: string) {}

  error(path: string, zh: string, en: string, value?: unknown, fix?: Text): void {
    this.problems.push({
      severity: 'error',
      code: 'template_shape',
      message: { zh, en },
      where: {
        file: this.file,
        path,
        ...(value !== undefined ? { value: typeof value === 'string' ? value : JSON.stringify(value) } : {}),
      },
      ...(fix ? { fix } : {}),
    });
  }

  obj(v: unknown, path: string, required = true): Obj | undefined {
    if (v === undefined || v === null) {
      if (required) this.error(path, `缺少 ${path}`, `${path} is missing`);
      return undefined;
    }
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.error(path, `${path} 应为对象`, `${path} must be a mapping`, v);
      return undefined;
    }
    return v as Obj;
  }

  arr(v: unknown, path: string, required = true): unknown[] {
    if (v === undefined || v === null) {
      if (required) this.error(path, `缺少 ${path}`, `${path} is missing`);
      return [];
    }
    if (!Array.isArray(v)) {
      this.error(path, `${path} 应为列表`, `${path} must be a list`, v);
      return [];
    }
    return v;
  }

  str(v: unknown, path: string, required = true): string | undefined {
    if (v === undefined || v === null || v === '') {
      if (required) this.error(path, `缺少 ${path}`, `${path} is missing`);
      return undefined;
    }
    if (typeof v === 'number') return String(v);
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (typeof v !== 'string') {
      this.error(path, `${path} 应为文字`, `${path} must be text`, v);
      return undefined;
    }
    return v;
  }

  num(v: unknown, path: string, required = true): number | undefined {
    if (v === undefined || v === null) {
      if (required) this.error(path, `缺少 ${path}`, `${path} is missing`);
      return undefined;
    }
    const q = parseQuantity(v);
    if (q === undefined) this.error(path, `${path} 不是数字`, `${path} is not a number`, v);
    return q;
  }

  text(v: unknown, path: string, required = true): Text | undefined {
    if (typeof v === 'string' && v.trim()) return { zh: v, en: v };
    const o = this.obj(v, path, required);
    if (!o) return undefined;
    const zh = this.str(o.zh, `${path}.zh`);
    const en = this.str(o.en, `${path}.en`);
    return zh && en ? { zh, en } : undefined;
  }

  interval(v: unknown, path: string): Interval | undefined {
    const r = parseInterval(v);
    if (typeof r === 'string') {
      this.error(path, `区间无法读取：${r}`, `cannot read the interval: ${r}`, v);
      return undefined;
    }
    return r;
  }

  oneOf<T extends string>(v: unknown, options: readonly T[], path: string, required = true): T | undefined {
    if (v === undefined || v === null) {
      if (required)
        this.error(
          path,
          `缺少 ${path}（可选：${options.join(' / ')}）`,
          `${path} is missing (one of ${options.join(', ')})`,
        );
      return undefined;
    }
    if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) {
      this.error(
        path,
        `${path} 应为 ${options.join(' / ')} 之一`,
        `${path} must be one of ${options.join(', ')}`,
        v,
      );
      return undefined;
    }
    return v as T;
  }

  unknownKeys(o: Obj, allowed: readonly string[], path: string): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) {
        this.error(
          `${path}.${k}`,
          `未知字段 ${k}（可用：${allowed.join('、')}）`,
          `unknown field ${k} (known: ${allowed.join(', ')})`,
        );
      }
    }
  }
}

const CYCLES: readonly Cycle[] = ['day', 'week', 'month', 'quarter', 'year'];
const RATERS: readonly Rater[] = ['supervisor', 'self', 'peer'];

function readRule(r: Reader, v: unknown, path: string): Rule | undefined {
  const o = r.obj(v, path);
  if (!o) return undefined;
  const type = r.oneOf(o.type, RULE_TYPES, `${path}.type`);
  if (!type) return undefined;
  const optNum = (k: string) => (o[k] === undefined ? undefined : r.num(o[k], `${path}.${k}`));
  const keys = (...ks: string[]) => r.unknownKeys(o, ['type', ...ks], path);
  switch (type) {
    case 'linear':
      keys('cap', 'floor');
      return clean({ type, cap: optNum('cap'), floor: optNum('floor') });
    case 'gate': {
      keys('threshold', 'inclusive', 'then', 'else');
      const threshold = r.num(o.threshold, `${path}.threshold`);
      if (typeof o.inclusive !== 'boolean') {
        r.error(
          `${path}.inclusive`,
          '门槛必须写明是否包含门槛值本身（inclusive: true/false）',
          'a gate must say whether the threshold itself passes (inclusive: true/false)',
        );
      }
      const then = readRule(r, o.then, `${path}.then`);
      if (threshold === undefined || !then) return undefined;
      return clean({ type, threshold, inclusive: o.inclusive === true, then, else: optNum('else') });
    }
    case 'reverse': {
      keys('form', 'slope', 'maxDeduction', 'cap', 'floor');
      const form = r.oneOf(o.form, ['ratio', 'deviation'] as const, `${path}.form`);
      if (!form) return undefined;
      return clean({
        type,
        form,
        slope: optNum('slope'),
        maxDeduction: optNum('maxDeduction'),
        cap: optNum('cap'),
        floor: optNum('floor'),
      });
    }
    case 'closer':
      keys('tolerance', 'slope');
      return clean({ type, tolerance: optNum('tolerance'), slope: optNum('slope') });
    case 'bands': {
      keys('on', 'unit', 'bands', 'else');
      const on = r.oneOf(o.on, ['completion', 'actual'] as const, `${path}.on`);
      const unit = r.oneOf(o.unit, ['points', 'percent'] as const, `${path}.unit`);
      const bands: Band[] = [];
      r.arr(o.bands, `${path}.bands`).forEach((b, i) => {
        const bo = r.obj(b, `${path}.bands[${i}]`);
        if (!bo) return;
        r.unknownKeys(bo, ['when', 'value', 'text'], `${path}.bands[${i}]`);
        const when = r.interval(bo.when, `${path}.bands[${i}].when`);
        const value = r.num(bo.value, `${path}.bands[${i}].value`);
        if (when && value !== undefined)
          bands.push(clean({ when, value, text: typeof bo.text === 'string' ? bo.text : undefined }));
      });
      if (o.else === undefined) {
        r.error(
          `${path}.else`,
          '区间表必须给出“其他”的分值（else），不在任何一档时得多少分',
          'a band table must give an else value: the points when no band matches',
          undefined,
          {
            zh: '加上 else: 0',
            en: 'add else: 0',
          },
        );
      }
      const elseV = r.num(o.else, `${path}.else`, false);
      if (!on || !unit || elseV === undefined) return undefined;
      return { type, on, unit, bands, else: elseV };
    }
    case 'per-unit': {
      keys(
        'on',
        'reference',
        'direction',
        'step',
        'stepOf',
        'partial',
        'perStepAbove',
        'perStepBelow',
        'base',
        'floor',
        'maxDeduction',
        'maxAddition',
      );
      const on = r.oneOf(o.on, ['completion', 'actual'] as const, `${path}.on`);
      const direction = r.oneOf(o.direction, ['above', 'below', 'both'] as const, `${path}.direction`);
      const stepOf = r.oneOf(o.stepOf, ['absolute', 'target'] as const, `${path}.stepOf`);
      const partial = r.oneOf(o.partial, ['whole', 'prorated'] as const, `${path}.partial`);
      const step = r.num(o.step, `${path}.step`);
      let reference: 'target' | 'zero' | { value: number } | undefined;
      if (o.reference === 'target' || o.reference === 'zero') reference = o.reference;
      else if (o.reference === undefined)
        r.error(
          `${path}.reference`,
          '缺少基准（target / zero / 数字）',
          'reference is missing (target, zero or a number)',
        );
      else {
        const q = r.num(o.reference, `${path}.reference`);
        if (q !== undefined) reference = { value: q };
      }
      let base: 'full' | { points: number } | undefined;
      if (o.base === undefined || o.base === 'full') base = 'full';
      else {
        const q = r.num(o.base, `${path}.base`);
        if (q !== undefined) base = { points: q };
      }
      let floor: PerUnitFloor | undefined;
      if (o.floor === undefined) {
        r.error(
          `${path}.floor`,
          '必须写明下限：0（扣完为止）、数字、{ fractionOfFull: 80% } 或 none',
          'the floor must be declared: 0 (扣完为止), a number, { fractionOfFull: 80% } or none',
        );
      } else if (o.floor === 'none') floor = 'none';
      else if (typeof o.floor === 'object' && o.floor !== null) {
        const fo = o.floor as Obj;
        const f = r.num(fo.fractionOfFull, `${path}.floor.fractionOfFull`);
        if (f !== undefined) floor = { fractionOfFull: f };
      } else {
        const q = r.num(o.floor, `${path}.floor`);
        if (q !== undefined) floor = { points: q };
      }
      if (!on || !direction || !stepOf || !partial || step === undefined || !reference || !base || !floor)
        return undefined;
      return clean({
        type,
        on,
        reference,
        direction,
        step,
        stepOf,
        partial,
        perStepAbove: optNum('perStepAbove'),
        perStepBelow: optNum('perStepBelow'),
        base,
        floor,
        maxDeduction: optNum('maxDeduction'),
        maxAddition: optNum('maxAddition'),
      });
    }
    case 'pass-fail':
      keys('pass', 'fail');
      return clean({ type, pass: optNum('pass'), fail: optNum('fail') });
    case 'formula': {
      keys('expr');
      const expr = r.str(o.expr, `${path}.expr`);
      return expr ? { type, expr } : undefined;
    }
    case 'interpolate': {
      keys('on', 'unit', 'points');
      const on = r.oneOf(o.on, ['completion', 'actual'] as const, `${path}.on`);
      const unit = r.oneOf(o.unit, ['points', 'percent'] as const, `${path}.unit`);
      const points: { at: number; value: number }[] = [];
      r.arr(o.points, `${path}.points`).forEach((p, i) => {
        const po = r.obj(p, `${path}.points[${i}]`);
        if (!po) return;
        const at = r.num(po.at, `${path}.points[${i}].at`);
        const value = r.num(po.value, `${path}.points[${i}].value`);
        if (at !== undefined && value !== undefined) points.push({ at, value });
      });
      if (!on || !unit) return undefined;
      return { type, on, unit, points };
    }
    case 'joint-bands': {
      keys('unit', 'rows', 'else');
      const unit = r.oneOf(o.unit, ['points', 'percent'] as const, `${path}.unit`);
      const rows: { when: Record<string, Interval>; value: number; text?: string }[] = [];
      r.arr(o.rows, `${path}.rows`).forEach((row, i) => {
        const ro = r.obj(row, `${path}.rows[${i}]`);
        if (!ro) return;
        const wo = r.obj(ro.when, `${path}.rows[${i}].when`);
        const value = r.num(ro.value, `${path}.rows[${i}].value`);
        if (!wo || value === undefined) return;
        const when: Record<string, Interval> = {};
        for (const [k, iv] of Object.entries(wo)) {
          const parsed = r.interval(iv, `${path}.rows[${i}].when.${k}`);
          if (parsed) when[k] = parsed;
        }
        rows.push(clean({ when, value, text: typeof ro.text === 'string' ? ro.text : undefined }));
      });
      if (o.else === undefined)
        r.error(`${path}.else`, '联合区间必须给出 else 分值', 'joint bands must give an else value');
      const elseV = r.num(o.else, `${path}.else`, false);
      if (!unit || elseV === undefined) return undefined;
      return { type, unit, rows, else: elseV };
    }
  }
}

/** Drops undefined fields so that parsed rules compare equal to hand-written ones. */
function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function readIndicator(r: Reader, v: unknown, path: string): Indicator | undefined {
  const o = r.obj(v, path);
  if (!o) return undefined;
  r.unknownKeys(
    o,
    [
      'id',
      'name',
      'definition',
      'metric',
      'cycle',
      'weight',
      'target',
      'unit',
      'dimension',
      'owner',
      'rule',
      'ifAbsent',
      'inputs',
      'derive',
    ],
    path,
  );
  const id = r.str(o.id, `${path}.id`);
  const name = r.text(o.name, `${path}.name`);
  const definition = r.text(o.definition, `${path}.definition`);
  const metric = r.str(o.metric, `${path}.metric`);
  const cycle = r.oneOf(o.cycle, CYCLES, `${path}.cycle`);
  const weight = r.num(o.weight, `${path}.weight`);
  const target = o.target === undefined ? undefined : r.num(o.target, `${path}.target`);
  const rule = readRule(r, o.rule, `${path}.rule`);
  let ifAbsent: Indicator['ifAbsent'];
  if (o.ifAbsent !== undefined) {
    const ia = r.obj(o.ifAbsent, `${path}.ifAbsent`);
    const to = ia ? r.str(ia.weightTo, `${path}.ifAbsent.weightTo`) : undefined;
    if (to) ifAbsent = { weightTo: to };
  }
  const inputs =
    o.inputs === undefined
      ? undefined
      : r.arr(o.inputs, `${path}.inputs`).map((x, i) => r.str(x, `${path}.inputs[${i}]`) ?? '');
  const derive = o.derive === undefined ? undefined : readDerive(r, o.derive, `${path}.derive`);
  if (!id || !name || !definition || !metric || !cycle || weight === undefined || !rule) return undefined;
  return clean({
    id,
    name,
    definition,
    metric,
    cycle,
    weight,
    target,
    unit: typeof o.unit === 'string' ? o.unit : undefined,
    dimension: typeof o.dimension === 'string' ? o.dimension : undefined,
    owner: o.owner === undefined ? undefined : r.str(o.owner, `${path}.owner`),
    rule,
    ifAbsent,
    inputs,
    derive,
  });
}

const AS = ['growth', 'difference', 'ratio'] as const;

/**
 * The groups a cohort or rank indicator may name: the ones the monthly cycle builds for each person (the
 * employee's team and job family, cycle-service `groupNow`) and `shopkpi score` reads from the actuals file.
 * Any other name (`store`) could never be scored, so the template is refused rather than failing every month.
 */
export const GROUP_NAMES = ['team', 'family'] as const;

function readDerive(r: Reader, v: unknown, path: string): Derive | undefined {
  const o = r.obj(v, path);
  if (!o) return undefined;
  const kind = r.oneOf(o.kind, ['history', 'cohort', 'rank', 'days'] as const, `${path}.kind`);
  switch (kind) {
    case 'history': {
      r.unknownKeys(o, ['kind', 'compare', 'baseline', 'as'], path);
      const compare = r.oneOf(o.compare, ['previous', 'lastYear', 'baseline'] as const, `${path}.compare`);
      const as = r.oneOf(o.as, AS, `${path}.as`);
      const baseline = compare === 'baseline' ? r.num(o.baseline, `${path}.baseline`) : undefined;
      if (!compare || !as || (compare === 'baseline' && baseline === undefined)) return undefined;
      return clean({ kind, compare, as, baseline });
    }
    case 'cohort': {
      r.unknownKeys(o, ['kind', 'group', 'agg', 'as'], path);
      const group = r.oneOf(o.group, GROUP_NAMES, `${path}.group`);
      const agg = r.oneOf(
        o.agg,
        ['mean', 'median', 'min', 'max', 'sum', 'headcount'] as const,
        `${path}.agg`,
      );
      const as = r.oneOf(o.as, [...AS, 'value'] as const, `${path}.as`);
      return group && agg && as ? { kind, group, agg, as } : undefined;
    }
    case 'rank': {
      r.unknownKeys(o, ['kind', 'group', 'order'], path);
      const group = r.oneOf(o.group, GROUP_NAMES, `${path}.group`);
      const order = r.oneOf(o.order, ['desc', 'asc'] as const, `${path}.order`);
      return group && order ? { kind, group, order } : undefined;
    }
    case 'days': {
      r.unknownKeys(o, ['kind', 'count', 'when', 'promoWhen'], path);
      const count = r.oneOf(o.count, ['days', 'longestStreak'] as const, `${path}.count`);
      const when = r.interval(o.when, `${path}.when`);
      const promoWhen = o.promoWhen === undefined ? undefined : r.interval(o.promoWhen, `${path}.promoWhen`);
      return count && when ? clean({ kind, count, when, promoWhen }) : undefined;
    }
    default:
      return undefined;
  }
}

function readParts(r: Reader, v: unknown): Parts | undefined {
  const o = r.obj(v, 'parts');
  if (!o) return undefined;
  r.unknownKeys(o, ['kpi', 'behaviour', 'additional', 'attendance'], 'parts');
  const kpiO = r.obj(o.kpi, 'parts.kpi');
  const kpiWeight = kpiO ? r.num(kpiO.weight, 'parts.kpi.weight') : undefined;
  let behaviour: BehaviourPart | undefined;
  if (o.behaviour !== undefined) {
    const b = r.obj(o.behaviour, 'parts.behaviour');
    if (b) {
      r.unknownKeys(b, ['weight', 'scale', 'raters', 'items'], 'parts.behaviour');
      const weight = r.num(b.weight, 'parts.behaviour.weight');
      const scale = r.obj(b.scale, 'parts.behaviour.scale');
      const min = scale ? r.num(scale.min, 'parts.behaviour.scale.min') : undefined;
      const max = scale ? r.num(scale.max, 'parts.behaviour.scale.max') : undefined;
      const ro = r.obj(b.raters, 'parts.behaviour.raters');
      const raters: Partial<Record<Rater, number>> = {};
      if (ro) {
        for (const [k, w] of Object.entries(ro)) {
          if (!(RATERS as readonly string[]).includes(k)) {
            r.error(
              `parts.behaviour.raters.${k}`,
              `未知的评价人 ${k}（supervisor / self / peer）`,
              `unknown rater ${k} (supervisor, self, peer)`,
            );
            continue;
          }
          const q = r.num(w, `parts.behaviour.raters.${k}`);
          if (q !== undefined) raters[k as Rater] = q;
        }
      }
      const items: BehaviourItem[] = [];
      r.arr(b.items, 'parts.behaviour.items').forEach((it, i) => {
        const io = r.obj(it, `parts.behaviour.items[${i}]`);
        if (!io) return;
        const id = r.str(io.id, `parts.behaviour.items[${i}].id`);
        const name = r.text(io.name, `parts.behaviour.items[${i}].name`);
        const weight = io.weight === undefined ? 1 : r.num(io.weight, `parts.behaviour.items[${i}].weight`);
        const description =
          io.description === undefined
            ? undefined
            : r.text(io.description, `parts.behaviour.items[${i}].description`);
        if (id && name && weight !== undefined) items.push(clean({ id, name, weight, description }));
      });
      if (weight !== undefined && min !== undefined && max !== undefined)
        behaviour = { weight, scale: { min, max }, raters, items };
    }
  }
  let additional: Parts['additional'];
  if (o.additional !== undefined) {
    const a = r.obj(o.additional, 'parts.additional');
    const min = a ? r.num(a.min, 'parts.additional.min') : undefined;
    const max = a ? r.num(a.max, 'parts.additional.max') : undefined;
    if (min !== undefined && max !== undefined) additional = { min, max };
  }
  let attendance: Parts['attendance'];
  if (o.attendance !== undefined) {
    const a = r.obj(o.attendance, 'parts.attendance');
    if (a) {
      const items: AttendanceItem[] = [];
      r.arr(a.items, 'parts.attendance.items').forEach((it, i) => {
        const io = r.obj(it, `parts.attendance.items[${i}]`);
        if (!io) return;
        const id = r.str(io.id, `parts.attendance.items[${i}].id`);
        const name = r.text(io.name, `parts.attendance.items[${i}].name`);
        const pointsEach = r.num(io.pointsEach, `parts.attendance.items[${i}].pointsEach`);
        if (id && name && pointsEach !== undefined) items.push({ id, name, pointsEach });
      });
      const maxDeduction =
        a.maxDeduction === undefined ? undefined : r.num(a.maxDeduction, 'parts.attendance.maxDeduction');
      attendance = clean({ items, maxDeduction });
    }
  }
  if (kpiWeight === undefined) return undefined;
  return clean({ kpi: { weight: kpiWeight }, behaviour, additional, attendance });
}

function readExample(r: Reader, v: unknown, path: string): TemplateExample | undefined {
  const o = r.obj(v, path);
  if (!o) return undefined;
  r.unknownKeys(
    o,
    [
      'name',
      'actuals',
      'targets',
      'behaviour',
      'additional',
      'attendance',
      'history',
      'daily',
      'cohort',
      'expect',
    ],
    path,
  );
  const name = r.str(o.name, `${path}.name`) ?? path;
  const actuals: Record<string, number | null> = {};
  const ao = r.obj(o.actuals, `${path}.actuals`);
  if (ao) {
    for (const [k, val] of Object.entries(ao)) {
      if (val === null) actuals[k] = null;
      else {
        const q = r.num(val, `${path}.actuals.${k}`);
        if (q !== undefined) actuals[k] = q;
      }
    }
  }
  const numMap = (x: unknown, p: string): Record<string, number> | undefined => {
    if (x === undefined) return undefined;
    const m = r.obj(x, p);
    if (!m) return undefined;
    const out: Record<string, number> = {};
    for (const [k, val] of Object.entries(m)) {
      const q = r.num(val, `${p}.${k}`);
      if (q !== undefined) out[k] = q;
    }
    return out;
  };
  let behaviour: TemplateExample['behaviour'];
  if (o.behaviour !== undefined) {
    const bo = r.obj(o.behaviour, `${path}.behaviour`);
    if (bo) {
      behaviour = {};
      for (const [rater, ratings] of Object.entries(bo)) {
        if (!(RATERS as readonly string[]).includes(rater)) {
          r.error(`${path}.behaviour.${rater}`, `未知的评价人 ${rater}`, `unknown rater ${rater}`);
          continue;
        }
        const m = numMap(ratings, `${path}.behaviour.${rater}`);
        if (m) behaviour[rater as Rater] = m;
      }
    }
  }
  const additional =
    o.additional === undefined
      ? undefined
      : r.arr(o.additional, `${path}.additional`).flatMap((a, i) => {
          const ao2 = r.obj(a, `${path}.additional[${i}]`);
          if (!ao2) return [];
          const points = r.num(ao2.points, `${path}.additional[${i}].points`);
          const reason = r.str(ao2.reason, `${path}.additional[${i}].reason`);
          return points !== undefined && reason ? [{ points, reason }] : [];
        });
  const eo = r.obj(o.expect, `${path}.expect`);
  const expect: TemplateExample['expect'] = {};
  if (eo) {
    r.unknownKeys(eo, ['indicators', 'kpi', 'behaviour', 'total', 'grade'], `${path}.expect`);
    if (eo.indicators !== undefined) {
      const io = r.obj(eo.indicators, `${path}.expect.indicators`);
      if (io) {
        expect.indicators = {};
        for (const [k, val] of Object.entries(io)) {
          if (val === 'dropped') expect.indicators[k] = 'dropped';
          else {
            const q = r.num(val, `${path}.expect.indicators.${k}`);
            if (q !== undefined) expect.indicators[k] = q;
          }
        }
      }
    }
    for (const k of ['kpi', 'behaviour', 'total'] as const) {
      if (eo[k] !== undefined) {
        const q = r.num(eo[k], `${path}.expect.${k}`);
        if (q !== undefined) expect[k] = q;
      }
    }
    if (eo.grade !== undefined) expect.grade = r.str(eo.grade, `${path}.expect.grade`);
  }
  let history: TemplateExample['history'];
  if (o.history !== undefined) {
    const ho = r.obj(o.history, `${path}.history`);
    if (ho) {
      r.unknownKeys(ho, ['previous', 'lastYear'], `${path}.history`);
      history = clean({
        previous: numMap(ho.previous, `${path}.history.previous`),
        lastYear: numMap(ho.lastYear, `${path}.history.lastYear`),
      });
    }
  }
  let daily: Record<string, DailyValue[]> | undefined;
  if (o.daily !== undefined) {
    const dobj = r.obj(o.daily, `${path}.daily`);
    if (dobj) {
      daily = {};
      for (const [metric, list] of Object.entries(dobj)) {
        daily[metric] = r.arr(list, `${path}.daily.${metric}`).flatMap((d, i) => {
          const p = `${path}.daily.${metric}[${i}]`;
          // a bare number is day i+1 of the month; an object gives the date and whether it is a promotion day
          if (typeof d === 'number' || typeof d === 'string') {
            const value = r.num(d, p);
            return value === undefined ? [] : [{ date: `day ${i + 1}`, value }];
          }
          const dd = r.obj(d, p);
          if (!dd) return [];
          const value = r.num(dd.value, `${p}.value`);
          const date = r.str(dd.date, `${p}.date`) ?? `day ${i + 1}`;
          return value === undefined
            ? []
            : [clean({ date, value, promo: dd.promo === true ? true : undefined })];
        });
      }
    }
  }
  return clean({
    name,
    actuals,
    history,
    daily,
    cohort: numMap(o.cohort, `${path}.cohort`),
    targets: numMap(o.targets, `${path}.targets`),
    behaviour,
    additional,
    attendance: numMap(o.attendance, `${path}.attendance`),
    expect,
  });
}

export interface ParsedTemplate {
  template?: Template;
  problems: Problem[];
}

/** Parses a template's YAML. `template` is present when the shape is readable (problems may still hold warnings). */
export function parseTemplate(yamlText: string, file = 'template.yaml'): ParsedTemplate {
  const r = new Reader(file);
  let doc: unknown;
  try {
    doc = parseYaml(yamlText, { maxAliasCount: 100 });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    r.error('', `YAML 无法解析：${msg}`, `the YAML does not parse: ${msg}`);
    return { problems: r.problems };
  }
  return readTemplateObject(doc, r);
}

/** Reads an already-parsed object (from JSON or the web editor) as a template. */
export function templateFromObject(doc: unknown, file = 'template'): ParsedTemplate {
  return readTemplateObject(doc, new Reader(file));
}

function readTemplateObject(doc: unknown, r: Reader): ParsedTemplate {
  const o = r.obj(doc, '(document)');
  if (!o) return { problems: r.problems };
  r.unknownKeys(
    o,
    [
      'kind',
      'id',
      'version',
      'effective',
      'family',
      'name',
      'rounding',
      'parts',
      'indicators',
      'grades',
      'distribution',
      'examples',
      'acknowledged',
      'dimensions',
      // a draft from `shopkpi sheet import`: checked by checkDraftSource (sheet/draft-check.ts), not read here
      'draft',
    ],
    '(document)',
  );
  if (o.kind !== 'kpi-template')
    r.error('kind', 'kind 应为 kpi-template', 'kind must be kpi-template', o.kind);
  const id = r.str(o.id, 'id');
  const version = r.str(o.version, 'version');
  const effective = r.str(o.effective, 'effective');
  if (effective && !/^\d{4}-\d{2}-\d{2}$/.test(effective))
    r.error('effective', '生效日期应为 YYYY-MM-DD', 'effective must be a date YYYY-MM-DD', effective);
  const family = r.str(o.family, 'family');
  const name = r.text(o.name, 'name');
  const ro = r.obj(o.rounding, 'rounding');
  let rounding: Template['rounding'] | undefined;
  if (ro) {
    const point = r.num(ro.point, 'rounding.point');
    const mode = r.oneOf(ro.mode, ['half-up'] as const, 'rounding.mode');
    if (point !== undefined && mode) rounding = { point, mode };
  } else {
    r.problems.pop();
    r.error(
      'rounding',
      '缺少取舍规则（rounding），例如 89.5 分算哪一档就不明确',
      'rounding is missing: without it, which grade 89.5 gets is unclear',
      undefined,
      {
        zh: '加上 rounding: { point: 2, mode: half-up }',
        en: 'add rounding: { point: 2, mode: half-up }',
      },
    );
  }
  const parts = readParts(r, o.parts);
  const indicators = r.arr(o.indicators, 'indicators').flatMap((v, i) => {
    const ind = readIndicator(r, v, `indicators[${i}]`);
    return ind ? [ind] : [];
  });
  const grades: GradeBand[] = r.arr(o.grades, 'grades').flatMap((g, i) => {
    const go = r.obj(g, `grades[${i}]`);
    if (!go) return [];
    const grade = r.str(go.grade, `grades[${i}].grade`);
    const when = r.interval(go.when, `grades[${i}].when`);
    const gname = go.name === undefined ? undefined : r.text(go.name, `grades[${i}].name`);
    return grade && when ? [clean({ grade, when, name: gname })] : [];
  });
  let distribution: Template['distribution'];
  if (o.distribution !== undefined) {
    const d = r.obj(o.distribution, 'distribution');
    if (d) {
      const minGroupSize = r.num(d.minGroupSize, 'distribution.minGroupSize');
      const quotas = r.arr(d.quotas, 'distribution.quotas').flatMap((q, i) => {
        const qo = r.obj(q, `distribution.quotas[${i}]`);
        if (!qo) return [];
        const grade = r.str(qo.grade, `distribution.quotas[${i}].grade`);
        const share = r.num(qo.share, `distribution.quotas[${i}].share`);
        return grade && share !== undefined ? [{ grade, share }] : [];
      });
      if (minGroupSize !== undefined) distribution = { minGroupSize, quotas };
    }
  }
  const dimensions: Dimension[] | undefined =
    o.dimensions === undefined
      ? undefined
      : r.arr(o.dimensions, 'dimensions').flatMap((d, i) => {
          const dobj = r.obj(d, `dimensions[${i}]`);
          if (!dobj) return [];
          const dname = r.str(dobj.name, `dimensions[${i}].name`);
          const weight = r.num(dobj.weight, `dimensions[${i}].weight`);
          return dname && weight !== undefined ? [{ name: dname, weight }] : [];
        });
  const examples = r.arr(o.examples, 'examples', false).flatMap((e, i) => {
    const ex = readExample(r, e, `examples[${i}]`);
    return ex ? [ex] : [];
  });
  const acknowledged =
    o.acknowledged === undefined ? undefined : r.arr(o.acknowledged, 'acknowledged').map((x) => String(x));
  if (!id || !version || !effective || !family || !name || !rounding || !parts)
    return { problems: r.problems };
  const template: Template = clean({
    kind: 'kpi-template' as const,
    id,
    version,
    effective,
    family,
    name,
    rounding,
    parts,
    indicators,
    grades,
    distribution,
    dimensions,
    examples,
    acknowledged,
  });
  return { template, problems: r.problems };
}
