import { describe, expect, it } from 'vitest';
import { fewSamplesNote, judgeAgreement } from './agreement';

describe('judgeAgreement', () => {
  const q = (p50: number, p90: number, p99: number) => ({ p50, p90, p99, p999: p99 * 2, max: p99 * 4 });
  it('agrees when the exact value is within a bucket of the sampled bound', () => {
    const rows = judgeAgreement(q(1e-6, 5e-6, 2e-5), q(1.1e-6, 5.5e-6, 2.4e-5), 500, null);
    expect(rows.slice(0, 3).map((r) => r.verdict)).toEqual(['agrees', 'agrees', 'agrees']);
    expect(rows[3]).toMatchObject({ verdict: 'not judged', why: expect.stringContaining('deep in the tail') });
  });
  it('differs when they are far apart', () => {
    const rows = judgeAgreement(q(1e-6, 5e-6, 2e-5), q(1e-6, 5e-6, 1e-4), 500, null);
    expect(rows[2].verdict).toBe('differs');
  });
  it('does not judge with too few sampled transitions', () => {
    const rows = judgeAgreement(q(1e-6, 5e-6, 2e-5), q(9e-6, 5e-6, 1e-4), 199, null);
    expect(rows.every((r) => r.verdict === 'not judged')).toBe(true);
    expect(rows[0].why).toBe('not judged: fewer than 200 sampled transitions');
  });
  it('takes the neighbouring buckets from the histogram when it is known', () => {
    const bins: Array<[number, number, number]> = [[256e-9, 320e-9, 100], [320e-9, 384e-9, 100], [384e-9, 448e-9, 100], [448e-9, 512e-9, 5]];
    const hist = { unit: 's' as const, count: 305, bins };
    // Sampled p90 is the bound 448 ns; the exact 320 ns is the lower edge of the bucket below.
    expect(judgeAgreement(q(320e-9, 320e-9, 320e-9), q(448e-9, 448e-9, 448e-9), 305, hist)[1].verdict).toBe('agrees');
    expect(judgeAgreement(q(300e-9, 300e-9, 300e-9), q(448e-9, 448e-9, 448e-9), 305, hist)[1].verdict).toBe('differs');
  });
});

describe('fewSamplesNote', () => {
  it('says, per column, when a tail quantile is only the largest sample', () => {
    expect(fewSamplesNote(null, 9)).toBe(' Few samples: the sampled p99 and above are its largest sample (9 samples).');
    expect(fewSamplesNote(5331, 650)).toBe(' Few samples: the sampled p99.9 is its largest sample (650 samples).');
    expect(fewSamplesNote(80, 12)).toBe(' Few samples: the exact p99 and above are its largest sample (80 samples); the sampled p99 and above are its largest sample (12 samples).');
    expect(fewSamplesNote(331_004, 41_000)).toBe('');
    expect(fewSamplesNote(null, null)).toBe('');
  });
});
