import { describe, expect, it } from 'vitest';
import { samplesAsGo126 } from './sched-sample';

describe('samplesAsGo126', () => {
  it('tells the releases that sample as Go 1.26 does from the earlier ones; a development build is newer', () => {
    expect(['go1.24.13', 'go1.25.14', 'go1.22.12'].map(samplesAsGo126)).toEqual([false, false, false]);
    expect(['go1.26.8', 'go1.27rc1', 'devel +abc123'].map(samplesAsGo126)).toEqual([true, true, true]);
  });
});
