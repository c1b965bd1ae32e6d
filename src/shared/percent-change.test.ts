import { describe, expect, it } from 'vitest';
import { changeMagnitude } from './percent-change';

describe('changeMagnitude', () => {
  it('prints one decimal', () => {
    expect([12.34, -4, 0, 250].map(changeMagnitude)).toEqual(['12.3', '4.0', '0.0', '250.0']);
  });
  it('says −100% only of a fall to zero: a change that rounds to it gets the digits that tell it apart', () => {
    // 938 µs → 192 ns
    expect(changeMagnitude(((192e-9 - 938e-6) / 938e-6) * 100)).toBe('99.98');
    expect([-100, 100].map(changeMagnitude)).toEqual(['100.0', '100.0']);
    expect([-99.95, -99.9996, -99.99999, 100.04].map(changeMagnitude)).toEqual(['99.95', '99.9996', '99.99999', '100.04']);
    // One decimal is enough where it does not round to 100.
    expect(changeMagnitude(-99.94)).toBe('99.9');
  });
});
