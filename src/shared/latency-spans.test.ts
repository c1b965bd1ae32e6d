import { describe, expect, it } from 'vitest';
import { exactWithin, latencySpans } from './latency-spans';

const s = (v: number) => `${v.toFixed(2)} s`;

describe('latencySpans', () => {
  it('says the trace holds start-up, a warm-up and wind-down, the metric the measured window alone', () => {
    expect(latencySpans(2.004, 1.0008, '1s', s)).toEqual({ exact: 'the whole 2.00 s trace (start-up, the 1s warm-up and wind-down included)', sampled: 'the 1.00 s measured window' });
    expect(latencySpans(1.1, 1, '0s', s).exact).toBe('the whole 1.10 s trace (start-up and wind-down included)');
    expect(latencySpans(null, undefined, '0s', s)).toEqual({ exact: 'the whole trace (start-up and wind-down included)', sampled: 'the measured window' });
  });

  it('says how close the trace\'s quantiles are past 2^20 waits', () => {
    expect(exactWithin(0)).toBe('');
    expect(exactWithin(undefined)).toBe('');
    expect(exactWithin(0.00048828125)).toBe(' (within 0.049%: past 2^20 waits gmptrace keeps a fine histogram, not every wait)');
  });
});
