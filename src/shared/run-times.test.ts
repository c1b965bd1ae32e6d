import { describe, expect, it } from 'vitest';
import { utcText } from './run-times';

describe('utcText', () => {
  it('writes a trace’s RFC 3339 start to the millisecond, and leaves text that is not one as it is', () => {
    expect(utcText('2026-12-06T13:23:56.051138932Z')).toBe('2026-12-06 13:23:56.051 UTC');
    expect(utcText('2026-12-06T13:23:56Z')).toBe('2026-12-06 13:23:56 UTC');
    expect(utcText('2026-12-06T13:23:56.5Z')).toBe('2026-12-06 13:23:56.5 UTC');
    expect(utcText('yesterday')).toBe('yesterday');
  });
});
