/**
 * Texts that score a figure derived from more than one person's month (issue 8 §3), read into a rule on
 * the derived figure plus the indicator's `derive`:
 *
 * - 环比/同比 with a per-unit clause: "客单价环比提升，每低1%扣0.5分" → derive history (previous period;
 *   同比/去年同期: last year) as growth, and a per-unit rule on the growth against 0 (1% = 0.01 of growth);
 * - below/above the team average with a per-unit clause: "个人转化率低于团队平均值的，每低1%扣1分" →
 *   derive cohort mean; on a rate, "1%" is one percentage point below the average (difference) or 1% of
 *   the average (growth): both readings are offered;
 * - a rank within the team: "排名第1名得10分", "前3名得10分" → derive rank (1 = best) and bands on the rank.
 *
 * Only these clear shapes are read: a threshold before the 每 clause ("环比低于5%的，每…"), a vague amount
 * ("按去年同期增长率计算得分"), an industry benchmark (行业均值) or a platform rank (类目排名) stay refused,
 * with the reason refusals.ts gives.
 */
import { type Text, t } from '../../text.ts';
import type { Derive } from '../types.ts';
import { readBands } from './read-bands.ts';
import { findPerUnitClauses, readPerUnit } from './read-per-unit.ts';
import type { Outcome, ReadContext } from './reader-types.ts';
import { samplePoints } from './sample-score.ts';

const HISTORY = /环比|同比|较上月|较上期|比上月|比上期|与上月相比|较去年同期|去年同期|上年同期/;
const LAST_YEAR = /同比|去年同期|上年同期/;
const TEAM_AVG =
  /(团队|小组|组内|全组|同组|部门|全店|店铺)(的)?(人均|平均值|平均水平|平均数|平均|均值)|(团队|小组|组内|部门)(人员)?(的)?(平均)/;
/** Benchmarks outside the team, and platform ranks: not computed from the team's own figures. */
const OUTSIDE = /行业|类目|平台|全网|同行|大盘/;
const RANK = /排名|名次|第\d+名|前\d+名/;
const DOWN = /每(低|少|降|减|下降|降低|减少|下滑)/;

/** The derived figure's per-unit rule: run the per-unit reader on "低于0的，每…" (or 高于0) with no target. */
function perUnitOnDerived(ctx: ReadContext, clauseAt: number): Outcome | null {
  const rest = ctx.text.slice(clauseAt);
  const direction = DOWN.test(rest) ? '低于0的，' : '高于0的，';
  const out = readPerUnit({
    ...ctx,
    text: `${direction}${rest}`,
    isRate: true,
    mentionsCompletion: false,
    input: { ...ctx.input, target: null },
  });
  if (!out || out.kind === 'refused') return null;
  // the "0" above is ours, not the sheet's: its note about reading % against a stated rate does not apply
  out.notes = out.notes.filter((n) => !n.en.startsWith('against a stated rate'));
  const ok = (r: { type: string } & Record<string, unknown>) =>
    r.type === 'per-unit' && r.stepOf === 'absolute' && r.on === 'actual';
  if (out.kind === 'read') return ok(out.rule as never) ? out : null;
  const options = out.options.filter((o) => ok(o.rule as never));
  if (options.length === 0) return null;
  if (options.length === 1) return { kind: 'read', rule: options[0]!.rule, notes: out.notes };
  return { ...out, options };
}

/** The text before the first 每 clause holds only the comparison words: no number that could be a threshold. */
function prefixBeforeClause(ctx: ReadContext): { prefix: string; at: number } | null {
  const clauses = findPerUnitClauses(ctx.text);
  if (clauses.length === 0) return null;
  const at = clauses[0]!.index;
  const prefix = ctx.text.slice(0, at);
  if (/\d/.test(prefix)) return null;
  return { prefix, at };
}

function withDerive(out: Outcome, derive: Derive | ((i: number) => Derive), note: Text): Outcome {
  if (out.kind === 'refused') return out;
  if (out.kind === 'read') {
    return { ...out, derive: typeof derive === 'function' ? derive(0) : derive, notes: [note, ...out.notes] };
  }
  return {
    ...out,
    options: out.options.map((o, i) => ({ ...o, derive: typeof derive === 'function' ? derive(i) : derive })),
    notes: [note, ...out.notes],
  };
}

function readHistory(ctx: ReadContext): Outcome | null {
  if (!HISTORY.test(ctx.text) || OUTSIDE.test(ctx.text) || TEAM_AVG.test(ctx.text)) return null;
  const p = prefixBeforeClause(ctx);
  if (!p || !HISTORY.test(p.prefix)) return null;
  const out = perUnitOnDerived(ctx, p.at);
  if (!out) return null;
  const lastYear = LAST_YEAR.test(p.prefix);
  const derive: Derive = { kind: 'history', compare: lastYear ? 'lastYear' : 'previous', as: 'growth' };
  return withDerive(
    out,
    derive,
    lastYear
      ? t(
          '按同比增长率计分：(本期 − 去年同期) ÷ 去年同期，与0比较',
          'scored on the growth over the same period last year, against 0',
        )
      : t(
          '按环比增长率计分：(本期 − 上期) ÷ 上期，与0比较',
          'scored on the growth over the previous period, against 0',
        ),
  );
}

/**
 * The engine groups people by team or family only (template-parse GROUP_NAMES); "全店" (the whole
 * store's staff) is read as the person's team, and the note says so, so that nobody is surprised.
 */
export function groupWords(text: string): { group: 'team'; label: Text } {
  return /全店|店铺/.test(text)
    ? {
        group: 'team',
        label: t(
          '团队（原文“全店”，按本人所在团队计）',
          'team (the text says "whole store": read as the person’s team)',
        ),
      }
    : { group: 'team', label: t('团队', 'team') };
}

function readTeamAverage(ctx: ReadContext): Outcome | null {
  if (!TEAM_AVG.test(ctx.text) || OUTSIDE.test(ctx.text) || HISTORY.test(ctx.text)) return null;
  const p = prefixBeforeClause(ctx);
  if (!p || !TEAM_AVG.test(p.prefix)) return null;
  const out = perUnitOnDerived(ctx, p.at);
  if (!out) return null;
  const { group, label } = groupWords(p.prefix);
  const difference: Derive = { kind: 'cohort', group, agg: 'mean', as: 'difference' };
  const note = t(
    `与${label.zh}平均值比较（需按组计分）`,
    `against the ${label.en} mean (score the group together)`,
  );
  // "每低1%" on an amount is 1% of the average; on a rate it may also be one percentage point.
  const unitIsPercent = /每[^0-9]{0,4}\d+(?:\.\d+)?\s*%/.test(ctx.text.slice(p.at));
  if (!unitIsPercent) return null;
  if (!ctx.isRate) return withDerive(out, { ...difference, as: 'growth' }, note);
  const asOptions: { as: 'difference' | 'growth'; note: Text }[] = [
    { as: 'difference', note: t('1% = 比平均值低1个百分点', '1% = one percentage point below the mean') },
    { as: 'growth', note: t('1% = 平均值的1%（相对差）', '1% = 1% of the mean (relative)') },
  ];
  const base =
    out.kind === 'read' ? [{ rule: out.rule, note: t('', '') }] : out.kind === 'choices' ? out.options : [];
  const options = asOptions.flatMap((a) =>
    base.map((o) => ({
      rule: o.rule,
      derive: { ...difference, as: a.as } as Derive,
      note: o.note.zh ? t(`${a.note.zh}；${o.note.zh}`, `${a.note.en}; ${o.note.en}`) : a.note,
    })),
  );
  return {
    kind: 'choices',
    options,
    reason:
      out.kind === 'choices'
        ? t(
            `比率上的"每低1%"：可指1个百分点，也可指平均值的1%；${out.reason.zh}`,
            `"1%" on a rate: one percentage point, or 1% of the mean; ${out.reason.en}`,
          )
        : t(
            '比率上的"每低1%"：可指1个百分点，也可指平均值的1%',
            '"1%" on a rate: one percentage point, or 1% of the mean',
          ),
    notes: [note, ...(out.kind === 'choices' ? out.notes : [])],
  };
}

function readRank(ctx: ReadContext): Outcome | null {
  if (!RANK.test(ctx.text) || OUTSIDE.test(ctx.text) || HISTORY.test(ctx.text) || TEAM_AVG.test(ctx.text))
    return null;
  // "排名第1名得10分；第2-3名得6分；其余0分" → "≤1:得10分；2-3:得6分；其余0分" on the rank (1 = best).
  // The ":" keeps the place apart from the points when 得 is left out: "第1名10分" must not become "≤110分".
  const rewritten = ctx.text
    .replace(/[^;；，,。]*?(排名|名次)\s*/g, '')
    .replace(/前(\d+)名?/g, '≤$1:')
    .replace(/第(\d+)(?:名)?\s*[-~至到]\s*(?:第)?(\d+)名/g, '$1-$2:')
    .replace(/第(\d+)名/g, '≤$1:')
    .replace(/(\d+)名以后|(\d+)名之后/g, (_m, a: string, b: string) => `>${a ?? b}:`);
  if (/名/.test(rewritten) || rewritten === ctx.text) return null;
  const out = readBands({
    ...ctx,
    text: rewritten,
    isRate: false,
    mentionsCompletion: false,
    input: { ...ctx.input, target: null },
  });
  if (!out || out.kind === 'refused') return null;
  const bandsOnActual = (r: { type: string; on?: string }) => r.type === 'bands' && r.on === 'actual';
  if (out.kind === 'read' && !bandsOnActual(out.rule)) return null;
  if (out.kind === 'choices' && !out.options.every((o) => bandsOnActual(o.rule))) return null;
  const { group, label } = groupWords(ctx.text);
  let settled: Outcome = out;
  if (out.kind === 'choices') {
    // A rank is a whole number: readings that differ only between whole numbers ("前3名 … 第4-6名" leaves
    // 3.5 in no row) give every rank the same points, so there is nothing to choose.
    const ranks = Array.from({ length: 200 }, (_, i) => i + 1);
    const pts = out.options.map((o) =>
      ranks.map((r) => samplePoints(o.rule, { actual: r, target: null, weight: ctx.input.points })),
    );
    if (pts.every((p) => p.every((v, i) => v === pts[0]![i]))) {
      settled = {
        kind: 'read',
        rule: out.options[0]!.rule,
        notes: [
          ...out.notes,
          t(
            '名次是整数：各档之间的空隙不会出现',
            'ranks are whole numbers: the gaps between rows are never hit',
          ),
        ],
      };
    }
  }
  return withDerive(
    settled,
    { kind: 'rank', group, order: 'desc' },
    t(
      `按${label.zh}内排名计分（第1名最好，需按组计分）`,
      `scored on the rank in the ${label.en} (1 = best; score the group together)`,
    ),
  );
}

/** Reads a history, team-average or rank text; null when the text is none of these clear shapes. */
export function readDerived(ctx: ReadContext): Outcome | null {
  return readHistory(ctx) ?? readTeamAverage(ctx) ?? readRank(ctx);
}
