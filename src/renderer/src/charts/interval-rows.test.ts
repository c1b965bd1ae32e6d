import { describe, expect, it } from 'vitest';
import { rowAt, rowEnd, spanOf, timeAtPointer } from './interval-rows';

// Windows of 100 ms from 0, a trace ending at 0.45 s.
const rows = [0, 0.1, 0.2, 0.3, 0.4].map((t) => ({ t }));

describe('interval rows', () => {
  it('finds the interval holding t, not the nearest start: 0.19 s is in the window from 0.1', () => {
    expect(rowAt(rows, 0.19)).toBe(1);
    expect(rowAt(rows, 0.1)).toBe(1);
    expect(rowAt(rows, 0.0999)).toBe(0);
    expect(rowAt(rows, 0.44)).toBe(4);
    expect(rowAt(rows, -1)).toBe(0);
    expect(rowAt([], 1)).toBe(-1);
  });
  it('ends an interval at the next start, the last at the chart end', () => {
    expect(rowEnd(rows, 1, 0.45)).toBe(0.2);
    expect(rowEnd(rows, 4, 0.45)).toBe(0.45);
    expect(rowEnd(rows, 4, undefined)).toBe(0.4);
  });
  it('spans a drag from the start of the first interval crossed to the end of the last, either way', () => {
    // Dragged from 0.56 to 0.74 s of windows of 100 ms: 0.5 to 0.8, the windows crossed and no other.
    const long = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8].map((t) => ({ t }));
    const [a, b] = [rowAt(long, 0.56), rowAt(long, 0.74)];
    expect(spanOf(long, a, b, 0.9)).toEqual({ from: 0.5, to: 0.8 });
    expect(spanOf(long, b, a, 0.9)).toEqual({ from: 0.5, to: 0.8 });
    // Inside one window: that window.
    expect(spanOf(long, rowAt(long, 0.42), rowAt(long, 0.48), 0.9)).toEqual({ from: 0.4, to: 0.5 });
  });
  it('reads the pointer across the plot, held inside it', () => {
    expect(timeAtPointer(150, { left: 100, width: 200 }, [0, 2])).toBe(0.5);
    expect(timeAtPointer(50, { left: 100, width: 200 }, [0, 2])).toBe(0);
    expect(timeAtPointer(400, { left: 100, width: 200 }, [0, 2])).toBe(2);
  });
});
