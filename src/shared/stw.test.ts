import { describe, expect, it } from 'vitest';
import { isToolPause, programPauses } from './stw';

describe('stop-the-world pauses', () => {
  it('tells the tracer\'s and the harness\'s own pauses from the program\'s', () => {
    const stw = ['start trace', 'GC sweep termination', 'GC mark termination', 'goroutine profile', 'goroutine profile cleanup', 'stop trace', 'GOMAXPROCS'].map((r) => ({ reason: `stop-the-world (${r})` }));
    expect(programPauses(stw).map((p) => p.reason)).toEqual(['stop-the-world (GC sweep termination)', 'stop-the-world (GC mark termination)', 'stop-the-world (GOMAXPROCS)']);
    expect(stw.filter(isToolPause)).toHaveLength(4);
  });
});
