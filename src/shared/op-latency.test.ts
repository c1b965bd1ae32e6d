import { describe, expect, it } from 'vitest';
import { noOpLatencyText, timedOpsText } from './op-latency';

describe('timedOpsText', () => {
  it('says how many operations the latency holds, and of how many when the throughput counted more', () => {
    const plain = (n: number) => n.toLocaleString('en-US');
    expect(timedOpsText(2000, 3650, plain)).toBe('2,000 operations timed of 3,650');
    expect(timedOpsText(6817, 6817, plain)).toBe('6,817 operations timed');
    expect(timedOpsText(1, 1, plain)).toBe('1 operation timed');
    expect(timedOpsText(829_877, 829_184, plain)).toBe("829,877 operations timed, 829,184 counted (counted in batches: the window ended between some timings and their batch's count)");
  });
});

describe('noOpLatencyText', () => {
  it('tells a window without operations, one whose timed operations outlasted it, and one of a scenario that may time none', () => {
    expect(noOpLatencyText({ ops: 0, op_latency: null })).toMatch(/^No operation was counted in the measured window/);
    expect(noOpLatencyText({ ops: 19, op_latency: { count: 0 } })).toBe('The scenario times its operations, and none of those it times ended within the measured window.');
    expect(noOpLatencyText({ ops: 19, op_latency: null })).toBe('No operation was timed in the measured window: the scenario times none, or none of those it times ended within the window.');
  });
});
