/**
 * Texts scored on the days of the month (issue 8 §3), read into a rule on a day-derived figure plus the
 * indicator's `derive { kind: days }`:
 *
 * - a per-day count: "每日低于50个访客，减10分" → derive days (count: days, when: < 50) and a per-unit rule on
 *   the number of such days (−10 per day from the full points); "每天发货量达到500单加1分" likewise adds;
 * - the longest streak: "连续3天未完成扣5分" → derive days (count: longestStreak, when: completion < 100%)
 *   and bands on the longest run (≥ 3 days → full − 5, else full).
 *
 * Read as a band table on the month's figure instead, these texts gave a table scoring 0 everywhere (每日…)
 * or a pass-fail (连续…): both wrong. A clause these shapes do not cover is refused, never dropped.
 */
import { type Text, t } from '../../text.ts';
import { describeInterval } from '../interval.ts';
import type { Band, BandsRule, Derive, Interval } from '../types.ts';
import { type Condition, parseCondition, parseValue, splitClauses } from './conditions.ts';
import { readPerUnit } from './read-per-unit.ts';
import type { Outcome, ReadContext } from './reader-types.ts';

const DAY = /每日|每天|单日|当日|每1天|每个工作日/;
/** 日均 is the month's average per day: a plain figure, not a count of days. */
const DAILY_AVERAGE = /日均|平均/;
const NOT_DONE = /未完成|没完成|没有完成|未达标|不达标|未达成|没达标|没有达标/;
const STREAK = /连续\s*(超过)?\s*(\d+)\s*(?:个)?(?:工作)?(?:天|日)\s*(及以上|或以上|以上)?/;
const POINTS = /(扣除|扣|减|加|奖励|奖|得)\s*(\d+(?:\.\d+)?)\s*分/;
/** floors, caps and base points: passed on to the per-unit reader */
const MODIFIER = /扣完为止|扣至0|扣到0|最低|最高|最多|上限|封顶|为止|基础分|基本分/;
const ELSE_WORDS = /其他|其余|其它|否则/;

function toInterval(c: Condition): Interval {
  const w: Interval = {};
  if (c.lower) w[c.lower.inclusive ? 'gte' : 'gt'] = c.lower.value;
  if (c.upper) w[c.upper.inclusive ? 'lte' : 'lt'] = c.upper.value;
  return w;
}

const COMPLETION_NOTE = t(
  '"未完成/达到目标"按当天完成率与100%比较：每日数据须是当天的完成率（实际 ÷ 当日目标）',
  '"not done / target reached" compares the day’s completion with 100%: the daily figure must be the day’s completion (actual ÷ daily target)',
);

/** The condition a day must meet, from a clause with the day words and the points taken out. */
function dailyCondition(clause: string): { when: Interval; notes: Text[]; percent: boolean } | null {
  const bare = clause
    .replace(STREAK, ' ')
    .replace(/每日|每天|单日|当日|每1天|每个工作日|的天数|天数|日/g, ' ')
    .replace(/(扣除|扣|减|加|奖励|奖|得|计)\s*\d+(?:\.\d+)?\s*分|不得分|满分|\d+(?:\.\d+)?\s*分(?!钟)/g, ' ');
  const { condition, conflict } = parseCondition(bare);
  if (condition && !conflict && (condition.lower || condition.upper)) {
    return {
      when: toInterval(condition),
      notes: condition.targetWord ? [COMPLETION_NOTE] : [],
      percent: condition.percent,
    };
  }
  if (NOT_DONE.test(bare)) return { when: { lt: 1 }, notes: [COMPLETION_NOTE], percent: true };
  return null;
}

function refused(zh: string, en: string): Outcome {
  return { kind: 'refused', reason: t(zh, en) };
}

/** "每日低于50个访客，减10分": a per-unit rule on the number of days meeting the condition. */
function readPerDay(ctx: ReadContext): Outcome | null {
  const { text } = ctx;
  if (!DAY.test(text) || DAILY_AVERAGE.test(text) || STREAK.test(text)) return null;
  const clauses = splitClauses(text);
  // the points, and the day's condition in the same clause or the one before ("每日低于50个访客，减10分");
  // the condition next to the points wins: "每日发货及时率需达到98%，低于98%扣2分" counts days below 98%
  const pointsAt = clauses.findIndex((c) => POINTS.test(c));
  if (pointsAt < 0) return null;
  let at = pointsAt;
  let cond = dailyCondition(clauses[pointsAt]!);
  if (!cond && pointsAt > 0) {
    at = pointsAt - 1;
    cond = dailyCondition(clauses[at]!);
  }
  if (!cond) return null;
  const bound = (iv: Interval) => iv.gte ?? iv.gt ?? iv.lte ?? iv.lt;
  const m = POINTS.exec(clauses[pointsAt]!)!;
  const verb = /扣|减/.test(m[1]!) ? '扣' : '加';
  const others = clauses.filter((_, i) => i !== at && i !== pointsAt);
  // a clause stating the standard itself ("每日发货及时率需达到98%") is not another row
  const states = (c: string) => {
    const d = !POINTS.test(c) && dailyCondition(c);
    return d ? bound(d.when) === bound(cond.when) : false;
  };
  const stray = others.find((c) => !MODIFIER.test(c) && !states(c));
  if (stray) {
    return refused(
      `按天计分与其他条款"${stray}"写在一起：请拆开或写成公式`,
      `a per-day rule combined with the clause "${stray}": split it or write it as a formula`,
    );
  }
  // The count of days is a count of events from zero: the per-unit reader's own shape, so floors, caps
  // and base points read the same as in "每出现一次扣2分".
  const synthetic = [`每1天${verb}${m[2]}分`, ...others.filter((c) => MODIFIER.test(c))].join(',');
  const out = readPerUnit({
    ...ctx,
    text: synthetic,
    isRate: false,
    mentionsCompletion: false,
    input: { ...ctx.input, target: null },
  });
  if (out?.kind !== 'read' || out.rule.type !== 'per-unit' || out.rule.reference !== 'zero') {
    return out?.kind === 'refused' ? out : null;
  }
  const w = describeInterval(cond.when, cond.percent);
  const derive: Derive = { kind: 'days', count: 'days', when: cond.when };
  return {
    kind: 'read',
    rule: out.rule,
    derive,
    notes: [
      t(
        `按每日数据计分：当天${w.zh}的天数，每天${verb}${m[2]}分（需每日数据）`,
        `scored on the daily figures: the number of days ${w.en}, ${verb === '扣' ? '−' : '+'}${m[2]} per day (needs daily data)`,
      ),
      ...cond.notes,
      ...out.notes,
    ],
  };
}

/** "连续3天未完成扣5分; 连续5天未完成不得分": bands on the longest run of days meeting the condition. */
function readStreak(ctx: ReadContext): Outcome | null {
  const { text, input } = ctx;
  if (!STREAK.test(text)) return null;
  if (/每(多|增加|超过)?\s*1?\s*天|每日|每天/.test(text)) {
    return refused(
      `"${text}"按连续天数逐天加扣分：规则只能按最长连续天数分档，请写成公式`,
      `"${text}" adds or deducts per day of a run: a run can only be scored in bands, write it as a formula`,
    );
  }
  const rows: { days: number; inclusive: boolean; value: number; text: string }[] = [];
  let elseValue: number | undefined;
  let when: Interval | undefined;
  let percent = false;
  const notes: Text[] = [];
  // "连续3天未完成，扣5分": a run's condition in one clause and its points in the next are one row
  const merged: string[] = [];
  for (const c of splitClauses(text)) {
    const prev = merged.at(-1);
    if (prev && STREAK.test(prev) && !parseValue(prev.replace(STREAK, ' ')) && !STREAK.test(c)) {
      merged[merged.length - 1] = `${prev},${c}`;
    } else merged.push(c);
  }
  for (const clause of merged) {
    const sm = STREAK.exec(clause);
    if (!sm) {
      const v = parseValue(clause);
      if (ELSE_WORDS.test(clause) && v && v.kind !== 'linear') {
        elseValue =
          v.kind === 'points'
            ? v.points
            : v.kind === 'full'
              ? input.points
              : v.kind === 'deduct'
                ? input.points - v.points
                : Number((input.points * v.fraction).toPrecision(12));
        continue;
      }
      return refused(
        `"${clause}"不是连续天数的一档：读不出它的条件`,
        `"${clause}" is not a row on a run of days: its condition cannot be read`,
      );
    }
    if (/加|奖/.test(clause)) {
      return refused(
        `"${clause}"为连续天数加分，但没写不满时的得分（基础分）`,
        `"${clause}" adds points for a run, but the points without the run (the base) are not stated`,
      );
    }
    const rest = clause.replace(STREAK, ' ');
    const v = parseValue(rest);
    if (!v || v.kind === 'linear') {
      return refused(
        `"${clause}"没写得分或扣分`,
        `"${clause}" does not say how many points it gives or deducts`,
      );
    }
    const value =
      v.kind === 'points'
        ? v.points
        : v.kind === 'full'
          ? input.points
          : v.kind === 'deduct'
            ? input.points - v.points
            : Number((input.points * v.fraction).toPrecision(12));
    const cond = dailyCondition(rest);
    if (!cond) {
      return refused(
        `"${clause}"没写每天要满足什么条件（如未完成、访客低于50）`,
        `"${clause}" does not say which days count (e.g. not done, fewer than 50 visitors)`,
      );
    }
    if (when && JSON.stringify(when) !== JSON.stringify(cond.when)) {
      return refused(
        '几档连续天数的每日条件不同：请拆成多个指标',
        'the rows count runs of days under different conditions: split them into indicators',
      );
    }
    if (!when) notes.push(...cond.notes);
    when = cond.when;
    percent = cond.percent;
    rows.push({ days: Number(sm[2]), inclusive: !sm[1], value, text: clause });
  }
  if (!when || rows.length === 0) return null;
  rows.sort((a, b) => b.days - a.days);
  const bands: Band[] = rows.map((r, k) => {
    const iv: Interval = r.inclusive ? { gte: r.days } : { gt: r.days };
    const above = rows[k - 1];
    if (above) iv[above.inclusive ? 'lt' : 'lte'] = above.days;
    return { when: iv, value: r.value, text: r.text };
  });
  const rule: BandsRule = {
    type: 'bands',
    on: 'actual',
    unit: 'points',
    bands,
    else: elseValue ?? input.points,
  };
  const w = describeInterval(when, percent);
  const shortest = rows.at(-1)!;
  return {
    kind: 'read',
    rule,
    derive: { kind: 'days', count: 'longestStreak', when },
    notes: [
      t(
        `按当月最长连续天数（当天${w.zh}）分档：达到${shortest.days}天只扣一次，同月两段连续不重复扣（需每日数据）`,
        `scored on the month's longest run of days ${w.en}: reaching ${shortest.days} days counts once, a second run in the month does not count again (needs daily data)`,
      ),
      ...notes,
      ...(elseValue === undefined
        ? [t('未写连续天数不足时的得分：按满分', 'no points stated for shorter runs: full points')]
        : []),
    ],
  };
}

/** Reads a day-count or streak text; null when the text speaks of no days of the month. */
export function readDays(ctx: ReadContext): Outcome | null {
  return readStreak(ctx) ?? readPerDay(ctx);
}
