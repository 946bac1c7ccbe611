import { describe, expect, it } from 'vitest';
import { match } from './router.ts';

describe('match', () => {
  it('reads the params of a hash route and ignores the query', () => {
    expect(match('/months/:month/forms/:employee', '/months/2026-10/forms/E%20001?x=1')).toEqual({
      month: '2026-10',
      employee: 'E 001',
    });
  });
  it('refuses a path of another length or another literal segment', () => {
    expect(match('/months/:month', '/months/2026-10/forms')).toBeNull();
    expect(match('/months/:month', '/templates/2026-10')).toBeNull();
  });
});
