// The two-sided Mann–Whitney U test as benchstat runs it (go-moremath stats.MannWhitneyUTest):
// an exact p-value for small samples (≤ 50 per side, ≤ 25 when values tie), the normal
// approximation with tie and continuity correction above that — except that with ties the exact p
// is the same whichever side is the baseline (see mannWhitney). Distribution-free, so it suits
// benchmark timings, which are rarely normal.
import { normalCdf } from './normal';
import { sortedCopy } from './median';

export const EXACT_LIMIT = 50;
export const TIES_EXACT_LIMIT = 25;

export interface UTest {
  n1: number;
  n2: number;
  /** U for the first sample. */
  u: number;
  /** Two-sided p-value; 1 when the samples cannot be told apart (every value equal). */
  p: number;
  /** Set when the test could not run (every value is the same). */
  problem: string | null;
}

/** Merge both sorted samples and return, per run of equal values, its size and how many came from sample 1. */
function tieGroups(x1: readonly number[], x2: readonly number[]): { sizes: number[]; fromFirst: number[] } {
  const merged = [...x1.map((v) => [v, 1] as const), ...x2.map((v) => [v, 2] as const)].sort((a, b) => a[0] - b[0]);
  const sizes: number[] = [];
  const fromFirst: number[] = [];
  for (let i = 0; i < merged.length; ) {
    const v = merged[i][0];
    let size = 0;
    let first = 0;
    for (; i < merged.length && merged[i][0] === v; i++, size++) if (merged[i][1] === 1) first++;
    sizes.push(size);
    fromFirst.push(first);
  }
  return { sizes, fromFirst };
}

/**
 * P(U1 ≤ u) under the null hypothesis, given the tie structure: every choice of which n1 of the
 * N positions belong to sample 1 is equally likely, and a tie group of size t contributes its
 * mid-rank for each member chosen. Counted by dynamic programming over tie groups on doubled
 * rank sums (mid-ranks are multiples of ½), which is exact with or without ties.
 */
function exactUCdf(n1: number, sizes: readonly number[], u: number): number {
  const total = sizes.reduce((a, b) => a + b, 0);
  const maxSum = 2 * n1 * total + 1;
  // ways[k][s]: number of ways to choose k members with doubled rank sum s.
  let ways = Array.from({ length: n1 + 1 }, () => new Float64Array(maxSum + 1));
  ways[0][0] = 1;
  let start = 0;
  for (const t of sizes) {
    const twiceMid = 2 * start + t + 1;
    const next = Array.from({ length: n1 + 1 }, () => new Float64Array(maxSum + 1));
    for (let k = 0; k <= n1; k++) {
      const row = ways[k];
      for (let s = 0; s <= maxSum; s++) {
        const w = row[s];
        if (w === 0) continue;
        let choose = 1; // C(t, r)
        for (let r = 0; r <= t && k + r <= n1; r++) {
          next[k + r][s + r * twiceMid] += w * choose;
          choose = (choose * (t - r)) / (r + 1);
        }
      }
    }
    ways = next;
    start += t;
  }
  // 2·U1 = 2·R1 − n1(n1+1)
  const limit = Math.floor(2 * u + 1e-9) + n1 * (n1 + 1);
  let below = 0;
  let all = 0;
  ways[n1].forEach((w, s) => {
    all += w;
    if (s <= limit) below += w;
  });
  return below / all;
}

export function mannWhitney(sample1: readonly number[], sample2: readonly number[]): UTest {
  const x1 = sortedCopy(sample1);
  const x2 = sortedCopy(sample2);
  const n1 = x1.length;
  const n2 = x2.length;
  if (n1 === 0 || n2 === 0) return { n1, n2, u: NaN, p: 1, problem: 'an empty sample' };
  const { sizes, fromFirst } = tieGroups(x1, x2);
  let rankSum1 = 0;
  let start = 0;
  sizes.forEach((t, g) => {
    rankSum1 += (start + (t + 1) / 2) * fromFirst[g];
    start += t;
  });
  const u1 = rankSum1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const hasTies = sizes.some((t) => t > 1);
  const equal = { n1, n2, u: u1, p: 1, problem: 'all values are equal' };

  const exact = hasTies ? n1 <= TIES_EXACT_LIMIT && n2 <= TIES_EXACT_LIMIT : n1 <= EXACT_LIMIT && n2 <= EXACT_LIMIT;
  if (exact) {
    if (sizes.length === 1) return equal;
    // The tail of the side whose U is smaller, in that side's own distribution. benchstat (go-moremath)
    // doubles P(U1 ≤ min(U1, U2)) in sample 1's distribution, which with ties is not symmetric: its p
    // then depends on which side is the baseline (3 runs against 5 gave p = 0.000, below the 2/56 any
    // such split can reach). This equals benchstat's p whenever the baseline's U is the smaller.
    const p = u1 === u2 ? 1 : u1 < u2 ? 2 * exactUCdf(n1, sizes, u1) : 2 * exactUCdf(n2, sizes, u2);
    return { n1, n2, u: u1, p: Math.min(p, 1), problem: null };
  }
  const N = n1 + n2;
  const tie = sizes.reduce((sum, t) => sum + t * t * t - t, 0);
  const sigma = Math.sqrt((n1 * n2 * (N + 1 - tie / (N * (N - 1)))) / 12);
  if (sigma === 0) return equal;
  let numer = u1 - (n1 * n2) / 2;
  numer -= Math.sign(numer) * 0.5; // continuity correction
  const z = numer / sigma;
  return { n1, n2, u: u1, p: 2 * Math.min(normalCdf(z), 1 - normalCdf(z)), problem: null };
}
