/**
 * Rank prizes (排名奖): "一等奖1名500元，二等奖2名各300元，三等奖3名各100元" within a declared group.
 *
 * The places are laid out as slots in rank order (500, 300, 300, 100, 100, 100). Eligible people are
 * sorted by the metric (higher or lower is better); people with equal values tie and take the same rank
 * (competition ranking: 1, 2, 2, 4), occupying as many slots as there are of them. Then the declared tie
 * rule decides what each tied person gets:
 *
 * - `share`: the prizes of the slots they occupy, added up and split equally to the cent by largest
 *   remainder (ties to the earlier employee code). Two people tied for second occupy slots 2 and 3:
 *   (300 + 300) / 2 = 300 each; two tied for sixth occupy slot 6 and a slot beyond the places:
 *   (100 + 0) / 2 = 50 each. What is paid never exceeds Σ count × amount.
 * - `all-higher`: each tied person gets the prize of the first slot they occupy. Two tied for sixth get
 *   100 each: 100 more than the places declare, and the trace says so.
 *
 * @example places [500 ×1, 300 ×2, 100 ×3], values 9, 8, 8, 7 (higher better), share → 500, 300, 300, 100.
 */
import { type Dec, dec, splitLargestRemainder } from '../money.ts';
import { type Text, t } from '../text.ts';
import type { RankPrizeComponent } from './plan.ts';

export interface RankEntrant {
  employee: string;
  /** The group key (team, store, family) or '' for all. */
  group: string;
  value: Dec;
  eligible: boolean;
  /** Why not eligible, for the trace. */
  why?: Text;
}

export interface PrizeAward {
  amount: Dec;
  /** Competition rank among the eligible of the group, null when not eligible. */
  rank: number | null;
  tiedWith: number;
  /** The trace steps for this person: the group's ranking, the rule, the outcome. */
  steps: Text[];
}

export interface GroupResult {
  group: string;
  paid: Dec;
  /** Σ count × amount of the places. */
  declared: Dec;
  /** Paid above the declared places (only under all-higher). */
  extra: Dec;
  /** Slots nobody occupied (fewer eligible people than places). */
  unusedSlots: number;
}

export interface RankPrizeResult {
  awards: Map<string, PrizeAward>;
  groups: GroupResult[];
}

const ZERO = dec(0);

function slotsOf(c: RankPrizeComponent): { amount: Dec; place: number }[] {
  const out: { amount: Dec; place: number }[] = [];
  c.places.forEach((p, i) => {
    for (let k = 0; k < p.count; k++) out.push({ amount: p.amount, place: i });
  });
  return out;
}

/** The places in words: 一等奖1名×500；二等奖2名×300. */
export function placesText(c: RankPrizeComponent, point: number): Text {
  return t(
    c.places.map((p) => `${p.label.zh}${p.count}名×${p.amount.toFixed(point)}`).join('；'),
    c.places.map((p) => `${p.label.en} ${p.count} × ${p.amount.toFixed(point)}`).join('; '),
  );
}

export function tieRuleText(c: RankPrizeComponent): Text {
  return c.ties === 'share'
    ? t(
        '并列者平分所占名次的奖金（最大余额法到分）',
        'tied people share the prizes of the places they occupy',
      )
    : t(
        '并列者均按所占最高名次发放（多支出部分列明）',
        'each tied person gets the higher place’s prize (extra cost shown)',
      );
}

/**
 * Awards the prizes of one component to its entrants, group by group. Pure: the caller has gathered
 * each entrant's value and eligibility.
 */
export function awardRankPrizes(
  c: RankPrizeComponent,
  entrants: readonly RankEntrant[],
  point: number,
  explain: boolean,
): RankPrizeResult {
  const slots = slotsOf(c);
  const declared = slots.reduce((a, s) => a.plus(s.amount), ZERO);
  const awards = new Map<string, PrizeAward>();
  const groups: GroupResult[] = [];
  const byGroup = new Map<string, RankEntrant[]>();
  for (const e of entrants) {
    const list = byGroup.get(e.group);
    if (list) list.push(e);
    else byGroup.set(e.group, [e]);
  }
  const better = c.direction === 'higher' ? -1 : 1;
  for (const [group, members] of [...byGroup].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const eligible = members
      .filter((m) => m.eligible)
      .sort((a, b) => better * a.value.comparedTo(b.value) || (a.employee < b.employee ? -1 : 1));
    const outcome = new Map<string, { amount: Dec; rank: number; tied: number; how: Text }>();
    let paid = ZERO;
    let extra = ZERO;
    for (let p = 0; p < eligible.length; ) {
      let k = 1;
      while (p + k < eligible.length && eligible[p + k]!.value.eq(eligible[p]!.value)) k++;
      const block = eligible.slice(p, p + k);
      const occupied = slots.slice(p, p + k);
      const pool = occupied.reduce((a, s) => a.plus(s.amount), ZERO);
      const rank = p + 1;
      const first = occupied[0];
      const placeName = first ? c.places[first.place]!.label : t('未获奖', 'no prize');
      if (k === 1) {
        const amount = first?.amount ?? ZERO;
        outcome.set(block[0]!.employee, {
          amount,
          rank,
          tied: 1,
          how: t(
            `第 ${rank} 名：${placeName.zh} ${amount.toFixed(point)}`,
            `rank ${rank}: ${placeName.en} ${amount.toFixed(point)}`,
          ),
        });
        paid = paid.plus(amount);
      } else if (c.ties === 'share') {
        const parts = pool.isZero()
          ? block.map(() => ZERO)
          : splitLargestRemainder(
              pool,
              block.map(() => 1),
              point,
            );
        const names = occupied.map((s) => `${c.places[s.place]!.label.zh}${s.amount.toFixed(point)}`);
        const namesEn = occupied.map((s) => `${c.places[s.place]!.label.en} ${s.amount.toFixed(point)}`);
        const beyond = k - occupied.length;
        block.forEach((m, i) => {
          outcome.set(m.employee, {
            amount: parts[i]!,
            rank,
            tied: k,
            how: t(
              `${k} 人并列第 ${rank} 名，占第 ${rank}–${rank + k - 1} 个名额（${names.join(' + ') || '无'}${beyond ? ` + ${beyond} 个名额外` : ''}），合计 ${pool.toFixed(point)} 平分（最大余额法，工号靠前者先得余分）：${parts[i]!.toFixed(point)}`,
              `${k} people tie for rank ${rank}, occupying places ${rank}–${rank + k - 1} (${namesEn.join(' + ') || 'none'}${beyond ? ` + ${beyond} beyond the places` : ''}); ${pool.toFixed(point)} shared equally (largest remainder, earlier employee code first): ${parts[i]!.toFixed(point)}`,
            ),
          });
        });
        paid = paid.plus(pool);
      } else {
        // the highest prize among the places they occupy (the first one, unless a plan lists a lower place
        // paying more, which the linter warns about): never less than an equal share
        const each = occupied.reduce((a, s) => (s.amount.gt(a) ? s.amount : a), ZERO);
        const cost = each.times(k);
        const more = cost.minus(pool);
        block.forEach((m) => {
          outcome.set(m.employee, {
            amount: each,
            rank,
            tied: k,
            how: t(
              `${k} 人并列第 ${rank} 名，均按${placeName.zh}发放 ${each.toFixed(point)}；名额原为 ${pool.toFixed(point)}，并列多支出 ${more.toFixed(point)}`,
              `${k} people tie for rank ${rank}; each gets ${placeName.en} ${each.toFixed(point)}; the places occupied hold ${pool.toFixed(point)}, so the tie costs ${more.toFixed(point)} more`,
            ),
          });
        });
        paid = paid.plus(cost);
        extra = extra.plus(more);
      }
      p += k;
    }
    const unusedSlots = Math.max(0, slots.length - eligible.length);
    groups.push({ group, paid, declared, extra, unusedSlots });

    let ranking: Text | null = null;
    if (explain) {
      const zh: string[] = [];
      const en: string[] = [];
      for (const m of eligible) {
        const o = outcome.get(m.employee)!;
        const tie = o.tied > 1 ? '（并列）' : '';
        zh.push(`${o.rank}. ${m.employee} ${m.value.toString()}${tie}`);
        en.push(`${o.rank}. ${m.employee} ${m.value.toString()}${o.tied > 1 ? ' (tied)' : ''}`);
      }
      const out = members.filter((m) => !m.eligible);
      const groupName = group === '' ? t('全体', 'everyone') : t(group, group);
      ranking = t(
        `排名范围 ${c.group} ${groupName.zh}，按 ${c.metric} ${c.direction === 'higher' ? '从高到低' : '从低到高'}：${zh.join('；') || '无人参评'}${out.length ? `；不符合条件：${out.map((m) => m.employee).join('、')}` : ''}`,
        `ranked within ${c.group} ${groupName.en} by ${c.metric}, ${c.direction === 'higher' ? 'higher is better' : 'lower is better'}: ${en.join('; ') || 'nobody eligible'}${out.length ? `; not eligible: ${out.map((m) => m.employee).join(', ')}` : ''}`,
      );
    }
    const over = c.budget !== null && paid.gt(c.budget);
    const summary = t(
      `本组发放 ${paid.toFixed(point)}（名额合计 ${declared.toFixed(point)}${extra.isZero() ? '' : `，并列多支出 ${extra.toFixed(point)}`}${unusedSlots ? `，${unusedSlots} 个名额无人获得` : ''}${over ? `，超出预算 ${c.budget!.toFixed(point)}` : ''}）`,
      `this group is paid ${paid.toFixed(point)} (places total ${declared.toFixed(point)}${extra.isZero() ? '' : `, ties cost ${extra.toFixed(point)} more`}${unusedSlots ? `, ${unusedSlots} places unused` : ''}${over ? `, over the budget of ${c.budget!.toFixed(point)}` : ''})`,
    );
    for (const m of members) {
      const o = outcome.get(m.employee);
      const steps: Text[] = [];
      if (explain && ranking) {
        steps.push(
          ranking,
          t(
            `奖项：${placesText(c, point).zh}；${tieRuleText(c).zh}`,
            `places: ${placesText(c, point).en}; ${tieRuleText(c).en}`,
          ),
        );
        if (o) steps.push(o.how);
        else steps.push(m.why ?? t('不符合参评条件：0', 'not eligible: 0'));
        steps.push(summary);
      }
      awards.set(m.employee, {
        amount: o?.amount ?? ZERO,
        rank: o?.rank ?? null,
        tiedWith: o?.tied ?? 0,
        steps,
      });
    }
  }
  return { awards, groups };
}
