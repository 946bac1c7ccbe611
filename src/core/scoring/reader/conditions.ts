/**
 * Reading one row of a 评分标准 cell: a condition on the figure (以上/以下/超过/不满, "90%-100%",
 * "[90%,100%)", "220>X≥180") and the value it gives ("得15分", "不得分", "满分", a bare number).
 *
 * Inclusion follows Chinese usage (民法典 第1259条): 以上/以下/以内 include the number, 超过/不满/不足/低于/
 * 高于 exclude it. A dash range ("90%-100%") states neither end; {@link Bound.stated} records that, so the
 * table reader can decide the shared ends from the neighbouring rows or report the choice as ambiguous.
 */
import { Dec } from '../../money.ts';

export interface Bound {
  value: number;
  inclusive: boolean;
  /** false when the wording does not say whether the end is included (dash ranges) */
  stated: boolean;
  /** the number as written, for deciding the granularity of integer-percent tables */
  written: string;
}

export interface Condition {
  lower?: Bound;
  upper?: Bound;
  /** some threshold was written with % or ‰ */
  percent: boolean;
  /** 超过120%以上: 'lower' or 'upper' end is worded both ways */
  contradictory?: 'lower' | 'upper';
  /** the condition is 达到/完成目标, i.e. on completion */
  targetWord: boolean;
}

export type RowValue =
  | { kind: 'points'; points: number }
  | { kind: 'full' }
  | { kind: 'deduct'; points: number }
  | { kind: 'fraction-of-full'; fraction: number }
  | { kind: 'linear' };

export interface Row {
  condition?: Condition;
  value?: RowValue;
  isElse: boolean;
  text: string;
}

export const NUM = String.raw`(\d+(?:\.\d+)?)\s*(%|‰)?`;
const UNIT =
  '(?:个百分点|百分点|个点|次|单|例|件|起|项|处|个|人|条|笔|张|元|秒|分钟|小时|天|名|单位|款|篇|场|套|位|家|分)?';

/** A number as written ("95", "%") → the fraction or plain number, exactly (0.5% is 0.005, not 0.005000000001). */
export function toNumber(digits: string, pct?: string): number {
  const d = new Dec(digits);
  if (pct === '%') return d.div(100).toNumber();
  if (pct === '‰') return d.div(1000).toNumber();
  return d.toNumber();
}

function bound(digits: string, pct: string | undefined, inclusive: boolean, stated = true): Bound {
  return { value: toNumber(digits, pct), inclusive, stated, written: `${digits}${pct ?? ''}` };
}

type Op = '>' | '<' | '≥' | '≤';

/** "a op X": the bound X gets from a number written on its left. */
function leftOp(op: Op, b: (incl: boolean) => Bound): Pick<Condition, 'lower' | 'upper'> {
  if (op === '>') return { upper: b(false) };
  if (op === '≥') return { upper: b(true) };
  if (op === '<') return { lower: b(false) };
  return { lower: b(true) };
}

/** "X op a": the bound X gets from a number written on its right. */
function rightOp(op: Op, b: (incl: boolean) => Bound): Pick<Condition, 'lower' | 'upper'> {
  if (op === '>') return { lower: b(false) };
  if (op === '≥') return { lower: b(true) };
  if (op === '<') return { upper: b(false) };
  return { upper: b(true) };
}

const LOWER_EXCL = '超过|超出|大于|高于|多于';
const LOWER_INCL = '大于等于|不低于|不少于|不小于|达到|达|满';
const UPPER_EXCL = '低于|不足|不满|小于|少于|未达到|未达|未满';
const UPPER_INCL = '小于等于|不超过|不高于|不大于|不多于';

/**
 * Finds the condition in one segment and returns it with the rest of the text (the value part).
 * Returns `condition: undefined` when the segment states none; `conflict` when it states one end twice.
 */
export function parseCondition(segment: string): { condition?: Condition; rest: string; conflict?: boolean } {
  let rest = segment;
  const cond: Condition = { percent: false, targetWord: false };
  let found = false;
  let conflict = false;
  const put = (part: Pick<Condition, 'lower' | 'upper'>, pct: boolean) => {
    found = true;
    if (pct) cond.percent = true;
    if (part.lower) {
      if (cond.lower) conflict = true;
      cond.lower = part.lower;
    }
    if (part.upper) {
      if (cond.upper) conflict = true;
      cond.upper = part.upper;
    }
  };
  const take = (re: RegExp, f: (m: RegExpExecArray) => void) => {
    const m = re.exec(rest);
    if (!m) return false;
    f(m);
    rest = `${rest.slice(0, m.index)} ${rest.slice(m.index + m[0].length)}`;
    return true;
  };

  // [90%,100%) and the reversed 【100%,90%): each bracket belongs to the number beside it.
  take(new RegExp(String.raw`([\[(])\s*${NUM}\s*,\s*${NUM}\s*([\])])`), (m) => {
    let a = bound(m[2]!, m[3] ?? m[5], m[1] === '[');
    let b = bound(m[4]!, m[5] ?? m[3], m[6] === ']');
    if (a.value > b.value) [a, b] = [b, a];
    put({ lower: a, upper: b }, Boolean(m[3] || m[5]));
  });
  // 220>X≥180, 90%≤完成率<100%
  take(new RegExp(String.raw`${NUM}\s*([<>≤≥])\s*[^\d<>≤≥,;:]{1,12}?\s*([<>≤≥])\s*${NUM}`), (m) => {
    const pct = m[2] ?? m[6];
    put(
      leftOp(m[3] as Op, (i) => bound(m[1]!, m[2] ?? pct, i)),
      Boolean(pct),
    );
    put(
      rightOp(m[4] as Op, (i) => bound(m[5]!, m[6] ?? pct, i)),
      Boolean(pct),
    );
  });
  // 90%-100%, 90-100%, 1万~2万, 40秒-60秒, 95%(含)-98%: ends not stated unless (含)/(不含) says
  take(
    new RegExp(
      String.raw`${NUM}\s*${UNIT}\s*(\(含\)|\(不含\))?\s*(?:-|~|至|到)\s*${NUM}\s*${UNIT}\s*(\(含\)|\(不含\))?`,
    ),
    (m) => {
      const pct = m[2] ?? m[5];
      const mk = (digits: string, p: string | undefined, mark: string | undefined) =>
        mark ? bound(digits, p ?? pct, mark === '(含)') : bound(digits, p ?? pct, true, false);
      const a = mk(m[1]!, m[2], m[3]);
      const b = mk(m[4]!, m[5], m[6]);
      put(a.value <= b.value ? { lower: a, upper: b } : { lower: b, upper: a }, Boolean(pct));
    },
  );
  // 220>X, ≥220, X<5%
  for (let i = 0; i < 2; i++) {
    take(new RegExp(String.raw`${NUM}\s*([<>≤≥])\s*[xX]`), (m) => {
      put(
        leftOp(m[3] as Op, (inc) => bound(m[1]!, m[2], inc)),
        Boolean(m[2]),
      );
    });
    take(new RegExp(String.raw`([<>≤≥])\s*${NUM}`), (m) => {
      put(
        rightOp(m[1] as Op, (inc) => bound(m[2]!, m[3], inc)),
        Boolean(m[3]),
      );
    });
  }
  // words before the number: 超过5%, 低于60%, 不超过3次 (with a contradictory 以上/以下 after it)
  for (let i = 0; i < 2; i++) {
    take(
      new RegExp(
        String.raw`(${UPPER_INCL}|${LOWER_INCL}|${LOWER_EXCL}|${UPPER_EXCL})\s*${NUM}\s*${UNIT}\s*(\(含\)|含)?\s*(及以上|或以上|以上|及以下|或以下|以下|以内)?`,
      ),
      (m) => {
        const w = m[1]!;
        const tail = m[5];
        const b = (inc: boolean) => bound(m[2]!, m[3], inc);
        if (new RegExp(`^(${UPPER_INCL})$`).test(w)) put({ upper: b(true) }, Boolean(m[3]));
        else if (new RegExp(`^(${LOWER_INCL})$`).test(w)) put({ lower: b(true) }, Boolean(m[3]));
        else if (new RegExp(`^(${LOWER_EXCL})$`).test(w)) {
          put({ lower: b(false) }, Boolean(m[3]));
          if (tail && /以上/.test(tail)) cond.contradictory = 'lower';
        } else {
          put({ upper: b(false) }, Boolean(m[3]));
          if (tail && /以下/.test(tail)) cond.contradictory = 'upper';
        }
      },
    );
  }
  // words after the number: 95%以上, 3次以内, 60%(含)以下
  for (let i = 0; i < 2; i++) {
    take(
      new RegExp(String.raw`${NUM}\s*${UNIT}\s*(?:\(含\)|含)?\s*(及以上|或以上|以上|及以下|或以下|以下)`),
      (m) => {
        const above = /以上/.test(m[3]!);
        put(above ? { lower: bound(m[1]!, m[2], true) } : { upper: bound(m[1]!, m[2], true) }, Boolean(m[2]));
      },
    );
  }
  // 3%以内, 3次以内, 2次修改内: only when nothing else in the clause is a condition, since "24小时内发货率≥98%"
  // names the metric with a number and 内
  if (!found) {
    take(new RegExp(String.raw`${NUM}\s*${UNIT}\s*(?:\(含\)|含)?\s*(以内|之内|内)`), (m) => {
      put({ upper: bound(m[1]!, m[2], true) }, Boolean(m[2]));
    });
  }
  if (!found) {
    take(new RegExp(String.raw`${NUM}\s*${UNIT}\s*[\u4e00-\u9fa5]{1,4}?(以内|之内|内)`), (m) => {
      put({ upper: bound(m[1]!, m[2], true) }, Boolean(m[2]));
    });
  }
  // 达到目标 / 未完成目标: completion 100%
  take(/(未|没有|没|不)(能)?(达到|完成|达成)(目标|计划|任务)/, () => {
    cond.targetWord = true;
    put({ upper: { value: 1, inclusive: false, stated: true, written: '100%' } }, true);
  });
  take(/(达到|完成|达成|超额完成)(目标|计划|任务)/, () => {
    cond.targetWord = true;
    put({ lower: { value: 1, inclusive: true, stated: true, written: '100%' } }, true);
  });
  return { condition: found ? cond : undefined, rest, conflict };
}

/** The value a row gives, from the text left after its condition. */
export function parseValue(rest: string): RowValue | undefined {
  if (/按(实际)?(完成率|达成率|完成比例|完成情况|实际完成|比例)/.test(rest)) return { kind: 'linear' };
  const frac = /(满分|分值|权重|总分)的?\s*(\d+(?:\.\d+)?)%/.exec(rest);
  if (frac) return { kind: 'fraction-of-full', fraction: toNumber(frac[2]!, '%') };
  if (/满分/.test(rest)) return { kind: 'full' };
  if (/不得分|不计分|不给分|零分|无分|(?<![\d.])0分|得0(?![\d.])/.test(rest))
    return { kind: 'points', points: 0 };
  const ded = /(扣|减)(除)?\s*(\d+(?:\.\d+)?)\s*分/.exec(rest);
  if (ded) return { kind: 'deduct', points: toNumber(ded[3]!) };
  const pts = [...rest.matchAll(/(-?\d+(?:\.\d+)?)\s*分/g)];
  const last = pts.at(-1);
  if (last) return { kind: 'points', points: toNumber(last[1]!) };
  // "≥220 100": a bare number after the condition
  const bare = /^[\sxX:=得计为]*(-?\d+(?:\.\d+)?)\s*$/.exec(rest);
  if (bare) return { kind: 'points', points: toNumber(bare[1]!) };
  return undefined;
}

/** Splits on ; and , outside brackets ("[90%,100%)" is one clause). */
export function splitClauses(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '[' || ch === '(') depth++;
    else if ((ch === ']' || ch === ')') && depth > 0) depth--;
    if ((ch === ';' || ch === ',') && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x.length > 0);
}

const ELSE_WORDS = /其他|其余|其它|否则|以外|此外/;

/** Splits a cell into rows, joining a condition written in one clause with the value in the next. */
export function splitRows(text: string): Row[] {
  const segments = splitClauses(text);
  const rows: Row[] = [];
  for (const seg of segments) {
    const { condition, rest, conflict } = parseCondition(seg);
    const value = parseValue(rest);
    const row: Row = { isElse: !condition && ELSE_WORDS.test(seg), text: seg };
    if (condition && !conflict) row.condition = condition;
    if (value) row.value = value;
    const prev = rows.at(-1);
    if (prev?.condition && !prev.value && !row.condition && value) {
      prev.value = value;
      prev.text = `${prev.text},${seg}`;
      continue;
    }
    rows.push(row);
  }
  return rows;
}
