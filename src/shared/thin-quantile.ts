// A quantile of too few samples: the p99 of 10 waits is their largest, and moves between runs as a
// maximum does, by orders of magnitude. Views that rank changes leave such figures out, as they leave
// maxima out, and say so.

/**
 * Whether the q-quantile (nearest rank, the ceil(q·n)-th smallest) of n samples is their maximum:
 * when n·(1 − q) < 1, as for the p99 of fewer than 100 samples or the p99.9 of fewer than 1000.
 */
export const quantileIsMaximum = (q: number, n: number): boolean => n * (1 - q) < 1;
