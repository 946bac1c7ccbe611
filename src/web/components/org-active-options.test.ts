import { describe, expect, it } from 'vitest';
import { activeOptions } from './org-active-options.ts';

const rows = [
  { code: 'a', name: 'A', active: true },
  { code: 'b', name: 'B', active: false },
  { code: 'c', name: 'C' }, // an older server sends no `active`: reads as active
];
const label = (r: { name: string }) => r.name;

describe('activeOptions', () => {
  it('offers only active rows when the form holds nothing', () => {
    expect(activeOptions(rows, label, '已停用')).toEqual([
      { value: 'a', label: 'A' },
      { value: 'c', label: 'C' },
    ]);
    expect(activeOptions(rows, label, '已停用', null).map((o) => o.value)).toEqual(['a', 'c']);
  });

  it('keeps an inactive current value, tagged, for a single and a multiple select', () => {
    expect(activeOptions(rows, label, '已停用', 'b')).toEqual([
      { value: 'a', label: 'A' },
      { value: 'b', label: 'B (已停用)' },
      { value: 'c', label: 'C' },
    ]);
    expect(activeOptions(rows, label, 'inactive', ['c', 'b']).map((o) => o.label)).toEqual([
      'A',
      'B (inactive)',
      'C',
    ]);
  });

  it('does not tag an active current value', () => {
    expect(activeOptions(rows, label, '已停用', 'a').find((o) => o.value === 'a')?.label).toBe('A');
  });
});
