import { describe, expect, it } from 'vitest';
import { timedOpsText } from './op-latency';

describe('timedOpsText', () => {
  it('says how many operations the latency holds, and of how many when the throughput counted more', () => {
    const plain = (n: number) => n.toLocaleString('en-US');
    expect(timedOpsText(2000, 3650, plain)).toBe('2,000 operations timed of 3,650');
    expect(timedOpsText(6817, 6817, plain)).toBe('6,817 operations timed');
    expect(timedOpsText(1, 1, plain)).toBe('1 operation timed');
  });
});
