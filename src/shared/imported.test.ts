import { describe, expect, it } from 'vitest';
import type { RunSummary } from './domain';
import { historyCells } from './imported';

const summary = (patch: Partial<RunSummary>): RunSummary => ({
  id: 'r1', experimentId: null, cell: null, state: 'succeeded', targetKind: 'scenario', targetName: 'pingpong-hog', gomaxprocs: 2, gomaxprocsInForce: 2,
  concurrency: 4, concurrencyUsed: true, duration: '1s', label: '', tags: [], createdAt: '2026-12-03T00:00:00.000Z', startedAt: null, targetStartedAt: null, endedAt: null, filesFetchedAt: null, filesFetchNotes: [], tracePartial: false, measuredS: null, exitCode: 0, error: null,
  opsPerSec: null, schedP50: null, schedP99: null, schedSource: null, gcPauseP99: null, host: 'local', goVersion: 'local', cpuLimit: 'max', goVersionInForce: null, cpuLimitInForce: null, ...patch,
});

describe('historyCells', () => {
  it('names the Go release asked and the CPU limit beside the target when they are not the defaults', () => {
    expect(historyCells(summary({})).name).toBe('pingpong-hog');
    expect(historyCells(summary({ goVersion: 'go1.24.x', cpuLimit: 0.5 })).name).toBe('pingpong-hog · go1.24.x · cpu 0.5');
    expect(historyCells(summary({ cpuLimit: 2 })).name).toBe('pingpong-hog · cpu 2');
  });

  it('names what ran when result.json says it: the release a pattern resolved to, the limit in force beside the one configured', () => {
    expect(historyCells(summary({ goVersion: 'go1.25.x', goVersionInForce: 'go1.25.14', cpuLimit: 1, cpuLimitInForce: 1 })).name).toBe('pingpong-hog · go1.25.14 · cpu 1');
    // cpu-quota-throttle-tail sets its own quota: 0.5 ran where 1 (or none) was configured.
    expect(historyCells(summary({ cpuLimit: 1, cpuLimitInForce: 0.5 })).name).toBe('pingpong-hog · cpu 0.5 (configured 1)');
    expect(historyCells(summary({ cpuLimitInForce: 0.5 })).name).toBe('pingpong-hog · cpu 0.5 (configured none)');
    expect(historyCells(summary({ cpuLimit: 1, cpuLimitInForce: 0 })).name).toBe('pingpong-hog · cpu none (configured 1)');
    // The workbench's own Go is not named, whatever its version.
    expect(historyCells(summary({ goVersionInForce: 'go1.26.8' })).name).toBe('pingpong-hog');
  });

  it('says how long a measured window ran where it fell short of the duration asked: a run stopped', () => {
    // Asked 1s: 5.05 s of 20 s after a Ctrl-C is said; a window 2% short (a timer a little late) is not.
    expect(historyCells(summary({ duration: '20s', measuredS: 5.05, state: 'cancelled' })).ranS).toBe(5.05);
    expect(historyCells(summary({ measuredS: 0.98 })).ranS).toBeNull();
    expect(historyCells(summary({ measuredS: null, state: 'failed' })).ranS).toBeNull();
    expect(historyCells(summary({ targetKind: 'bench', measuredS: 0.2 })).ranS).toBeNull();
  });

  it('shows the concurrency only where it drove the load: not for a scenario that ignored it, nor a benchmark', () => {
    expect(historyCells(summary({})).concurrency).toBe(4);
    expect(historyCells(summary({ concurrencyUsed: false })).concurrency).toBeNull();
    expect(historyCells(summary({ targetKind: 'bench', targetName: 'pkg -bench .' })).concurrency).toBeNull();
  });

  it('shows an import as the trace it read, with its GOMAXPROCS and nothing that did not run', () => {
    expect(historyCells(summary({ tags: ['imported'], targetName: 'trace.out', gomaxprocsInForce: 4 }))).toEqual({ kind: 'imported', name: 'trace.out', gomaxprocs: '4', concurrency: null, duration: null, ranS: null });
  });
});
