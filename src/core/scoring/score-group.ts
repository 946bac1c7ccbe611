/**
 * Scoring a group together (按组计分): cohort and rank indicators need everyone's figures first. The group of
 * each person (team, store …) is given by the caller; aggregates and ranks are computed per group and passed to
 * scoreForm as the person's cohort values.
 */
import { aggregate, rankOf } from './derive.ts';
import { type PersonInput, type Scorecard, type ScoreOptions, scoreForm } from './score-form.ts';
import type { Template } from './types.ts';

export interface GroupMember extends PersonInput {
  /** group name → this person's group, e.g. { team: 'cs-a', store: 'TM01' } */
  groups?: Record<string, string>;
}

export function cohortValues(
  tpl: Template,
  people: readonly GroupMember[],
): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const p of people) out.set(p.employee, {});
  for (const ind of tpl.indicators) {
    const d = ind.derive;
    if (!d || (d.kind !== 'cohort' && d.kind !== 'rank')) continue;
    const byGroup = new Map<string, { employee: string; value: number }[]>();
    for (const p of people) {
      const g = p.groups?.[d.group];
      if (g === undefined) continue;
      const v = p.actuals[ind.metric] ?? p.actuals[ind.id];
      if (v === undefined || v === null) continue;
      let list = byGroup.get(g);
      if (!list) {
        list = [];
        byGroup.set(g, list);
      }
      list.push({ employee: p.employee, value: v });
    }
    for (const list of byGroup.values()) {
      const values = list.map((x) => x.value);
      const agg = d.kind === 'cohort' ? aggregate(values, d.agg) : 0;
      for (const m of list) {
        out.get(m.employee)![ind.id] = d.kind === 'cohort' ? agg : rankOf(m.value, values, d.order);
      }
    }
  }
  return out;
}

export function scoreGroup(
  tpl: Template,
  people: readonly GroupMember[],
  opts: ScoreOptions = {},
): Scorecard[] {
  const cohorts = cohortValues(tpl, people);
  return people.map((p) =>
    scoreForm(tpl, { ...p, cohort: { ...cohorts.get(p.employee), ...p.cohort } }, opts),
  );
}
