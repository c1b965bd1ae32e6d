import { describe, expect, it } from 'vitest';
import { scalingPoints } from './scaling';

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
