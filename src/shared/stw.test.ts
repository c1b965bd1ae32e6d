import { describe, expect, it } from 'vitest';
import { STW_LINES, isToolPause, pausesToDraw, programPauses } from './stw';

describe('stop-the-world pauses', () => {
  it('tells the tracer\'s and the harness\'s own pauses from the program\'s', () => {
    const stw = ['start trace', 'GC sweep termination', 'GC mark termination', 'goroutine profile', 'goroutine profile cleanup', 'stop trace', 'GOMAXPROCS'].map((r) => ({ reason: `stop-the-world (${r})` }));
    expect(programPauses(stw).map((p) => p.reason)).toEqual(['stop-the-world (GC sweep termination)', 'stop-the-world (GC mark termination)', 'stop-the-world (GOMAXPROCS)']);
    expect(stw.filter(isToolPause)).toHaveLength(4);
  });
});

describe('pausesToDraw', () => {
  it('draws every pause of a run that paused a few times, and the longest of one that paused hundreds of times, in time order', () => {
    const few = [0.1, 0.2, 0.3].map((t) => ({ t, duration_s: 0.001 }));
    expect(pausesToDraw(few)).toEqual({ drawn: few, of: 3 });
    const many = Array.from({ length: 541 }, (_, i) => ({ t: i / 100, duration_s: (i % 7) * 1e-4 + (i === 300 ? 0.00368 : 0) }));
    const { drawn, of } = pausesToDraw(many);
    expect(of).toBe(541);
    expect(drawn).toHaveLength(STW_LINES);
    expect(drawn.map((p) => p.t)).toEqual([...drawn.map((p) => p.t)].sort((a, b) => a - b));
    expect(drawn.some((p) => p.t === 3)).toBe(true);
    // None left out is longer than one drawn.
    const shortestDrawn = Math.min(...drawn.map((p) => p.duration_s));
    expect(many.filter((p) => !drawn.includes(p)).every((p) => p.duration_s <= shortestDrawn)).toBe(true);
  });
});
