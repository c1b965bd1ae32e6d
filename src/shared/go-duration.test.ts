// Go durations read as time.ParseDuration reads them. (Against the real Go: scenario-params.test.ts
// runs duration values through the harness's own check.)
import { describe, expect, it } from 'vitest';
import { goDurationSeconds, parseGoDuration, parseGoDurationNs } from './go-duration';

describe('parseGoDuration', () => {
  it('reads number+unit terms, fractions and every unit', () => {
    expect(parseGoDuration('2s')).toBe(2);
    expect(parseGoDuration('250ms')).toBeCloseTo(0.25);
    expect(parseGoDuration('1m30s')).toBe(90);
    expect(parseGoDuration('1.5h')).toBe(5400);
    expect(parseGoDuration('10µs')).toBeCloseTo(1e-5);
    expect(parseGoDuration('10μs')).toBeCloseTo(1e-5);
    expect(parseGoDurationNs('1us1ns')).toBe(1001n);
  });

  it('takes what Go takes beyond the common form: 0, a sign, a bare fraction', () => {
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('-1.5s')).toBe(-1.5);
    expect(parseGoDuration('+.5s')).toBe(0.5);
    expect(parseGoDuration('5.s')).toBe(5);
  });

  it('refuses what Go refuses: no unit, no number, spaces, overflow', () => {
    for (const bad of ['2', 's', '2 s', ' 2s', '', '.s', '1e3s', '2562048h', '9223372036854775808ns']) expect(parseGoDuration(bad), bad).toBeNull();
  });

  it('goDurationSeconds throws on what is not a duration', () => {
    expect(goDurationSeconds('1m30s')).toBe(90);
    expect(() => goDurationSeconds('5 seconds')).toThrow('not a Go duration');
  });
});
