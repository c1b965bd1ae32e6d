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
    expect(isExperiment(single)).toBe(false);
    expect(expandPlan(single)).toEqual([{ config: expect.objectContaining({ concurrency: 4, gomaxprocs: 2 }), cell: null }]);
  });
});
