import { describe, expect, it } from 'vitest';
import { isDay, readEmployees, toDay } from './employee-import.ts';
import type { Employee } from './types.ts';

const boss: Employee = {
  code: 'D001',
  name: '周运营总监',
  team: 'ops',
  family: null,
  level: 'M2',
  supervisor: null,
  hireDate: '2021-03-01',
  leaveDate: null,
  agent: null,
  stores: [],
  role: 'supervisor',
};
const known = { employees: [boss], teams: ['ops', 'cs'], families: ['store-operator'] };

describe('readEmployees', () => {
  it('reads Chinese headers, dates in three spellings, and a supervisor defined later in the file', () => {
    const { employees, problems } = readEmployees(
      [
        ['工号', '姓名', '团队', '岗位族', '主管', '入职日期'],
        ['E100', '新运营', 'ops', 'store-operator', 'E101', new Date(Date.UTC(2026, 0, 5))],
        [],
        ['E101', '新主管', 'ops', null, 'D001', '2025/3/7'],
        ['E102', '新客服', 'cs', null, 'E101', '2025年11月1日'],
      ],
      known,
    );
    expect(problems).toEqual([]);
    expect(employees.map((e) => [e.code, e.supervisor, e.hireDate])).toEqual([
      ['E100', 'E101', '2026-01-05'],
      ['E101', 'D001', '2025-03-07'],
      ['E102', 'E101', '2025-11-01'],
    ]);
  });

  it('refuses the whole file and names row, column, value and reason for each problem', () => {
    const { employees, problems } = readEmployees(
      [
        ['code', 'name', 'team', 'supervisor', 'hire date', 'leave date'],
        ['E1', 'A', 'ops', 'X999', '2026-01-01', '2025-01-01'],
        ['E1', '', 'nope', null, 'soon', null],
      ],
      known,
    );
    expect(employees).toEqual([]);
    const seen = problems.map((p) => `${p.row}/${p.column}/${p.value}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        '2/离职日期/2025-01-01',
        '3/工号/E1',
        '3/姓名/',
        '3/团队/nope',
        '3/入职日期/soon',
        '2/主管/X999',
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it('names a missing required column', () => {
    const { problems } = readEmployees([['姓名'], ['A']], known);
    expect(problems.map((p) => p.column)).toEqual(['工号']);
  });

  it('toDay keeps what it cannot read, so the check can name it', () => {
    expect(toDay('2026-2-3')).toBe('2026-02-03');
    expect(toDay('next week')).toBe('next week');
    expect(toDay('')).toBeNull();
  });

  it('isDay refuses days that do not exist', () => {
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-13-01')).toBe(false);
  });
});
