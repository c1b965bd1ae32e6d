import { describe, expect, it } from 'vitest';
import type { FlameTree, RunSummary } from '../../../shared/domain';
import type { HarnessResult } from '../../../shared/results';
import { normalisationUnit } from './normalisation';

const run = { id: 'r1', tags: [], startedAt: null, targetStartedAt: null, endedAt: null } as unknown as RunSummary;
const result = { wall_s: 1, ops: 5866, artifacts: [{ name: 'cpu.pprof', kind: 'cpu' }] } as HarnessResult;
/** A run of today's harness, whose CPU profile says it covers the measured window. */
const windowed = { ...result, artifacts: [{ name: 'cpu.pprof', kind: 'cpu', covers: 'window' as const }] } as HarnessResult;
const tree = (profile: string, durationS: number | null): FlameTree => ({ profile, sampleType: 'x/nanoseconds', unit: 'nanoseconds', total: 760, countType: null, durationS, startedAt: null, nodes: [], labels: { total: 760, keys: [], omittedKeys: 0 }, focus: null });

describe('normalisationUnit', () => {
  it('divides a profile that covers the measured window by the window, per second and per op', () => {
    // Dated from its writer's first run, a CPU profile may say less than the window it covers.
    expect(normalisationUnit(run, result, tree('cpu.pprof', 0.94), 'per-second')).toEqual({ per: 1, basis: 'the 1.00 s measured window' });
    expect(normalisationUnit(run, result, tree('cpu.pprof', 1.02), 'per-op')).toEqual({ per: 5866, basis: 'the 5,866 operations of the measured window' });
  });

  it('divides a CPU profile of the window by the window, whatever time the runtime dated it with', () => {
    // Its writer goroutine drained late on a starved scheduler: 448 ms "recorded" for a 300 ms window.
    const short = { ...windowed, wall_s: 0.3 } as HarnessResult;
    expect(normalisationUnit(run, short, tree('cpu.pprof', 0.448), 'per-second')).toEqual({ per: 0.3, basis: 'the 0.300 s measured window' });
    expect(normalisationUnit(run, short, tree('cpu.pprof', 0.448), 'per-op').per).toBe(5866);
  });

  it('divides a profile that recorded more than the window by its own time, and refuses it per op', () => {
    // A CPU profile of a run stored before it covered the window alone: a 1 s warm-up with it.
    expect(normalisationUnit(run, result, tree('cpu.pprof', 2.004), 'per-second')).toEqual({ per: 2.004, basis: 'the 2.00 s cpu.pprof recorded' });
    expect(() => normalisationUnit(run, result, tree('cpu.pprof', 2.004), 'per-op')).toThrow(
      'cpu.pprof of run r1 recorded 2.00 s, its 5,866 operations took the 1.00 s measured window: per operation would count what ran outside the window (a warm-up, the start-up). Use per second or share of total.',
    );
  });

  it('says what a profile with no time of its own counts, beside the window it is divided by', () => {
    expect(normalisationUnit(run, result, tree('allocs.pprof', null), 'per-second').basis).toBe('the 1.00 s measured window (allocs.pprof counts every allocation since the process started)');
    expect(normalisationUnit(run, result, tree('block.pprof', null), 'per-op').basis).toBe('the 5,866 operations of the measured window (block.pprof counts from the process start, a warm-up included)');
    expect(normalisationUnit(run, result, tree('cpu.pprof', null), 'share')).toEqual({ per: 760, basis: 'the cpu.pprof total' });
  });

  it('falls back to the time the target ran, and refuses what it cannot divide by', () => {
    const ran = { ...run, startedAt: '2026-12-04T10:00:00.000Z', targetStartedAt: '2026-12-04T10:00:30.000Z', endedAt: '2026-12-04T10:00:32.500Z' } as RunSummary;
    // The build before the target started is not the run's time.
    expect(normalisationUnit(ran, null, tree('cpu.pprof', null), 'per-second')).toEqual({ per: 2.5, basis: "the 2.50 s from the target's start to the run's end (no measured window was recorded)" });
    expect(() => normalisationUnit(run, null, tree('cpu.pprof', null), 'per-second')).toThrow(/Run r1 has no measured duration/);
    expect(() => normalisationUnit(run, null, tree('cpu.pprof', null), 'per-op')).toThrow(/Run r1 has no count of operations/);
  });

  it("does not take an import's copying time for the time its profile covers", () => {
    const imported = { ...run, tags: ['imported'], startedAt: '2026-12-04T10:00:00.000Z', targetStartedAt: null, endedAt: '2026-12-04T10:00:00.193Z' } as RunSummary;
    expect(() => normalisationUnit(imported, null, tree('heap.pprof', null), 'per-second')).toThrow(/Run r1 has no measured duration/);
    // A profile that says how long it recorded is divided by that.
    expect(normalisationUnit(imported, null, tree('cpu.pprof', 30.01), 'per-second').per).toBe(30.01);
  });
});
