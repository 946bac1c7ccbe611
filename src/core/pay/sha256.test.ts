import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256.ts';

describe('sha256Hex', () => {
  it('matches node:crypto on ASCII and Chinese text', async () => {
    const { createHash } = await import('node:crypto');
    for (const s of [
      '',
      'abc',
      '{"rows":[{"name":"张三"}]}',
      'x'.repeat(1000),
      'y'.repeat(55),
      'y'.repeat(56),
      'y'.repeat(64),
      '😀'.repeat(40),
    ]) {
      expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
    }
  });
});
