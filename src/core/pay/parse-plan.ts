/**
 * Parses and validates a pay plan (YAML text → {@link PayPlan}), listing every problem with its path.
 * The file format is documented in docs/pay-plans.md.
 */
import { parse as parseYaml } from 'yaml';
import type { Problem } from '../errors.ts';
import { type Dec, dec, type RoundingMode } from '../money.ts';
import { t } from '../text.ts';
import { FieldReader, isIsoMonth, type Obj } from './field-reader.ts';
import { checkLedgerDraft, type LedgerEntry } from './ledger.ts';
import { lintRateTable } from './lint-rate-table.ts';
import {
  COST_LINES,
  type CoefficientBand,
  type CostLine,
  type Instalment,
  type PayComponent,
  type PayPlan,
  type PlanExample,
  type PrizePlace,
  RANK_GROUPS,
  type RoleLevel,
  TIE_RULES,
} from './plan.ts';
import { BOUNDARY_RULES, type RateTable, TIER_MODES, type Tier } from './rate-table.ts';

export interface ParsePlanResult {
  plan: PayPlan | undefined;
  /** id and version as far as they could be read, for reports on invalid plans. */
  id: string;
  version: string;
  problems: Problem[];
}

const ROUNDING_MODES: readonly RoundingMode[] = ['half-up', 'half-even', 'down', 'up'];
const COMPONENT_TYPES = [
  'base',
  'commission',
  'performance-bonus',
  'per-unit',
  'year-end-pool',
  'rank-prize',
] as const;
const METRIC_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function readText(r: FieldReader, o: Obj, key: string, path: string): { zh: string; en: string } | undefined {
  const m = r.reqObj(o, key, path);
  if (!m) return undefined;
  const zh = r.str(m, 'zh', `${path}.${key}`);
  const en = r.str(m, 'en', `${path}.${key}`);
  return zh && en ? { zh, en } : undefined;
}

function readRoleLevels(r: FieldReader, o: Obj, key: string, path: string): RoleLevel[] | undefined {
  const items = r.list(o, key, path);
  if (!items) return undefined;
  const out: RoleLevel[] = [];
  items.forEach((item, i) => {
    const p = `${path ? `${path}.` : ''}${key}[${i}]`;
    const m = r.obj(item, p);
    if (!m) return;
    const role = r.str(m, 'role', p);
    const level = r.raw(m, 'level', p, true);
    if (role && level !== undefined) out.push({ role, level: level === null ? null : String(level) });
  });
  return out;
}

export function readRateTable(
  r: FieldReader,
  o: Obj,
  key: string,
  path: string,
  lint = true,
): RateTable | undefined {
  const p = `${path}.${key}`;
  const m = r.reqObj(o, key, path);
  if (!m) return undefined;
  const mode = r.oneOf(m, 'mode', p, TIER_MODES);
  const boundary = r.oneOf(m, 'boundary', p, BOUNDARY_RULES);
  const items = r.list(m, 'tiers', p);
  if (!mode || !boundary || !items) return undefined;
  const tiers: Tier[] = [];
  let ok = true;
  items.forEach((item, i) => {
    const tp = `${p}.tiers[${i}]`;
    const tm = r.obj(item, tp);
    if (!tm) {
      ok = false;
      return;
    }
    const from = r.decimal(tm, 'from', tp);
    const to = r.nullableDecimal(tm, 'to', tp);
    const rate = r.decimal(tm, 'rate', tp);
    if (from === undefined || to === undefined || rate === undefined) ok = false;
    else tiers.push({ from, to, rate });
  });
  if (!ok) return undefined;
  const table: RateTable = { mode, boundary, tiers };
  if (lint) r.problems.push(...lintRateTable(table, { file: r.file, path: p }));
  return table;
}

function readComponent(r: FieldReader, item: unknown, path: string): PayComponent | undefined {
  const m = r.obj(item, path);
  if (!m) return undefined;
  const id = r.str(m, 'id', path);
  const type = r.oneOf(m, 'type', path, COMPONENT_TYPES);
  const label = readText(r, m, 'label', path);
  const except = readRoleLevels(r, m, 'except', path);
  if (!id || !type || !label || !except) return undefined;
  const common = { id, label, except };
  switch (type) {
    case 'base':
      return { ...common, type };
    case 'commission': {
      const base = r.oneOf(m, 'base', path, ['net-sales', 'gross-profit', 'net-profit'] as const);
      const costRaw = r.list(m, 'cost_lines', path);
      const costLines: CostLine[] = [];
      costRaw?.forEach((c, i) => {
        if (typeof c === 'string' && (COST_LINES as readonly string[]).includes(c))
          costLines.push(c as CostLine);
        else
          r.error(
            `${path}.cost_lines[${i}]`,
            'bad_choice',
            `成本项必须是：${COST_LINES.join(', ')}`,
            `a cost line must be one of: ${COST_LINES.join(', ')}`,
            c,
          );
      });
      const table = readRateTable(r, m, 'table', path);
      const thresholdRaw = r.raw(m, 'threshold', path, true);
      let threshold: { amount: Dec; paysOn: 'all' | 'excess' } | null | undefined;
      if (thresholdRaw === null) threshold = null;
      else if (thresholdRaw !== undefined) {
        const tm = r.obj(thresholdRaw, `${path}.threshold`);
        const amount = tm ? r.decimal(tm, 'amount', `${path}.threshold`) : undefined;
        const paysOn = tm
          ? r.oneOf(tm, 'pays_on', `${path}.threshold`, ['all', 'excess'] as const)
          : undefined;
        threshold = amount && paysOn ? { amount, paysOn } : undefined;
      }
      const accumulation = r.oneOf(m, 'accumulation', path, ['month', 'year-to-date'] as const);
      const negative = r.oneOf(m, 'negative', path, ['zero', 'carry-forward'] as const);
      const ownRaw = r.raw(m, 'own_salary', path, true);
      const ownSalary =
        ownRaw === null
          ? null
          : r.oneOf(m, 'own_salary', path, ['base-only', 'base-and-commission'] as const);
      const ovRaw = r.raw(m, 'overhead', path, true);
      let overhead: Extract<PayComponent, { type: 'commission' }>['overhead'] | undefined;
      if (ovRaw === null) overhead = null;
      else if (ovRaw !== undefined) {
        const op = `${path}.overhead`;
        const om = r.obj(ovRaw, op);
        const itemsRaw = om ? r.list(om, 'items', op) : undefined;
        const items: { name: string; amount: Dec }[] = [];
        itemsRaw?.forEach((it, i) => {
          const im = r.obj(it, `${op}.items[${i}]`);
          const name = im ? r.str(im, 'name', `${op}.items[${i}]`) : undefined;
          const amount = im ? r.decimal(im, 'amount', `${op}.items[${i}]`) : undefined;
          if (name && amount) items.push({ name, amount });
        });
        const allocation = om
          ? r.oneOf(om, 'allocation', op, ['headcount', 'sales-share', 'fixed-percent'] as const)
          : undefined;
        const percent = om ? r.nullableDecimal(om, 'percent', op) : undefined;
        if (allocation === 'fixed-percent' && percent === null) {
          r.error(
            `${op}.percent`,
            'missing_percent',
            '按固定比例分摊时必须给出 percent',
            'fixed-percent allocation needs percent',
          );
        }
        if (allocation && allocation !== 'fixed-percent' && percent) {
          r.error(
            `${op}.percent`,
            'unused_percent',
            `按 ${allocation} 分摊时 percent 应为 null`,
            `percent must be null for ${allocation} allocation`,
          );
        }
        overhead =
          allocation && percent !== undefined && itemsRaw ? { items, allocation, percent } : undefined;
      }
      if (!base || !costRaw || !table || threshold === undefined || !accumulation || !negative)
        return undefined;
      if (ownSalary === undefined || overhead === undefined) return undefined;
      if (base === 'net-sales' && costLines.length > 0) {
        r.error(
          `${path}.cost_lines`,
          'cost_lines_unused',
          '按净销售额提成时 cost_lines 应为 []',
          'cost_lines must be [] for a net-sales base',
        );
      }
      if (base !== 'net-profit' && (ownSalary !== null || overhead !== null)) {
        r.error(
          `${path}.own_salary`,
          'net_profit_only',
          'own_salary 与 overhead 只用于纯利提成，其他基数应为 null',
          'own_salary and overhead apply to a net-profit base only; set them to null',
        );
      }
      if (base === 'net-profit' && (ownSalary === null || overhead === null)) {
        r.error(
          `${path}.own_salary`,
          'net_profit_needs_fields',
          '纯利提成必须声明 own_salary（自身工资口径）与 overhead（公摊费用）',
          'a net-profit base must declare own_salary and overhead',
        );
      }
      if (ownSalary === 'base-and-commission') {
        const only = table.tiers[0];
        if (table.tiers.length !== 1 || !only || !only.from.isZero() || only.to !== null) {
          r.error(
            `${path}.table`,
            'single_rate_required',
            '自身工资含提成时（C = r×(P−B−O)/(1+r)）只能用单一比例：一档，从 0 起，无上限',
            'own salary including commission (C = r×(P−B−O)/(1+r)) needs a single rate: one tier from 0, no upper end',
          );
        }
      }
      return {
        ...common,
        type,
        base,
        costLines,
        table,
        threshold,
        accumulation,
        negative,
        ownSalary,
        overhead,
      };
    }
    case 'performance-bonus': {
      const bonusBase = r.decimalMap(m, 'bonus_base', path);
      const cm = r.reqObj(m, 'coefficient', path);
      const cp = `${path}.coefficient`;
      let coefficient: Extract<PayComponent, { type: 'performance-bonus' }>['coefficient'] | undefined;
      if (cm) {
        const by = r.oneOf(cm, 'by', cp, ['score', 'grade'] as const);
        if (by === 'grade') {
          const grades = r.decimalMap(cm, 'grades', cp);
          if (grades) coefficient = { by, grades };
        } else if (by === 'score') {
          const boundary = r.oneOf(cm, 'boundary', cp, ['from-inclusive', 'from-exclusive'] as const);
          const bandsRaw = r.list(cm, 'bands', cp);
          const bands: CoefficientBand[] = [];
          bandsRaw?.forEach((b, i) => {
            const bp = `${cp}.bands[${i}]`;
            const bm = r.obj(b, bp);
            const from = bm ? r.decimal(bm, 'from', bp) : undefined;
            const c = bm ? r.decimal(bm, 'coefficient', bp) : undefined;
            if (from && c) bands.push({ from, coefficient: c });
          });
          for (let i = 1; i < bands.length; i++) {
            if (!bands[i]!.from.lt(bands[i - 1]!.from)) {
              r.error(
                `${cp}.bands[${i}]`,
                'bands_unordered',
                '系数档位须按分数从高到低排列',
                'coefficient bands must go from the highest score down',
              );
            }
          }
          if (boundary && bandsRaw) coefficient = { by, boundary, bands };
        }
      }
      const capCoefficient = r.nullableDecimal(m, 'cap_coefficient', path);
      const prorate = r.bool(m, 'prorate', path);
      if (!bonusBase || !coefficient || capCoefficient === undefined || prorate === undefined)
        return undefined;
      return { ...common, type, bonusBase, coefficient, capCoefficient, prorate };
    }
    case 'per-unit': {
      const thresholdUnits = r.decimal(m, 'threshold_units', path);
      const amountPerUnit = r.decimal(m, 'amount_per_unit', path);
      const paysFrom = r.oneOf(m, 'pays_from', path, ['first-unit', 'above-threshold'] as const);
      if (thresholdUnits && (!thresholdUnits.isInteger() || thresholdUnits.isNegative())) {
        r.error(
          `${path}.threshold_units`,
          'not_count',
          'threshold_units 应为非负整数',
          'threshold_units must be a whole number ≥ 0',
        );
      }
      if (!thresholdUnits || !amountPerUnit || !paysFrom) return undefined;
      return { ...common, type, thresholdUnits: thresholdUnits.toNumber(), amountPerUnit, paysFrom };
    }
    case 'year-end-pool': {
      const yearRaw = r.decimal(m, 'year', path);
      const sizing = readRateTable(r, m, 'sizing', path);
      const sm = r.reqObj(m, 'split', path);
      const sp = `${path}.split`;
      let split: Extract<PayComponent, { type: 'year-end-pool' }>['split'] | undefined;
      if (sm) {
        const method = r.oneOf(sm, 'method', sp, ['headcount', 'coefficients'] as const);
        if (method === 'headcount') split = { method };
        else if (method === 'coefficients') {
          const gradeCoefficients = r.decimalMap(sm, 'grade_coefficients', sp);
          const personalStandard = r.decimalMap(sm, 'personal_standard', sp);
          const departmentCoefficients = r.decimalMap(sm, 'department_coefficients', sp);
          const departmentStandard = r.decimal(sm, 'department_standard', sp);
          if (gradeCoefficients && personalStandard && departmentCoefficients && departmentStandard) {
            split = {
              method,
              gradeCoefficients,
              personalStandard,
              departmentCoefficients,
              departmentStandard,
            };
          }
        }
      }
      const instRaw = r.list(m, 'instalments', path);
      const instalments: Instalment[] = [];
      instRaw?.forEach((it, i) => {
        const ip = `${path}.instalments[${i}]`;
        const im = r.obj(it, ip);
        const month = im ? r.month(im, 'month', ip) : undefined;
        const date = im ? r.date(im, 'date', ip) : undefined;
        const fraction = im ? r.decimal(im, 'fraction', ip) : undefined;
        if (month && date && fraction) {
          if (!date.startsWith(month)) {
            r.error(
              `${ip}.date`,
              'date_outside_month',
              `付款日 ${date} 不在 ${month} 内`,
              `payment date ${date} is not in ${month}`,
            );
          }
          instalments.push({ month, date, fraction });
        }
      });
      if (instRaw && instalments.length === instRaw.length) {
        const sum = instalments.reduce((a, b) => a.plus(b.fraction), dec(0));
        if (!sum.eq(1)) {
          r.error(
            `${path}.instalments`,
            'fractions_total',
            `各期比例合计 ${sum.toString()}，应为 1`,
            `instalment fractions add up to ${sum.toString()}, not 1`,
          );
        }
        for (let i = 1; i < instalments.length; i++) {
          if (instalments[i]!.month <= instalments[i - 1]!.month) {
            r.error(
              `${path}.instalments[${i}]`,
              'instalments_unordered',
              '各期须按月份先后排列',
              'instalments must be in month order',
            );
          }
        }
      }
      const forfeit = r.oneOf(m, 'forfeit', path, ['leavers-before-date', 'none'] as const);
      const forfeited = r.oneOf(m, 'forfeited', path, ['company-keeps'] as const);
      if (!yearRaw || !sizing || !split || !instRaw || !forfeit || !forfeited) return undefined;
      return { ...common, type, year: yearRaw.toNumber(), sizing, split, instalments, forfeit, forfeited };
    }
    case 'rank-prize':
      return readRankPrize(r, m, path, common);
  }
}

/** `type: rank-prize`: group, metric, direction, eligibility, places, ties and budget, all declared. */
function readRankPrize(
  r: FieldReader,
  m: Obj,
  path: string,
  common: { id: string; label: { zh: string; en: string }; except: RoleLevel[] },
): PayComponent | undefined {
  const group = r.oneOf(m, 'group', path, RANK_GROUPS);
  const metric = r.str(m, 'metric', path);
  if (metric && !METRIC_NAME.test(metric))
    r.error(
      `${path}.metric`,
      'bad_metric',
      '指标名只能含字母、数字和下划线',
      'a metric name is letters, digits and _',
      metric,
    );
  const direction = r.oneOf(m, 'direction', path, ['higher', 'lower'] as const);
  const ties = r.oneOf(m, 'ties', path, TIE_RULES);
  const budget = r.nullableDecimal(m, 'budget', path);
  const eligRaw = r.raw(m, 'eligibility', path, true);
  let eligibility: { metric: string; atLeast: Dec | null; atMost: Dec | null } | null | undefined;
  if (eligRaw === null) eligibility = null;
  else if (eligRaw !== undefined) {
    const ep = `${path}.eligibility`;
    const em = r.obj(eligRaw, ep);
    const emetric = em ? r.str(em, 'metric', ep) : undefined;
    const atLeast = em ? r.nullableDecimal(em, 'at_least', ep) : undefined;
    const atMost = em ? r.nullableDecimal(em, 'at_most', ep) : undefined;
    if (atLeast !== undefined && atMost !== undefined && atLeast === null && atMost === null)
      r.error(
        ep,
        'eligibility_empty',
        '参评条件须给出 at_least 或 at_most（无条件请写 eligibility: null）',
        'eligibility needs at_least or at_most (write eligibility: null for none)',
      );
    if (emetric && !METRIC_NAME.test(emetric))
      r.error(
        `${ep}.metric`,
        'bad_metric',
        '指标名只能含字母、数字和下划线',
        'a metric name is letters, digits and _',
        emetric,
      );
    if (emetric && atLeast !== undefined && atMost !== undefined)
      eligibility = { metric: emetric, atLeast, atMost };
  }
  const placesRaw = r.list(m, 'places', path);
  const places: PrizePlace[] = [];
  let placesOk = true;
  placesRaw?.forEach((it, i) => {
    const pp = `${path}.places[${i}]`;
    const pm = r.obj(it, pp);
    const label = pm ? readText(r, pm, 'label', pp) : undefined;
    const count = pm ? r.decimal(pm, 'count', pp) : undefined;
    const amount = pm ? r.decimal(pm, 'amount', pp) : undefined;
    if (count && (!count.isInteger() || count.isNegative())) {
      r.error(`${pp}.count`, 'not_count', '名额应为非负整数', 'count must be a whole number ≥ 0');
      placesOk = false;
    }
    if (amount?.isNegative()) {
      r.error(`${pp}.amount`, 'negative_prize', '奖金不能为负数', 'a prize cannot be negative');
      placesOk = false;
    }
    if (!label || !count || !amount) placesOk = false;
    else places.push({ label, count: count.toNumber(), amount });
  });
  if (placesRaw && placesRaw.length === 0) {
    r.error(`${path}.places`, 'no_places', '排名奖至少要有一个名次', 'a rank prize needs at least one place');
    placesOk = false;
  }
  if (!group || !metric || !direction || !ties || budget === undefined || eligibility === undefined)
    return undefined;
  if (!placesRaw || !placesOk) return undefined;
  // Lint (warnings): places that pay nothing, a lower place paying more, and the pool against the budget.
  places.forEach((p, i) => {
    if (p.count === 0 || p.amount.isZero())
      r.warn(
        `${path}.places[${i}]`,
        'unused_place',
        `名次 ${p.label.zh} 名额为 0 或奖金为 0：不会发放`,
        `place ${p.label.en} has count 0 or amount 0: it never pays`,
      );
    const prev = places[i - 1];
    if (prev && p.amount.gt(prev.amount))
      r.warn(
        `${path}.places[${i}]`,
        'place_pays_more',
        `${p.label.zh}（${p.amount}）高于前一名次 ${prev.label.zh}（${prev.amount}）`,
        `${p.label.en} (${p.amount}) pays more than the place above it, ${prev.label.en} (${prev.amount})`,
      );
  });
  const pool = places.reduce((a, p) => a.plus(p.amount.times(p.count)), dec(0));
  if (budget !== null && pool.gt(budget))
    r.warn(
      `${path}.budget`,
      'prize_over_budget',
      `各名次奖金合计 ${pool} 超过预算 ${budget}（每组每月）`,
      `the places add up to ${pool}, more than the budget ${budget} (per group and month)`,
    );
  if (budget !== null && ties === 'all-higher')
    r.warn(
      `${path}.ties`,
      'ties_may_exceed_budget',
      '并列均按较高名次发放时，实际发放可能超过名额合计与预算',
      'with all-higher ties the prizes paid can exceed the places and the budget',
    );
  return { ...common, type: 'rank-prize', group, metric, direction, eligibility, places, ties, budget };
}

function readExample(r: FieldReader, item: unknown, path: string): PlanExample | undefined {
  const m = r.obj(item, path);
  if (!m) return undefined;
  const name = r.str(m, 'name', path);
  const month = r.month(m, 'month', path);
  const rowsRaw = r.list(m, 'rows', path);
  const rows: Record<string, string>[] = [];
  rowsRaw?.forEach((row, i) => {
    const rm = r.obj(row, `${path}.rows[${i}]`);
    if (!rm) return;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(rm)) out[k] = v === null || v === undefined ? '' : String(v);
    rows.push(out);
  });
  const scoresRaw = 'scores' in m ? r.list(m, 'scores', path) : [];
  const scores: PlanExample['scores'] = [];
  scoresRaw?.forEach((s, i) => {
    const sp = `${path}.scores[${i}]`;
    const sm = r.obj(s, sp);
    const employee = sm ? r.str(sm, 'employee', sp) : undefined;
    const total = sm ? r.decimal(sm, 'total', sp) : undefined;
    const grade = sm ? r.str(sm, 'grade', sp) : undefined;
    if (employee && total && grade) scores.push({ employee, total: total.toNumber(), grade });
  });
  const ledgerRaw = 'ledger' in m ? r.list(m, 'ledger', path) : [];
  const ledger: LedgerEntry[] = [];
  ledgerRaw?.forEach((l, i) => {
    const lp = `${path}.ledger[${i}]`;
    const lm = r.obj(l, lp);
    if (!lm) return;
    const s = (k: string) => (lm[k] === undefined || lm[k] === null ? '' : String(lm[k]));
    const checked = checkLedgerDraft(
      {
        employee: s('employee'),
        month: s('month') || (month ?? ''),
        date: s('date'),
        kind: s('kind'),
        reason: s('reason'),
        quantity: s('quantity'),
        unitAmount: s('unit_amount'),
        amount: s('amount'),
      },
      {},
    );
    for (const p of checked.problems)
      r.error(`${lp}.${p.where.column ?? ''}`, p.code, p.message.zh, p.message.en, p.where.value);
    if (!checked.draft) return;
    const reverses = s('reverses') || null;
    const d = checked.draft;
    ledger.push({
      ...d,
      id: s('id') || `${lp}`,
      // a reversing entry negates quantity and amount, so fine/reward keeps its sign of effect
      quantity: reverses ? d.quantity.negated() : d.quantity,
      amount: reverses ? d.amount.negated() : d.amount,
      source: `${r.file} ${lp}`,
      recordedBy: 'example',
      reverses,
    });
  });
  const em = r.reqObj(m, 'expect', path);
  const expect: Record<string, Record<string, Dec>> = {};
  if (em) {
    for (const [emp, lines] of Object.entries(em)) {
      const lm = r.obj(lines, `${path}.expect.${emp}`);
      if (!lm) continue;
      expect[emp] = {};
      for (const [line, v] of Object.entries(lm)) {
        const d = r.decimalOf(v, `${path}.expect.${emp}.${line}`);
        if (d) expect[emp][line] = d;
      }
    }
  }
  if (!name || !month || !rowsRaw || !em) return undefined;
  return { name, month, rows, scores, ledger, expect };
}

/** Parses a plan document that has already been read from YAML. */
export function parsePlanDocument(doc: unknown, file: string): ParsePlanResult {
  const r = new FieldReader(file);
  const root = r.obj(doc, '(root)');
  if (!root) return { plan: undefined, id: '', version: '', problems: r.problems };
  const kind = r.raw(root, 'kind', '');
  if (kind !== undefined && kind !== 'pay-plan') {
    r.error('kind', 'bad_kind', 'kind 应为 pay-plan', 'kind must be pay-plan', kind);
  }
  const id = r.str(root, 'id', '');
  const version = r.str(root, 'version', '');
  const name = readText(r, root, 'name', '');
  const effectiveFrom = r.date(root, 'effective_from', '');
  const effectiveTo = r.date(root, 'effective_to', '', true);
  const assign = readRoleLevels(r, root, 'assign', '');
  const rm = r.reqObj(root, 'rounding', '');
  const mode = rm ? r.oneOf(rm, 'mode', 'rounding', ROUNDING_MODES) : undefined;
  const point = rm ? r.decimal(rm, 'point', 'rounding') : undefined;
  const at = rm ? r.oneOf(rm, 'at', 'rounding', ['line'] as const) : undefined;
  if (point && (!point.isInteger() || point.lt(0) || point.gt(4))) {
    r.error(
      'rounding.point',
      'bad_point',
      'rounding.point 应为 0 到 4 的整数',
      'rounding.point must be a whole number from 0 to 4',
    );
  }
  const pm = r.reqObj(root, 'proration', '');
  const convention = pm
    ? r.oneOf(pm, 'convention', 'proration', ['calendar-days', 'thirty-day-month'] as const)
    : undefined;
  const joinDayCounts = pm ? r.bool(pm, 'join_day_counts', 'proration') : undefined;
  const leaveDayCounts = pm ? r.bool(pm, 'leave_day_counts', 'proration') : undefined;
  const refunds = r.oneOf(root, 'refunds', '', ['month-refunded', 'original-month'] as const);
  const fm = r.reqObj(root, 'fx', '');
  const payCurrency = fm ? r.oneOf(fm, 'pay_currency', 'fx', ['CNY'] as const) : undefined;
  const rateDate = fm ? r.oneOf(fm, 'rate_date', 'fx', ['month-end', 'within-month'] as const) : undefined;
  const compsRaw = r.list(root, 'components', '');
  const components: PayComponent[] = [];
  let compsOk = true;
  compsRaw?.forEach((c, i) => {
    const comp = readComponent(r, c, `components[${i}]`);
    if (comp) components.push(comp);
    else compsOk = false;
  });
  const ids = new Set<string>();
  components.forEach((c, i) => {
    if (ids.has(c.id) || c.id === 'total') {
      r.error(
        `components[${i}].id`,
        'duplicate_id',
        `组成部分 id "${c.id}" 重复或保留`,
        `component id "${c.id}" is repeated or reserved`,
      );
    }
    ids.add(c.id);
  });
  if (compsRaw && compsRaw.length === 0) {
    r.error('components', 'no_components', '方案至少要有一个组成部分', 'a plan needs at least one component');
  }
  const baseCount = components.filter((c) => c.type === 'base').length;
  if (baseCount > 1)
    r.error('components', 'two_bases', '方案只能有一个底薪', 'a plan can have one base component only');
  if (baseCount === 0 && components.some((c) => c.type === 'commission' && c.base === 'net-profit')) {
    r.error(
      'components',
      'net_profit_needs_base',
      '纯利提成要扣除自身底薪，方案须有 base 组成部分',
      'net-profit commission deducts own base: the plan needs a base component',
    );
  }
  if (effectiveFrom && effectiveTo && effectiveTo < effectiveFrom) {
    r.error(
      'effective_to',
      'dates_reversed',
      'effective_to 早于 effective_from',
      'effective_to is before effective_from',
    );
  }
  const exRaw = r.list(root, 'examples', '');
  const examples: PlanExample[] = [];
  exRaw?.forEach((e, i) => {
    const ex = readExample(r, e, `examples[${i}]`);
    if (ex) examples.push(ex);
  });
  if (exRaw && exRaw.length === 0) {
    r.error(
      'examples',
      'no_examples',
      '方案至少要有一个示例（输入 → 预期金额）',
      'a plan needs at least one example (inputs → expected lines)',
    );
  }
  examples.forEach((ex, i) => {
    if (!isIsoMonth(ex.month)) return;
    for (const [emp, lines] of Object.entries(ex.expect)) {
      for (const key of Object.keys(lines)) {
        if (
          key !== 'total' &&
          !ids.has(key) &&
          !key.startsWith('clawback') &&
          key !== 'ledger' &&
          !key.startsWith('correction')
        ) {
          r.error(
            `examples[${i}].expect.${emp}.${key}`,
            'unknown_line',
            `没有 id 为 "${key}" 的组成部分`,
            `no component has id "${key}"`,
          );
        }
      }
    }
  });
  if (point?.isInteger()) {
    components.forEach((c, i) => {
      if (c.type !== 'rank-prize') return;
      c.places.forEach((p, j) => {
        if (p.amount.decimalPlaces() > point.toNumber())
          r.error(
            `components[${i}].places[${j}].amount`,
            'prize_decimals',
            `奖金 ${p.amount} 的小数位多于 rounding.point（${point}）`,
            `prize ${p.amount} has more decimals than rounding.point (${point})`,
          );
      });
    });
  }
  const problems = r.problems;
  const hasError = problems.some((p) => p.severity === 'error');
  if (
    hasError ||
    !id ||
    !version ||
    !name ||
    !effectiveFrom ||
    effectiveTo === undefined ||
    !assign ||
    !mode ||
    !point ||
    !at ||
    !convention ||
    joinDayCounts === undefined ||
    leaveDayCounts === undefined ||
    !refunds ||
    !payCurrency ||
    !rateDate ||
    !compsOk
  ) {
    return { plan: undefined, id: id ?? '', version: version ?? '', problems };
  }
  return {
    plan: {
      id,
      version,
      name,
      effectiveFrom,
      effectiveTo,
      assign,
      rounding: { mode, point: point.toNumber(), at },
      proration: { convention, joinDayCounts, leaveDayCounts },
      refunds,
      fx: { payCurrency, rateDate },
      components,
      examples,
    },
    id,
    version,
    problems,
  };
}

/** Parses plan YAML text; a YAML syntax error is reported as a problem with its line. */
export function parsePlan(yamlText: string, file: string): ParsePlanResult {
  let doc: unknown;
  try {
    doc = parseYaml(yamlText);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      plan: undefined,
      id: '',
      version: '',
      problems: [
        {
          severity: 'error',
          code: 'yaml_syntax',
          message: t(`YAML 语法错误：${message}`, `YAML syntax error: ${message}`),
          where: { file },
        },
      ],
    };
  }
  return parsePlanDocument(doc, file);
}
