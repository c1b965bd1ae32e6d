import { describe, expect, it } from 'vitest';
import { packageOf, relativeChange } from './colors';

describe('colours', () => {
  it('finds the Go package of a symbol', () => {
    expect(packageOf('runtime.mallocgc')).toBe('runtime');
    expect(packageOf('net/http.(*conn).serve')).toBe('net/http');
    expect(packageOf('main')).toBe('main');
  });
  it('measures relative change in −1..1', () => {
    expect(relativeChange(10, 0)).toBe(-1);
    expect(relativeChange(0, 5)).toBe(1);
    expect(relativeChange(10, 15)).toBeCloseTo(1 / 3);
    expect(relativeChange(0, 0)).toBe(0);
  });
});
