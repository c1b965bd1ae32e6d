// A quantile of too few samples: the p99 of 10 waits is their largest, and moves between runs as a
// maximum does, by orders of magnitude. Views that rank changes leave such figures out, as they leave
// maxima out, and say so.

/**
 * Whether the q-quantile (nearest rank, the ceil(q·n)-th smallest) of n samples is their maximum:
 * when that rank is n, as for the p99 of fewer than 100 samples or the p99.9 of fewer than 1000.
 * The rank is rounded first: 0.9 × 10 is 9.000000000000002 in floating point, and the p90 of 10
 * samples is their 9th.
 */
export const quantileIsMaximum = (q: number, n: number): boolean => Math.ceil(Number((q * n).toPrecision(12))) >= n;
