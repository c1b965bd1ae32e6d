import { describe, expect, it } from 'vitest';
import { SAMPLED_BEFORE_GO126, sampledBeforeGo126Note, samplesAsGo126 } from './sched-sample';

describe('samplesAsGo126', () => {
  it('tells the releases that sample as Go 1.26 does from the earlier ones; a development build is newer', () => {
    expect(['go1.24.13', 'go1.25.14', 'go1.22.12'].map(samplesAsGo126)).toEqual([false, false, false]);
    expect(['go1.26.8', 'go1.27rc1', 'devel +abc123'].map(samplesAsGo126)).toEqual([true, true, true]);
  });
});

describe('sampledBeforeGo126Note', () => {
  it('names the runs whose sampled figures a Go before 1.26 took, and only those', () => {
    const runs = [
      { id: 'a', sampled: true, goVersion: 'go1.26.8' },
      { id: 'b', sampled: true, goVersion: 'go1.22.12' },
      // Its figures are the trace's: no sample shown.
      { id: 'c', sampled: false, goVersion: 'go1.24.13' },
      { id: 'd', sampled: true, goVersion: null },
    ];
    expect(sampledBeforeGo126Note(runs)).toBe(`the sampled latencies of b (go1.22.12): ${SAMPLED_BEFORE_GO126}`);
    expect(sampledBeforeGo126Note([runs[0]!, runs[2]!, runs[3]!])).toBeNull();
  });
});
