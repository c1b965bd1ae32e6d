import { describe, expect, it } from 'vitest';
import { threeSignificant } from './significant';

describe('threeSignificant', () => {
  it('keeps three significant digits, trailing zeros included', () => {
    expect([6.5, 12.34, 123.4, 1, 0].map(threeSignificant)).toEqual(['6.50', '12.3', '123', '1.00', '0.00']);
  });
  it('counts the digits from the first non-zero one below 1', () => {
    expect([0.3114, 0.0042, -0.5].map(threeSignificant)).toEqual(['0.311', '0.00420', '-0.500']);
    // Below a millionth, in exponent form.
    expect(threeSignificant(3e-7)).toBe('3.00e-7');
  });
  it('decides the width on the rounded value', () => {
    expect([9.9996, 99.96, 0.99996, 0.099996].map(threeSignificant)).toEqual(['10.0', '100', '1.00', '0.100']);
  });
});
