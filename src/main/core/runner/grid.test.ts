import { describe, expect, it } from 'vitest';
import { RunPlan } from '../../../shared/domain';
import { expandPlan, isExperiment } from './grid';

// Plans that give their concurrency never ask for a machine's CPU count.
const noDefault = (host: string): number => {
  throw new Error(`asked for the CPU count of ${host}`);
};

describe('grid', () => {
  it("runs each machine at its own CPU count when the plan gives no concurrency, and names it in the cells", () => {
    const plan = RunPlan.parse({ target: { kind: 'scenario', id: 's' }, duration: '1s', gomaxprocs: ['default'], hosts: ['local', 'lab'] });
    expect(plan.concurrency).toBeUndefined();
    const cpus = new Map([['local', 2], ['lab', 16]]);
    expect(expandPlan(plan, (host) => cpus.get(host)!).map((r) => [r.config.host, r.config.concurrency, r.cell])).toEqual([
      ['local', 2, 'host=local GOMAXPROCS=default concurrency=2 #1'],
      ['lab', 16, 'host=lab GOMAXPROCS=default concurrency=16 #1'],
    ]);
    const single = RunPlan.parse({ target: { kind: 'scenario', id: 's' }, duration: '1s', gomaxprocs: [2], hosts: ['lab'] });
    expect(isExperiment(single)).toBe(false);
    expect(expandPlan(single, (host) => cpus.get(host)!)).toEqual([{ config: expect.objectContaining({ concurrency: 16, host: 'lab' }), cell: null }]);
  });

  it('interleaves cells across repetitions: A B C A B C', () => {
    const plan = RunPlan.parse({ target: { kind: 'scenario', id: 's' }, duration: '1s', concurrency: [10, 100], gomaxprocs: [1, 'default'], repeat: 2 });
    const cells = expandPlan(plan, noDefault).map((r) => r.cell);
    expect(cells).toEqual([
      'GOMAXPROCS=1 concurrency=10 #1',
      'GOMAXPROCS=1 concurrency=100 #1',
      'GOMAXPROCS=default concurrency=10 #1',
      'GOMAXPROCS=default concurrency=100 #1',
      'GOMAXPROCS=1 concurrency=10 #2',
      'GOMAXPROCS=1 concurrency=100 #2',
      'GOMAXPROCS=default concurrency=10 #2',
      'GOMAXPROCS=default concurrency=100 #2',
    ]);
    const single = RunPlan.parse({ target: { kind: 'scenario', id: 's' }, duration: '1s', concurrency: [4], gomaxprocs: [2] });
    expect(single.cpuLimit).toEqual(['max']);
    expect(isExperiment(single)).toBe(false);
    expect(expandPlan(single, noDefault)).toEqual([{ config: expect.objectContaining({ concurrency: 4, gomaxprocs: 2, host: 'local' }), cell: null }]);
  });

  it('makes host a dimension when there are several, interleaved, and names it only then', () => {
    const plan = RunPlan.parse({ target: { kind: 'scenario', id: 's' }, duration: '1s', concurrency: [2], gomaxprocs: ['default'], hosts: ['lab', 'local'], repeat: 2 });
    expect(isExperiment(plan)).toBe(true);
    expect(expandPlan(plan, noDefault).map((r) => [r.config.host, r.cell])).toEqual([
      ['lab', 'host=lab GOMAXPROCS=default concurrency=2 #1'],
      ['local', 'host=local GOMAXPROCS=default concurrency=2 #1'],
      ['lab', 'host=lab GOMAXPROCS=default concurrency=2 #2'],
      ['local', 'host=local GOMAXPROCS=default concurrency=2 #2'],
    ]);
    const one = RunPlan.parse({ target: { kind: 'scenario', id: 's' }, duration: '1s', concurrency: [2], gomaxprocs: [1, 2], hosts: ['lab'] });
    expect(expandPlan(one, noDefault).map((r) => [r.config.host, r.cell])).toEqual([
      ['lab', 'GOMAXPROCS=1 concurrency=2 #1'],
      ['lab', 'GOMAXPROCS=2 concurrency=2 #1'],
    ]);
    expect(RunPlan.safeParse({ ...plan, hosts: ['lab', 'lab'] }).success).toBe(false);
  });

  it('makes Go releases the outermost dimension and names them in each cell', () => {
    const plan = RunPlan.parse({ target: { kind: 'scenario', id: 's' }, duration: '1s', concurrency: [4], gomaxprocs: [2], goVersion: ['local', '1.22.12'], repeat: 2 });
    expect(expandPlan(plan, noDefault).map((r) => [r.config.goVersion, r.cell])).toEqual([
      ['local', 'go=local GOMAXPROCS=2 concurrency=4 #1'],
      ['go1.22.12', 'go=go1.22.12 GOMAXPROCS=2 concurrency=4 #1'],
      ['local', 'go=local GOMAXPROCS=2 concurrency=4 #2'],
      ['go1.22.12', 'go=go1.22.12 GOMAXPROCS=2 concurrency=4 #2'],
    ]);
    const oneRelease = RunPlan.parse({ target: { kind: 'scenario', id: 's' }, duration: '1s', concurrency: [4], gomaxprocs: [1, 2], goVersion: ['1.24.x'] });
    expect(expandPlan(oneRelease, noDefault).map((r) => r.cell)).toEqual(['go=go1.24.x GOMAXPROCS=1 concurrency=4 #1', 'go=go1.24.x GOMAXPROCS=2 concurrency=4 #1']);
  });

  it('varies every dimension at once, release outermost, naming each that varies', () => {
    const plan = RunPlan.parse({
      target: { kind: 'scenario', id: 's' },
      duration: '1s',
      goVersion: ['local', '1.24.x'],
      hosts: ['local', 'lab'],
      gomaxprocs: [1, 2],
      concurrency: [4, 8],
      cpuLimit: ['max'],
    });
    const runs = expandPlan(plan, noDefault);
    expect(runs).toHaveLength(16);
    expect(runs.slice(0, 5).map((r) => r.cell)).toEqual([
      'go=local host=local GOMAXPROCS=1 concurrency=4 #1',
      'go=local host=local GOMAXPROCS=1 concurrency=8 #1',
      'go=local host=local GOMAXPROCS=2 concurrency=4 #1',
      'go=local host=local GOMAXPROCS=2 concurrency=8 #1',
      'go=local host=lab GOMAXPROCS=1 concurrency=4 #1',
    ]);
    expect(runs.at(-1)).toEqual({ config: expect.objectContaining({ goVersion: 'go1.24.x', host: 'lab', gomaxprocs: 2, concurrency: 8, cpuLimit: 'max' }), cell: 'go=go1.24.x host=lab GOMAXPROCS=2 concurrency=8 #1' });
    const limited = RunPlan.parse({ target: { kind: 'scenario', id: 's' }, duration: '1s', goVersion: ['local', '1.22.12'], concurrency: [2], gomaxprocs: [2], cpuLimit: [0.5, 'max'] });
    expect(expandPlan(limited, noDefault).map((r) => r.cell)).toEqual([
      'go=local GOMAXPROCS=2 concurrency=2 cpu=0.5 #1',
      'go=local GOMAXPROCS=2 concurrency=2 cpu=max #1',
      'go=go1.22.12 GOMAXPROCS=2 concurrency=2 cpu=0.5 #1',
      'go=go1.22.12 GOMAXPROCS=2 concurrency=2 cpu=max #1',
    ]);
  });
});

describe('grid with CPU limits', () => {
  it('makes the CPU limit a dimension: cells name it only when a plan limits the CPU', () => {
    const plan = RunPlan.parse({ target: { kind: 'scenario', id: 's' }, duration: '1s', concurrency: [2], gomaxprocs: [2], cpuLimit: [0.5, 'max'] });
    expect(isExperiment(plan)).toBe(true);
    expect(expandPlan(plan, noDefault).map((r) => [r.cell, r.config.cpuLimit])).toEqual([
      ['GOMAXPROCS=2 concurrency=2 cpu=0.5 #1', 0.5],
      ['GOMAXPROCS=2 concurrency=2 cpu=max #1', 'max'],
    ]);
    const one = RunPlan.parse({ target: { kind: 'scenario', id: 's' }, duration: '1s', concurrency: [2], gomaxprocs: [1, 2], cpuLimit: [1] });
    expect(expandPlan(one, noDefault).map((r) => r.cell)).toEqual(['GOMAXPROCS=1 concurrency=2 cpu=1 #1', 'GOMAXPROCS=2 concurrency=2 cpu=1 #1']);
    expect(RunPlan.safeParse({ ...plan, cpuLimit: [0] }).error?.issues[0]).toMatchObject({ path: ['cpuLimit', 0] });
    expect(RunPlan.safeParse({ ...plan, cpuLimit: [] }).error?.issues[0].message).toBe('at least one CPU limit');
  });
});

describe('grid of a scenario that ignores the concurrency', () => {
  it('names no concurrency in its cells, and the run keeps the value it was given', () => {
    const plan = RunPlan.parse({ target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '1s', concurrency: [4], gomaxprocs: [1, 2], cpuLimit: [0.5] });
    expect(expandPlan(plan, noDefault, true).map((r) => [r.cell, r.config.concurrency])).toEqual([
      ['GOMAXPROCS=1 cpu=0.5 #1', 4],
      ['GOMAXPROCS=2 cpu=0.5 #1', 4],
    ]);
    expect(expandPlan(plan, noDefault, false).map((r) => r.cell)).toEqual(['GOMAXPROCS=1 concurrency=4 cpu=0.5 #1', 'GOMAXPROCS=2 concurrency=4 cpu=0.5 #1']);
  });
});
