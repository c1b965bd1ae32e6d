import { describe, expect, it } from 'vitest';
import { scalingPoints, schedP99FromOneSource } from './scaling';

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
