import { describe, expect, it } from 'vitest';
import { unseenOutput } from './terminal-merge';

describe('unseenOutput', () => {
  it('drops output already in the fetched history', () => {
    expect(unseenOutput('hello world', 'world')).toBe('');
    expect(unseenOutput('hello wor', 'world!')).toBe('ld!');
    expect(unseenOutput('', 'abc')).toBe('abc');
    expect(unseenOutput('abc', 'xyz')).toBe('xyz');
  });
});
