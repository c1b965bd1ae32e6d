import { describe, expect, it } from 'vitest';
import { counted, noun, unitFor } from './plural';

describe('counted nouns', () => {
  it('say one thing in the singular and every other count in the plural', () => {
    expect([0, 1, 2].map((n) => counted(n, 'goroutine'))).toEqual(['0 goroutines', '1 goroutine', '2 goroutines']);
    expect(counted(1024, 'P')).toBe('1,024 Ps');
    expect(noun(1, 'goroutine was', 'goroutines were')).toBe('goroutine was');
    expect(noun(3, 'goroutine was', 'goroutines were')).toBe('goroutines were');
    expect([unitFor(1, 'cycles'), unitFor(2, 'cycles'), unitFor(1, 'ns/op')]).toEqual(['cycle', 'cycles', 'ns/op']);
    expect([unitFor(1, 'threads'), unitFor(1, 'gc-cycles'), unitFor(-1, 'gc-cycles')]).toEqual(['thread', 'gc-cycle', 'gc-cycles']);
  });
});
