// The median and its distribution-free confidence interval from order statistics, computed as
// benchstat does (go-moremath stats.QuantileCI): the number of samples below the population median
// is Binomial(n, ½), so the interval between two order statistics covers the median with a
// probability we can sum exactly. Below 6 samples no pair of order statistics reaches 95%.
import { median } from '../../../shared/median';
import { MIN_CI_SAMPLES } from '../../../shared/repetitions';
import { normalCdf, normalInvCdf } from './normal';

export { median, MIN_CI_SAMPLES };

export const CONFIDENCE = 0.95;

export const sortedCopy = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

function logChoose(n: number, k: number): number {
  let sum = 0;
  for (let i = 1; i <= k; i++) sum += Math.log((n - k + i) / i);
  return sum;
}

/** P(X = k) for X ~ Binomial(n, p). */
function binomialPmf(n: number, p: number, k: number): number {
  if (k < 0 || k > n || !Number.isInteger(k)) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** Bounds of the CI as 1-based order statistics; outside 1..n means the bound is ∓∞. */
export interface OrderInterval {
  loOrder: number;
  hiOrder: number;
  confidence: number;
}

/** Up to this n the binomial probabilities are summed exactly, above it the normal approximation (as go-moremath). */
const EXACT_LIMIT = 30;

function exactOrders(n: number, q: number, confidence: number): OrderInterval {
  // Start at the (lower) mode and add the larger neighbour until the confidence is reached,
  // left-biased on ties like go-moremath, so the same order statistics come out.
  const x = q === 0 ? 0 : Math.ceil((n + 1) * q) - 1;
  const pmf = (k: number) => binomialPmf(n, q, k);
  let accum = pmf(x);
  let l = x;
  let r = x + 1;
  let lp = pmf(l - 1);
  let rp = pmf(r);
  while (accum < confidence && (lp > 0 || rp > 0)) {
    if (lp >= rp) {
      accum += lp;
      l--;
      lp = pmf(l - 1);
    } else {
      accum += rp;
      r++;
      rp = pmf(r);
    }
  }
  return { loOrder: l, hiOrder: r, confidence: accum };
}

function approxOrders(n: number, q: number, confidence: number): OrderInterval {
  const mu = n * q;
  const sigma = Math.sqrt(n * q * (1 - q));
  const l1 = normalInvCdf((1 - confidence) / 2, mu, sigma);
  const r1 = 2 * mu - l1;
  const l = Math.floor(Math.floor(l1 - 0.5) + 0.5) + 1;
  let r = Math.floor(Math.ceil(r1 - 0.5) + 0.5) + 1;
  const cover = (lo: number, hi: number) => normalCdf(hi - 0.5, mu, sigma) - normalCdf(lo - 0.5, mu, sigma);
  let conf = cover(l, r);
  const biased = cover(l, r - 1);
  if (biased >= confidence && biased < conf) {
    conf = biased;
    r--;
  }
  if (l <= 0 && r >= n + 1) conf = 1;
  return { loOrder: l, hiOrder: r, confidence: conf };
}

/** Which order statistics bound the confidence interval of the q-quantile of n samples. */
export function quantileOrders(n: number, q = 0.5, confidence = CONFIDENCE): OrderInterval {
  const res = n <= EXACT_LIMIT ? exactOrders(n, q, confidence) : approxOrders(n, q, confidence);
  return { ...res, loOrder: Math.max(res.loOrder, 0), hiOrder: Math.min(res.hiOrder, n + 1) };
}

export interface MedianCI {
  n: number;
  median: number;
  /** ±Infinity when the sample is too small for the interval (n < 6 at 95%). */
  lo: number;
  hi: number;
}

export function medianCI(values: readonly number[], confidence = CONFIDENCE): MedianCI {
  const s = sortedCopy(values);
  const { loOrder, hiOrder } = quantileOrders(s.length, 0.5, confidence);
  return {
    n: s.length,
    median: median(s),
    lo: loOrder < 1 ? -Infinity : s[loOrder - 1],
    hi: hiOrder - 1 >= s.length ? Infinity : s[hiOrder - 1],
  };
}

/** The CI's half-width relative to the median, as benchstat prints it ("± 3%"). */
export function ciPercent(ci: Pick<MedianCI, 'median' | 'lo' | 'hi'>): string {
  if (!Number.isFinite(ci.lo) || !Number.isFinite(ci.hi)) return '∞';
  if (Math.sign(ci.median) !== Math.sign(ci.lo) || Math.sign(ci.median) !== Math.sign(ci.hi)) return '?';
  if (ci.median === 0) return '0%';
  const v = Math.max(ci.hi / ci.median - 1, 1 - ci.lo / ci.median);
  return `${roundHalfEven(100 * v)}%`;
}

/** To the nearest integer as Go's %.0f prints it (benchstat's "± 12%"): an exact tie goes to the even one, not up. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
