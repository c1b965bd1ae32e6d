import { describe, expect, it } from 'vitest';
import { scalingOfRuns, scalingPoints, schedP99FromOneSource } from './scaling';

describe('scalingPoints', () => {
  it('gives one point per GOMAXPROCS, in order, with the median of the runs that have each number', () => {
    const points = scalingPoints([
      { gomaxprocs: 4, opsPerSec: 30, schedP99: null },
      { gomaxprocs: 1, opsPerSec: 10, schedP99: 0.002 },
      { gomaxprocs: 4, opsPerSec: 50, schedP99: null },
      { gomaxprocs: 1, opsPerSec: null, schedP99: 0.004 },
      { gomaxprocs: 1, opsPerSec: 20, schedP99: 0.003 },
    ]);
    expect(points).toEqual([
      { gomaxprocs: 1, opsPerSec: 15, schedP99: 0.003, runs: 3 },
      { gomaxprocs: 4, opsPerSec: 40, schedP99: null, runs: 2 },
    ]);
  });
});

describe('schedP99FromOneSource', () => {
  it('never mixes exact and sampled values on one line', () => {
    expect(schedP99FromOneSource([{ exact: 1, sampled: 2 }, { exact: 3, sampled: 4 }])).toEqual({ source: 'exact', values: [1, 3] });
    // One run without a trace: every point is the sample.
    expect(schedP99FromOneSource([{ exact: 1, sampled: 2 }, { exact: null, sampled: 4 }])).toEqual({ source: 'sampled', values: [2, 4] });
    // Neither source everywhere: the exact ones, with a gap.
    expect(schedP99FromOneSource([{ exact: 1, sampled: null }, { exact: null, sampled: 4 }])).toEqual({ source: 'exact', values: [1, null] });
    // No exact figure at all: the sample, where there is one, never an empty "exact" line.
    expect(schedP99FromOneSource([{ exact: null, sampled: null }, { exact: null, sampled: 4 }])).toEqual({ source: 'sampled', values: [null, 4] });
  });
});

describe('scalingOfRuns', () => {
  type Setting = { concurrency?: number; goVersionInForce?: string; cpuLimitInForce?: number | null; host?: string; params?: Record<string, string> };
  const run = (gomaxprocs: number | 'default', inForce: number | null, fromResult: number | null, p99: number, setting: Setting = {}, opsPerSec: number | null = null) => ({
    run: {
      gomaxprocs,
      gomaxprocsInForce: inForce,
      opsPerSec,
      targetName: 'chan-sync-pingpong',
      targetKind: 'scenario' as const,
      concurrency: setting.concurrency ?? 2,
      concurrencyUsed: true,
      host: setting.host ?? 'local',
      goVersion: 'local',
      goVersionInForce: setting.goVersionInForce ?? 'go1.26.8',
      cpuLimit: 'max' as const,
      cpuLimitInForce: setting.cpuLimitInForce ?? 0,
    },
    params: setting.params ?? {},
    provenance: fromResult === null ? null : ({ gomaxprocs: fromResult } as never),
    schedLatency: { exact: { p99 } as never, exactAll: null, sampled: null, sampledCount: 0 },
  });
  it('places a run at the GOMAXPROCS in force, an imported one at its trace’s, and leaves out a run with none known', () => {
    const { points, leftOut } = scalingOfRuns(
      [
        run('default', 2, 2, 0.001), // ran with Go's default, 2
        run('default', 2, null, 192e-9), // imported: its trace says 2
        run(4, null, null, 0.003), // failed before its result: the number configured
        run('default', null, null, 0.004), // nothing says
      ],
      ['a', 'imported', 'b', 'unknown'],
    );
    expect(points.map((p) => [p.gomaxprocs, p.runs])).toEqual([
      [2, 2],
      [4, 1],
    ]);
    expect(leftOut).toEqual([{ name: 'unknown', why: 'no GOMAXPROCS known' }]);
  });

  it('places only runs that differ from the baseline in GOMAXPROCS alone, and says how the others differ', () => {
    // The new user's case: GOMAXPROCS 1 at concurrency 2 against GOMAXPROCS 2 at concurrency 2 (21.5M ops/s)
    // and at concurrency 4 (90 ops/s): their median, 10.8M, was drawn at GOMAXPROCS 2, a value no run had.
    const { points, leftOut } = scalingOfRuns(
      [
        run(1, 1, 1, 0.001, {}, 12e6),
        run(2, 2, 2, 0.0019, {}, 21.5e6),
        run(2, 2, 2, 0.0404, { concurrency: 4 }, 90),
        run(2, 2, 2, 0.002, { goVersionInForce: 'go1.25.14', cpuLimitInForce: 1 }),
        run(4, 4, 4, 0.002, { host: 'lab', params: { capacity: '8' } }),
      ],
      ['base', 'c2', 'c4', 'old', 'remote'],
    );
    expect(points).toEqual([
      { gomaxprocs: 1, opsPerSec: 12e6, schedP99: 0.001, runs: 1 },
      { gomaxprocs: 2, opsPerSec: 21.5e6, schedP99: 0.0019, runs: 1 },
    ]);
    expect(leftOut).toEqual([
      { name: 'c4', why: "concurrency 4, the baseline's 2" },
      { name: 'old', why: "Go go1.25.14, the baseline's go1.26.8, CPU limit 1 core, the baseline's none" },
      { name: 'remote', why: "other parameters than the baseline, host lab, the baseline's local" },
    ]);
  });

  it("draws a sweep of CPU limits under Go's default GOMAXPROCS, one limit a point, and says so", () => {
    const { points, leftOut, note } = scalingOfRuns(
      [
        run('default', 2, 2, 0.004, { cpuLimitInForce: 1 }), // Go never defaults below 2
        run('default', 3, 3, 0.003, { cpuLimitInForce: 3 }),
        run('default', 2, 2, 0.002, { cpuLimitInForce: 1.5 }), // GOMAXPROCS 2 too, another condition
        run('default', 4, 4, 0.001, { cpuLimitInForce: 4 }),
        run(2, 2, 2, 0.001, { cpuLimitInForce: 2 }), // set by hand: its limit is another setting
      ],
      ['l1', 'l3', 'l1.5', 'l4', 'set'],
    );
    expect(points.map((p) => [p.gomaxprocs, p.schedP99, p.runs])).toEqual([
      [2, 0.004, 1],
      [3, 0.003, 1],
      [4, 0.001, 1],
    ]);
    expect(leftOut).toEqual([
      { name: 'l1.5', why: 'CPU limit 1.5 cores, where the point of GOMAXPROCS 2 ran under 1 core' },
      { name: 'set', why: "CPU limit 2 cores, the baseline's 1 core" },
    ]);
    expect(note).toBe("GOMAXPROCS is Go's default under each run's CPU limit (1 core, 3 cores, 4 cores).");
    expect(scalingOfRuns([run(1, 1, 1, 0.001), run(2, 2, 2, 0.001)], ['a', 'b']).note).toBeNull();
  });
});
