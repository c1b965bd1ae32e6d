import { describe, expect, it } from 'vitest';
import { changeMagnitude } from './percent-change';

describe('changeMagnitude', () => {
  it('prints one decimal', () => {
    expect([12.34, -4, 0, 250].map((p) => changeMagnitude(p))).toEqual(['12.3', '4.0', '0.0', '250.0']);
  });
  it('says −100% only of a fall to zero: a change that rounds to it gets the digits that tell it apart', () => {
    // 938 µs → 192 ns
    expect(changeMagnitude(((192e-9 - 938e-6) / 938e-6) * 100)).toBe('99.98');
    expect([-100, 100].map((p) => changeMagnitude(p))).toEqual(['100.0', '100.0']);
    expect([-99.95, -99.9996, -99.99999, 100.04].map((p) => changeMagnitude(p))).toEqual(['99.95', '99.9996', '99.99999', '100.04']);
    // One decimal is enough where it does not round to 100.
    expect(changeMagnitude(-99.94)).toBe('99.9');
  });
  it('says 0 only of no change: a change too small for the decimals gets the digits that show it', () => {
    // Medians of 1.00003 ms and 1.00000 ms print alike; the change is not "−0.0%".
    expect(changeMagnitude(((1e-3 - 1.00003e-3) / 1.00003e-3) * 100)).toBe('0.003');
    expect(changeMagnitude(0.004, 2)).toBe('0.004');
    expect([0.05, -0.0449, 1e-9].map((p) => changeMagnitude(p))).toEqual(['0.1', '0.04', '0.000000001']);
    expect(changeMagnitude(0, 2)).toBe('0.00');
  });
  it('takes more decimals when asked (benchstat prints two), never fewer where 100 would be wrong', () => {
    expect([12.345, -99.994, -100].map((p) => changeMagnitude(p, 2))).toEqual(['12.35', '99.99', '100.00']);
    // 1 s → 10 µs: benchstat prints -100.00%.
    expect(changeMagnitude(((10e-6 - 1) / 1) * 100, 2)).toBe('99.999');
    expect(changeMagnitude(-99.9996, 2)).toBe('99.9996');
  });
});
