import { describe, expect, it } from 'vitest';
import { markersNear, sameMarkers } from './markers';

// A tracer's pause at the start, a GC's two pauses 0.4 ms apart at 0.3 s, one more at 0.5 s.
const times = [0, 0.3, 0.3004, 0.5];

describe('markers near the pointer', () => {
  it('finds every marker within reach, either side, the ends included', () => {
    expect(markersNear(times, 0.3002, 0.001)).toEqual({ from: 1, to: 3 });
    expect(markersNear(times, 0.299, 0.001)).toEqual({ from: 1, to: 2 });
    expect(markersNear(times, 0.5, 0)).toEqual({ from: 3, to: 4 });
    expect(markersNear(times, 0, 0.001)).toEqual({ from: 0, to: 1 });
  });
  it('finds none between markers, or among none', () => {
    expect(markersNear(times, 0.4, 0.001)).toBeNull();
    expect(markersNear(times, 0.6, 0.001)).toBeNull();
    expect(markersNear([], 0.3, 1)).toBeNull();
  });
  it('tells one span of markers from another', () => {
    expect(sameMarkers({ from: 1, to: 3 }, { from: 1, to: 3 })).toBe(true);
    expect(sameMarkers({ from: 1, to: 3 }, { from: 1, to: 2 })).toBe(false);
    expect(sameMarkers(null, null)).toBe(true);
    expect(sameMarkers(null, { from: 0, to: 1 })).toBe(false);
  });
});
