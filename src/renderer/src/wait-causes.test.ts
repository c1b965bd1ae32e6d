import { describe, expect, it } from 'vitest';
import { waitCauseColor } from './wait-causes';

describe('waitCauseColor', () => {
  it('gives each cause one colour whatever the run, and others one of their own', () => {
    const causes = ['created', 'unblocked', 'preempted', 'yielded', 'syscall_lost_p', 'other'];
    const colours = causes.map(waitCauseColor);
    expect(new Set(colours).size).toBe(causes.length);
    // In a run where preempted waits lead and in one where created ones do: the same colour.
    expect(waitCauseColor('preempted')).toBe(colours[2]);
    expect(colours).not.toContain(waitCauseColor('some_future_cause'));
  });
});
