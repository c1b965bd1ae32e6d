import { describe, expect, it } from 'vitest';
import { RunPlan } from '../../../shared/domain';
import { expandPlan, isExperiment } from './grid';

describe('grid', () => {
  it('interleaves cells across repetitions: A B C A B C', () => {
    const plan = RunPlan.parse({ target: { kind: 'scenario', id: 's' }, duration: '1s', concurrency: [10, 100], gomaxprocs: [1, 'default'], repeat: 2 });
    const cells = expandPlan(plan).map((r) => r.cell);
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
    expect(expandPlan(single)).toEqual([{ config: expect.objectContaining({ concurrency: 4, gomaxprocs: 2 }), cell: null }]);
  });
});

describe('grid with CPU limits', () => {
  it('makes the CPU limit a dimension: cells name it only when a plan limits the CPU', () => {
    const plan = RunPlan.parse({ target: { kind: 'scenario', id: 's' }, duration: '1s', concurrency: [2], gomaxprocs: [2], cpuLimit: [0.5, 'max'] });
    expect(isExperiment(plan)).toBe(true);
    expect(expandPlan(plan).map((r) => [r.cell, r.config.cpuLimit])).toEqual([
      ['GOMAXPROCS=2 concurrency=2 cpu=0.5 #1', 0.5],
      ['GOMAXPROCS=2 concurrency=2 cpu=max #1', 'max'],
    ]);
    const one = RunPlan.parse({ target: { kind: 'scenario', id: 's' }, duration: '1s', concurrency: [2], gomaxprocs: [1, 2], cpuLimit: [1] });
    expect(expandPlan(one).map((r) => r.cell)).toEqual(['GOMAXPROCS=1 concurrency=2 cpu=1 #1', 'GOMAXPROCS=2 concurrency=2 cpu=1 #1']);
    expect(RunPlan.safeParse({ ...plan, cpuLimit: [0] }).error?.issues[0]).toMatchObject({ path: ['cpuLimit', 0] });
    expect(RunPlan.safeParse({ ...plan, cpuLimit: [] }).error?.issues[0].message).toBe('at least one CPU limit');
  });
});
