/**
 * Results lists (issue 5 "Results": salary adjustment, training, promotion, transfer and improvement plans,
 * from rules on grades over one or more months) through the real services on the test database: the
 * demo's pre-sales CS agents get chosen final grades (HR calibrates, as in the calibration view) in three
 * published months, each month on a template version with other grade names — S…D, then 卓越…待改进
 * (bands listed worst first), then gold/silver/bronze (three bands) — so the lists must come from each
 * template's grade order, not from the letters S…D.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { GradeBand } from '../core/scoring/types.ts';
import { type FreshDb, freshDb, TEST_ENGINES } from '../db/testing.ts';
import type { Actor } from './actor.ts';
import { calibrateGrade, getForm, listForms, openMonth, publishMonth, scoreMonth } from './cycle-service.ts';
import { DEMO_COMPANY, loadDemoCompany } from './demo-company.ts';
import {
  gradeOrder,
  type RankedGrade,
  RESULT_RULES,
  type ResultList,
  resultLists,
} from './results-service.ts';
import { createTemplateVersion } from './template-service.ts';

const hr: Actor = {
  company: DEMO_COMPANY,
  userId: 'u-hr',
  login: 'hr',
  name: '吴人事',
  role: 'hr',
  employee: 'H001',
};

const AUG = '2026-08';
const SEP = '2026-09';
const OCT = '2026-10';

/** Chosen final grades per agent and month (each month's names are its template's). */
const GRADES: Record<string, Record<string, string>> = {
  // the best grade every month: promotion and a salary adjustment
  E006: { [AUG]: 'S', [SEP]: '卓越', [OCT]: 'gold' },
  // second worst in August and September (C, 合格), silver in October: training and an improvement plan
  E007: { [AUG]: 'C', [SEP]: '合格', [OCT]: 'silver' },
  // the worst grade twice (D, bronze): training, improvement plan and transfer
  E009: { [AUG]: 'D', [SEP]: '良好', [OCT]: 'bronze' },
  // second best twice, then the middle of three: on no list over the three months
  S001: { [AUG]: 'A', [SEP]: '优秀', [OCT]: 'silver' },
};

/** presales-cs with other grade names, in force from `month`. */
async function renamedTemplate(month: string, grades: string, names: Record<string, string>) {
  const yaml = (await readFile(new URL('../../templates/presales-cs.yaml', import.meta.url), 'utf8'))
    .replace('version: "2026.1"', `version: "${month.replace('-', '.')}"`)
    .replace('effective: 2026-01-01', `effective: ${month}-01`)
    .replace(/grades:\n( {2}- \{ grade: .*\n)+/, `grades:\n${grades}`)
    // the examples' expected grades, in the new names (the bands below keep each example's total in it)
    .replace(/^( +)grade: ([SABCD])$/gm, (_, indent: string, g: string) => `${indent}grade: ${names[g]}`);
  expect(yaml).not.toMatch(/grade: [SABCD]\b/);
  await createTemplateVersion(db(), hr, yaml, 'results test: other grade names');
}

let current: FreshDb | undefined;
const db = () => current!.db;

describe.each(TEST_ENGINES)('results lists on %s', (engine) => {
  const names = (lists: Record<ResultList, { employee: string }[]>) =>
    Object.fromEntries(Object.entries(lists).map(([k, v]) => [k, v.map((x) => x.employee).sort()]));

  async function runMonth(month: string, publish: boolean) {
    await db().transaction((tx) => openMonth(tx, hr, { month, families: ['presales-cs'] }));
    const r = await scoreMonth(db(), hr, month);
    expect(r.failed).toEqual([]);
    for (const f of await listForms(db(), hr, month)) {
      const form = await getForm(db(), hr, month, f.employee);
      const grade = GRADES[f.employee]![month]!;
      await db().transaction((tx) =>
        calibrateGrade(tx, hr, month, f.employee, { version: form.version, grade, reason: '结果名单测试' }),
      );
    }
    if (publish) await db().transaction((tx) => publishMonth(tx, hr, month));
  }

  beforeAll(async () => {
    current = await freshDb(engine);
    await loadDemoCompany(db(), 'test-password-1');
    // September: five grades with Chinese names, listed worst first (the order must come from the bands)
    await renamedTemplate(
      SEP,
      [
        '  - { grade: 待改进, when: "< 60" }',
        '  - { grade: 合格, when: "[60, 70)" }',
        '  - { grade: 良好, when: "[70, 85)" }',
        '  - { grade: 卓越, when: ">= 95" }',
        '  - { grade: 优秀, when: "[85, 95)" }',
        '',
      ].join('\n'),
      { S: '卓越', A: '优秀', B: '良好', C: '合格', D: '待改进' },
    );
    // October: three grades (S and A → gold, B and C → silver, D → bronze keeps every example's total inside)
    await renamedTemplate(
      OCT,
      [
        '  - { grade: gold, when: ">= 85" }',
        '  - { grade: silver, when: "[60, 85)" }',
        '  - { grade: bronze, when: "< 60" }',
        '',
      ].join('\n'),
      { S: 'gold', A: 'gold', B: 'silver', C: 'silver', D: 'bronze' },
    );
    await runMonth(AUG, true);
    await runMonth(SEP, true);
    await runMonth(OCT, false);
  }, 240_000);
  afterAll(async () => {
    await current?.dispose();
    current = undefined;
  });

  test('the months ran on the templates with other grade names, and the grades are the chosen ones', async () => {
    for (const [month, template] of [
      [AUG, 'presales-cs@2026.1'],
      [SEP, 'presales-cs@2026.09'],
      [OCT, 'presales-cs@2026.10'],
    ] as const)
      for (const f of await listForms(db(), hr, month)) {
        expect(f.template).toBe(template);
        expect(f.finalGrade).toBe(GRADES[f.employee]![month]);
      }
  });

  test('one month (August, S…D): each list from that month alone', async () => {
    const r = await resultLists(db(), DEMO_COMPANY, [AUG]);
    expect(r.months).toEqual([AUG]);
    expect(names(r.lists)).toEqual({
      promotion: ['E006'],
      salaryAdjustment: ['E006', 'S001'],
      training: ['E007', 'E009'],
      // one C is training only; one D is already an improvement plan, but not yet a transfer
      improvementPlan: ['E009'],
      transfer: [],
    });
    const e009 = r.lists.improvementPlan[0]!;
    expect(e009).toMatchObject({ employee: 'E009', grades: ['D'] });
    expect(e009.reason.en).toContain('worst grade');
    expect(e009.name).toBeTruthy();
  });

  test('one month with Chinese grade names (September): the same lists as S…D would give', async () => {
    const r = await resultLists(db(), DEMO_COMPANY, [SEP]);
    expect(names(r.lists)).toEqual({
      promotion: ['E006'],
      salaryAdjustment: ['E006', 'S001'],
      training: ['E007'],
      improvementPlan: [],
      transfer: [],
    });
  });

  test('two months, two sets of grade names: a second C makes an improvement plan', async () => {
    const r = await resultLists(db(), DEMO_COMPANY, [SEP, AUG]);
    expect(r.months).toEqual([AUG, SEP]);
    expect(names(r.lists)).toEqual({
      promotion: ['E006'],
      // S001: A and 优秀 average exactly the second best grade
      salaryAdjustment: ['E006', 'S001'],
      training: ['E007', 'E009'],
      improvementPlan: ['E007', 'E009'],
      transfer: [],
    });
    expect(r.lists.improvementPlan.find((x) => x.employee === 'E007')!.grades).toEqual(['C', '合格']);
  });

  test('a month not yet published counts as no grade: promotion needs every month graded', async () => {
    const r = await resultLists(db(), DEMO_COMPANY, [AUG, SEP, OCT]);
    expect(r.months).toEqual([AUG, SEP, OCT]);
    expect(r.lists.promotion).toEqual([]);
    expect(r.lists.salaryAdjustment.find((x) => x.employee === 'E006')!.grades).toEqual(['S', '卓越', null]);
    expect(r.lists.transfer).toEqual([]);
  });

  test('three published months (gold/silver/bronze in October): every list', async () => {
    await db().transaction((tx) => publishMonth(tx, hr, OCT));
    const r = await resultLists(db(), DEMO_COMPANY, [AUG, SEP, OCT]);
    expect(names(r.lists)).toEqual({
      promotion: ['E006'],
      // S001's silver (the middle of three) pulls the average below the second best
      salaryAdjustment: ['E006'],
      training: ['E007', 'E009'],
      improvementPlan: ['E007', 'E009'],
      // D in August and bronze in October: the worst grade twice
      transfer: ['E009'],
    });
    expect(r.lists.transfer[0]!.grades).toEqual(['D', '良好', 'bronze']);
    // of three grades only the worst is "low": silver alone puts nobody on the training list
    const oct = await resultLists(db(), DEMO_COMPANY, [OCT]);
    expect(names(oct.lists)).toEqual({
      promotion: ['E006'],
      salaryAdjustment: ['E006'],
      training: ['E009'],
      improvementPlan: ['E009'],
      transfer: [],
    });
  });
});

describe('grade order and rules (pure)', () => {
  const band = (grade: string, when: GradeBand['when']): GradeBand => ({ grade, when });

  test('grade order comes from the bands, best first, whatever the listing order', () => {
    expect(
      gradeOrder([band('C', { lt: 60 }), band('A', { gte: 80 }), band('B', { gte: 60, lt: 80 })]),
    ).toEqual(['A', 'B', 'C']);
    // open below on one side only: "(70, 80]" is better than "[60, 70]"
    expect(gradeOrder([band('low', { gte: 60, lte: 70 }), band('high', { gt: 70, lte: 80 })])).toEqual([
      'high',
      'low',
    ]);
  });

  const lists = (...ranks: (readonly [number, number] | null)[]) => {
    const g: (RankedGrade | null)[] = ranks.map((r) =>
      r ? { grade: `g${r[0]}`, rank: r[0], of: r[1] } : null,
    );
    return RESULT_RULES.filter((rule) => rule.applies(g))
      .map((rule) => rule.list)
      .sort();
  };

  test('four grades: the two best are high, the two worst low', () => {
    expect(lists([0, 4])).toEqual(['promotion', 'salaryAdjustment']);
    expect(lists([1, 4], [1, 4])).toEqual(['salaryAdjustment']);
    expect(lists([2, 4])).toEqual(['training']);
    expect(lists([2, 4], [2, 4])).toEqual(['improvementPlan', 'training']);
    expect(lists([3, 4], [3, 4])).toEqual(['improvementPlan', 'training', 'transfer']);
  });

  test('no graded month puts nobody on any list', () => {
    expect(lists(null, null)).toEqual([]);
    expect(lists()).toEqual([]);
  });
});
