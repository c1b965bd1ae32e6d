import { describe, expect, it } from 'vitest';
import { gomaxprocsChangeText, gomaxprocsText } from './gomaxprocs';

describe('gomaxprocsText', () => {
  it('shows the value in force, the configured one beside it only when they differ', () => {
    expect(gomaxprocsText(2, 2)).toBe('2');
    expect(gomaxprocsText(2, 1)).toBe('1 (configured 2)');
    expect(gomaxprocsText('default', 2)).toBe("2 (Go's default)");
    expect(gomaxprocsText('default', 2, 2)).toBe("2 (Go's default)");
    expect(gomaxprocsText('default', 1, 2)).toBe("1 (configured: Go's default, 2)");
  });
  it('falls back to the configured value when nothing is known of the run', () => {
    expect(gomaxprocsText(4, null)).toBe('4');
    expect(gomaxprocsText('default', null)).toBe('default');
  });
});

describe('gomaxprocsChangeText', () => {
  it('names both values, the time and the phase', () => {
    expect(gomaxprocsChangeText({ t: 0.0183, phase: 'measure', from: 2, to: 4 })).toBe('2 → 4 at 0.018 s (measure)');
  });
});
