import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aggregate, rankOf } from './derive.ts';
import { scoreForm } from './score-form.ts';
import { cohortValues, scoreGroup } from './score-group.ts';
import { parseTemplate } from './template-parse.ts';
import type { Template } from './types.ts';

function load(file: string): Template {
  const parsed = parseTemplate(
    readFileSync(new URL(`../../../templates/${file}`, import.meta.url), 'utf8'),
    file,
  );
  if (!parsed.template) throw new Error(JSON.stringify(parsed.problems));
  return parsed.template;
}

describe('cohort and rank inputs', () => {
  const tpl = load('presales-cs-team.yaml');
  const daily = { response_time: [20, 25] };
  const member = (employee: string, conversion: number, team: string) => ({
    employee,
    actuals: { inquiry_conversion: conversion, aov: 300 },
    history: { previous: { aov: 300 } },
    daily: {
      response_time: daily.response_time.map((value, i) => ({ date: `2026-10-0${i + 1}`, value })),
    },
    behaviour: { supervisor: { attitude: 4, teamwork: 4 } },
    groups: { team },
  });

  it('computes each team’s mean and ranks separately, then scores against them', () => {
    const people = [
      member('A', 0.5, 't1'),
      member('B', 0.3, 't1'),
      member('C', 0.4, 't1'),
      member('D', 0.2, 't2'),
    ];
    const cohorts = cohortValues(tpl, people);
    expect(cohorts.get('A')!.conversion_vs_team).toBeCloseTo(0.4, 12);
    expect(cohorts.get('A')!.team_rank).toBe(1);
    expect(cohorts.get('B')!.team_rank).toBe(3);
    expect(cohorts.get('D')).toEqual({ conversion_vs_team: 0.2, team_rank: 1 });
    const cards = scoreGroup(tpl, people, { explain: true });
    const a = cards.find((c) => c.employee === 'A')!;
    // (50% − 40%)/40% = 25% above → +25, capped at +5 → 35
    expect(a.indicators.find((i) => i.id === 'conversion_vs_team')!.points).toBe(35);
    expect(a.indicators.find((i) => i.id === 'team_rank')!.points).toBe(10);
    const steps = a.indicators
      .find((i) => i.id === 'conversion_vs_team')!
      .trace!.steps.map((s) => s.en)
      .join(' | ');
    expect(steps).toContain('the team mean');
    expect(steps).toContain('25%');
    // the only member of t2 is at its own mean and ranks first
    const d = cards.find((c) => c.employee === 'D')!;
    expect(d.indicators.find((i) => i.id === 'conversion_vs_team')!.points).toBe(30);
  });

  it('refuses to score a cohort indicator alone, with a clear message', () => {
    const card = scoreForm(tpl, member('X', 0.4, 't1'));
    expect(card.total).toBeNull();
    expect(card.problems.map((p) => p.message.en).join('\n')).toMatch(/score the group together/);
  });

  it('ranks ties at the best shared position and aggregates exactly', () => {
    expect(rankOf(5, [9, 5, 5, 1], 'desc')).toBe(2);
    expect(rankOf(1, [9, 5, 5, 1], 'desc')).toBe(4);
    expect(rankOf(1, [9, 5, 5, 1], 'asc')).toBe(1);
    expect(aggregate([3, 1, 2, 10], 'median')).toBe(2.5);
    expect(aggregate([3, 1, 2], 'median')).toBe(2);
    expect(aggregate([3, 1, 2], 'headcount')).toBe(3);
    expect(aggregate([3, 1, 2], 'min')).toBe(1);
  });
});

describe('history and days inputs', () => {
  const tpl = load('live-streaming.yaml');
  const base = {
    employee: 'L1',
    actuals: { paid_amount: 230000 },
    history: { previous: { paid_amount: 200000 }, lastYear: { paid_amount: 180000 } },
    daily: {
      uv: [120, 45].map((value, i) => ({ date: `d${i}`, value })),
      paid_amount: [10000, 10000].map((value, i) => ({ date: `d${i}`, value })),
    },
  };

  it('says clearly when the earlier period has no data, and scores nothing', () => {
    const card = scoreForm(tpl, { ...base, history: { previous: { paid_amount: 200000 } } });
    expect(card.total).toBeNull();
    const msg = card.problems.map((p) => `${p.message.zh} / ${p.message.en}`).join('\n');
    expect(msg).toContain('去年同期');
    expect(msg).toContain('same period last year');
  });

  it('explains a day count and a growth rate in both languages', () => {
    const card = scoreForm(tpl, base, { explain: true });
    expect(card.total).toBe(17.25 + 10 + 20 + 30);
    const days = card.indicators.find((i) => i.id === 'low_visitor_days')!.trace!.steps;
    expect(days[0]!.zh).toContain('天数为 1');
    expect(days[0]!.en).toContain('1 days');
    const growth = card.indicators.find((i) => i.id === 'sales_month_on_month')!.trace!.steps;
    expect(growth.map((s) => s.en).join(' ')).toContain('15%');
  });

  it('uses the promotion-day interval only on promotion days', () => {
    const team = load('presales-cs-team.yaml');
    const person = (promo: boolean) => ({
      employee: 'P',
      actuals: { inquiry_conversion: 0.4, aov: 300 },
      history: { previous: { aov: 300 } },
      daily: { response_time: [{ date: '2026-11-11', value: 45, promo }] },
      cohort: { conversion_vs_team: 0.4, team_rank: 1 },
    });
    const slow = (promo: boolean) =>
      scoreForm(team, person(promo)).indicators.find((i) => i.id === 'slow_response_days')!.points;
    expect(slow(false)).toBe(16); // 45 s > 30 s on an ordinary day: one day, −4
    expect(slow(true)).toBe(20); // 45 s ≤ 60 s on a promotion day
  });
});
