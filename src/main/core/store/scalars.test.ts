// The name → value rows a result.json adds to the history's metrics table.
import { describe, expect, it } from 'vitest';
import type { HarnessResult } from '../../../shared/results';
import { resultMetrics } from './scalars';

const result = (metrics: HarnessResult['metrics']) => ({ ops: 10, ops_per_s: 5, wall_s: 2, op_latency: null, metrics }) as unknown as HarnessResult;

describe('resultMetrics', () => {
  it('leaves out a counter updated only when a GC cycle ends in a window where none did: it measured nothing', () => {
    const rows = resultMetrics(
      result({
        '/cpu/classes/user:cpu-seconds': { kind: 'counter', delta: 0, gc_cycles_ended: 0 },
        '/cpu/classes/idle:cpu-seconds': { kind: 'counter', delta: 0 },
        '/cpu/classes/gc/pause:cpu-seconds': { kind: 'counter', delta: 2.7e-5, gc_cycles_ended: 0 },
        '/gc/cycles/total:gc-cycles': { kind: 'counter', delta: 0 },
      }),
    );
    expect([...rows.keys()]).toEqual(['ops', 'ops_per_s', 'wall_s', '/cpu/classes/idle:cpu-seconds.delta', '/cpu/classes/gc/pause:cpu-seconds.delta', '/gc/cycles/total:gc-cycles.delta']);
    const after = resultMetrics(result({ '/cpu/classes/user:cpu-seconds': { kind: 'counter', delta: 1.5, gc_cycles_ended: 1 } }));
    expect(after.get('/cpu/classes/user:cpu-seconds.delta')).toBe(1.5);
  });
});
