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

  it('makes Go releases the outermost dimension and names them in each cell', () => {
    const plan = RunPlan.parse({ target: { kind: 'scenario', id: 's' }, duration: '1s', concurrency: [4], gomaxprocs: [2], goVersion: ['local', '1.22.12'], repeat: 2 });
    expect(expandPlan(plan).map((r) => [r.config.goVersion, r.cell])).toEqual([
      ['local', 'go=local GOMAXPROCS=2 concurrency=4 #1'],
      ['go1.22.12', 'go=go1.22.12 GOMAXPROCS=2 concurrency=4 #1'],
      ['local', 'go=local GOMAXPROCS=2 concurrency=4 #2'],
      ['go1.22.12', 'go=go1.22.12 GOMAXPROCS=2 concurrency=4 #2'],
    ]);
    const oneRelease = RunPlan.parse({ target: { kind: 'scenario', id: 's' }, duration: '1s', concurrency: [4], gomaxprocs: [1, 2], goVersion: ['1.24.x'] });
    expect(expandPlan(oneRelease).map((r) => r.cell)).toEqual(['go=go1.24.x GOMAXPROCS=1 concurrency=4 #1', 'go=go1.24.x GOMAXPROCS=2 concurrency=4 #1']);
  });
});
