import { describe, expect, it } from 'vitest';
import { windowOverrun } from './measured-window';

describe('windowOverrun', () => {
  it('is the time past the duration asked for when it exceeds 5% of it', () => {
    expect(windowOverrun('500ms', 0.574)).toBeCloseTo(0.074, 12);
    expect(windowOverrun('2s', 2.2)).toBeCloseTo(0.2, 12);
  });

  it('is null for a window within 5% of the duration, shorter than it (stopped early), unknown or unparsable', () => {
    expect(windowOverrun('500ms', 0.5012)).toBeNull();
    expect(windowOverrun('500ms', 0.524)).toBeNull();
    expect(windowOverrun('1s', 0.3)).toBeNull();
    expect(windowOverrun('1s', null)).toBeNull();
    expect(windowOverrun('1x', 3)).toBeNull();
  });
});
