import { describe, expect, it } from 'vitest';
import { changeClockNote, gomaxprocsAgainstLimit, gomaxprocsChangeText, gomaxprocsSourceText, gomaxprocsText, gomaxprocsVariation, LISTED_GOMAXPROCS_CHANGES, sameGomaxprocsNote, traceChangesSource, traceGomaxprocsChanges, traceGomaxprocsChangeText, unlistedChangesText, unlistedTraceChangesText } from './gomaxprocs';

describe('gomaxprocsText', () => {
  it('shows the value in force, the configured one beside it only when they differ', () => {
    expect(gomaxprocsText(2, 2)).toBe('2');
    expect(gomaxprocsText(2, 1)).toBe('1 (configured 2)');
    // Only the number the process started with says what Go's default was.
    expect(gomaxprocsText('default', 2)).toBe("2 (configured: Go's default)");
    expect(gomaxprocsText('default', 2, 2)).toBe("2 (Go's default)");
    expect(gomaxprocsText('default', 1, 2)).toBe("1 (configured: Go's default, 2)");
  });
  it('falls back to the configured value when nothing is known of the run', () => {
    expect(gomaxprocsText(4, null)).toBe('4');
    expect(gomaxprocsText('default', null)).toBe('default');
  });
});

describe('gomaxprocsSourceText', () => {
  it('says where the starting number came from, and that another one in force was not set by it', () => {
    expect(gomaxprocsSourceText(false, 2, 2)).toBe('set by the GOMAXPROCS variable');
    expect(gomaxprocsSourceText(true)).toBe("Go's default");
    // A program that calls runtime.GOMAXPROCS(1) after the variable set 2.
    expect(gomaxprocsSourceText(false, 2, 1)).toBe('it started at 2, set by the GOMAXPROCS variable; the target or the runtime changed it');
  });
});

describe('gomaxprocsChangeText', () => {
  it('names both values, the time and the phase', () => {
    expect(gomaxprocsChangeText({ t: 0.0183, phase: 'measure', from: 2, to: 4 })).toBe('2 → 4 at 0.018 s (measure)');
  });
  it('gives a change an observation saw as the span it happened in, not as the time it was seen', () => {
    expect(gomaxprocsChangeText({ t: 0.1021, phase: 'measure', from: 4, to: 2, after: 0.0024 })).toBe('4 → 2 between 0.002 and 0.102 s (measure)');
    // A call that made it within the printed millisecond: one time.
    expect(gomaxprocsChangeText({ t: 0.0772, phase: 'measure', from: 4, to: 2, after: 0.0769 })).toBe('4 → 2 at 0.077 s (measure)');
  });
});

describe('traceGomaxprocsChanges', () => {
  it('gives each step that changes the value, not the value the trace started with nor a repeated one', () => {
    const steps = [
      { t: 0, n: 2 },
      { t: 0.0512, n: 4 },
      { t: 0.0733, n: 4 },
      { t: 0.1201, n: 1 },
    ];
    expect(traceGomaxprocsChanges(steps)).toEqual([
      { t: 0.0512, from: 2, to: 4 },
      { t: 0.1201, from: 4, to: 1 },
    ]);
    expect(traceGomaxprocsChanges([{ t: 0, n: 2 }])).toEqual([]);
    expect(traceGomaxprocsChanges([])).toEqual([]);
  });
  it('writes a change at the tenth of a millisecond, and counts those past the listed ones', () => {
    expect(traceGomaxprocsChangeText({ t: 0.05123, from: 2, to: 4 })).toBe('2 → 4 at 0.0512 s');
    const many = Array.from({ length: LISTED_GOMAXPROCS_CHANGES + 3 }, (_, i) => ({ t: i / 100, from: 2 + (i % 2) * 2, to: 4 - (i % 2) * 2 }));
    expect(unlistedTraceChangesText(many)).toBe('… and 3 more');
    expect(unlistedTraceChangesText(many.slice(0, LISTED_GOMAXPROCS_CHANGES))).toBeNull();
  });
});

describe('the clocks of the two lists', () => {
  it("says the trace's clock starts a little after the harness's, or at the flight recorder's last window", () => {
    expect(changeClockNote('trace.out')).toBe("times in seconds since the harness started: the trace's, on the timelines and drill-downs, start a little later, so the same moment reads a little earlier there");
    expect(changeClockNote(null)).toBe(changeClockNote('trace.out'));
    expect(changeClockNote('flight.trace')).toBe("times in seconds since the harness started: the flight recorder's trace, on the timelines and drill-downs, counts from the start of the last window it kept");
    expect(traceChangesSource('trace.out')).toEqual({ source: 'the execution trace', clock: 'exact, on the clock of the timelines and drill-downs' });
    expect(traceChangesSource('flight.trace').source).toBe("the flight recorder's trace, its last window only");
    expect(traceChangesSource('flight.trace').clock).toContain("counted from that window's start");
  });
});

describe('gomaxprocsVariation', () => {
  it('names the range and the count of the changes inside the measured window only', () => {
    expect(gomaxprocsVariation([])).toBeNull();
    expect(gomaxprocsVariation([{ t: 0.3, phase: 'end', from: 4, to: 2 }])).toBeNull();
    const churn = [
      { t: 0.01, phase: 'warmup', from: 2, to: 8 },
      { t: 0.1, phase: 'measure', from: 8, to: 4 },
      { t: 0.2, phase: 'measure', from: 4, to: 3 },
      { t: 0.3, phase: 'end', from: 3, to: 2 },
    ];
    expect(gomaxprocsVariation(churn)).toBe('varied 3–8 in the measured window (2 changes); the number is the one held longest');
    expect(gomaxprocsVariation(churn.slice(1, 2))).toBe('varied 4–8 in the measured window (1 change); the number is the one held longest');
    // The harness keeps 1000 changes and counts the rest: said, not left out.
    expect(gomaxprocsVariation(churn, 250)).toBe('varied 3–8 in the measured window (2 recorded changes, 250 more not recorded); the number is the one held longest');
  });
});

describe('unlistedChangesText', () => {
  it('counts the changes past the listed ones, and those outside the window the variation does not count', () => {
    // stw-gomaxprocs-churn: 61 changes in the window, one more at its end.
    const change = (phase: 'measure' | 'end') => ({ t: 1, phase, from: 2, to: 4 });
    const churn = [...Array.from({ length: 61 }, () => change('measure')), change('end')];
    expect(unlistedChangesText(churn, 0)).toBe(`… and ${62 - LISTED_GOMAXPROCS_CHANGES} more (62 in all, 1 outside the measured window)`);
    expect(unlistedChangesText(churn.slice(0, 30), 0)).toBe(`… and ${30 - LISTED_GOMAXPROCS_CHANGES} more`);
    expect(unlistedChangesText(churn.slice(0, LISTED_GOMAXPROCS_CHANGES), 0)).toBeNull();
    // Past the harness's record, a change's phase is not known.
    expect(unlistedChangesText(churn, 500)).toBe(`… and ${562 - LISTED_GOMAXPROCS_CHANGES} more (562 in all, at least 1 outside the measured window)`);
  });
});

describe('sameGomaxprocsNote', () => {
  const run = (cell: string, configured: number | 'default', inForce: number | null) => ({ cell, configured, inForce });

  it('names GOMAXPROCS values asked differently that ran at one number, once however many cells show it', () => {
    const runs = [
      run('GOMAXPROCS=default concurrency=1 #1', 'default', 2),
      run('GOMAXPROCS=2 concurrency=1 #1', 2, 2),
      run('GOMAXPROCS=default concurrency=4 #1', 'default', 2),
      run('GOMAXPROCS=2 concurrency=4 #1', 2, 2),
    ];
    expect(sameGomaxprocsNote(runs)).toBe('the cells of GOMAXPROCS=default and GOMAXPROCS=2 ran at the same GOMAXPROCS, 2: they measure one setting');
  });

  it('sets side by side only cells alike in their other dimensions, and says nothing when each value ran as its own', () => {
    // Go's default under a 1-core limit is 1: not the same setting as GOMAXPROCS=1 without one.
    expect(sameGomaxprocsNote([run('GOMAXPROCS=default cpu=1 #1', 'default', 1), run('GOMAXPROCS=1 cpu=max #1', 1, 1)])).toBeNull();
    expect(sameGomaxprocsNote([run('GOMAXPROCS=default #1', 'default', 4), run('GOMAXPROCS=2 #1', 2, 2), run('GOMAXPROCS=2 #2', 2, null)])).toBeNull();
  });
});


describe('gomaxprocsAgainstLimit', () => {
  const p = (gomaxprocs: number, limit: number | null, goVersion = 'go1.26.8', gomaxprocsDefault = true, gomaxprocsConfigured = gomaxprocs) => ({ gomaxprocs, cgroupCpuLimit: limit, goVersion, gomaxprocsDefault, gomaxprocsConfigured });
  it("states GOMAXPROCS against the CPU limit, and why Go's default lies above it", () => {
    expect(gomaxprocsAgainstLimit(p(2, null))).toBe('');
    expect(gomaxprocsAgainstLimit(p(2, 2))).toBe(', within the 2-core limit');
    // The new user's case: a 1-core limit, Go's default 2 (not a fault of the workbench).
    expect(gomaxprocsAgainstLimit(p(2, 1))).toBe(", above the 1-core limit: Go's default is never below 2");
    expect(gomaxprocsAgainstLimit(p(2, 1.5))).toBe(", above the 1.5-core limit: Go's default is never below 2");
    expect(gomaxprocsAgainstLimit(p(3, 2.5))).toBe(", above the 2.5-core limit: Go's default rounds the limit up");
    expect(gomaxprocsAgainstLimit(p(2, 1, 'go1.24.13'))).toBe(", above the 1-core limit: Go's default follows a CPU limit from Go 1.25 on");
    expect(gomaxprocsAgainstLimit(p(2, 1, 'go1.25.0 X:greenteagc'))).toBe(", above the 1-core limit: Go's default is never below 2");
    // Set by the variable, or by the target since it started: no reason of Go's to give.
    expect(gomaxprocsAgainstLimit(p(4, 1, 'go1.26.8', false))).toBe(', above the 1-core limit');
    expect(gomaxprocsAgainstLimit(p(4, 1, 'go1.26.8', true, 2))).toBe(', above the 1-core limit');
  });
});
