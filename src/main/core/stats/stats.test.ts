// The statistics against hand-computed values and against the real benchstat on the same samples:
// medians, CI half-widths, p-values and verdicts must print exactly as benchstat prints them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchstatCsvRows, installBenchstat, type Benchstat } from '../../../../test/support/benchstat';
import { prng } from '../../../../test/support/prng';
import { writeBenchfmt } from '../benchfmt';
import { MIN_TEST_SAMPLES, UNEQUAL_SIDES, canTest, smallestP } from '../../../shared/repetitions';
import { ciPercent, compareSamples, deltaPct, formatDelta, mannWhitney, median, medianCI, quantileOrders, summarise } from '.';
import { TIES_EXACT_LIMIT } from './mann-whitney';

describe('median and its confidence interval', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('bounds the median by order statistics that cover it with ≥ 95% probability', () => {
    // n = 6: P(1 ≤ X ≤ 5) for X ~ Bin(6, ½) is 62/64 ≈ 0.969, so the interval is [x(1), x(6)].
    expect(quantileOrders(6)).toMatchObject({ loOrder: 1, hiOrder: 6 });
    expect(quantileOrders(6).confidence).toBeCloseTo(62 / 64, 12);
    // n = 5: even the whole sample covers only 30/32 < 95%, so a bound falls outside the sample.
    expect(medianCI([1, 2, 3, 4, 5])).toMatchObject({ median: 3 });
    expect(ciPercent(medianCI([1, 2, 3, 4, 5]))).toBe('∞');
    expect(medianCI([10, 11, 12, 13, 14, 30])).toEqual({ n: 6, median: 12.5, lo: 10, hi: 30 });
  });

  it('says why there is no interval below 6 runs', () => {
    expect(summarise([1, 2, 3])).toMatchObject({ n: 3, median: 2, ci: null, note: expect.stringContaining('≥ 6 runs') });
    expect(summarise([100, 101, 99, 100, 102, 98])).toMatchObject({ n: 6, median: 100, lo: 98, hi: 102, ci: '± 2%' });
    // A tie rounds as Go's %.0f does, to the even neighbour: benchstat prints ± 12% for 12.5%.
    expect(summarise([16, 16, 14, 16, 15, 16]).ci).toBe('± 12%');
    expect(ciPercent({ median: 8, lo: 3, hi: 8 })).toBe('62%'); // 62.5: down to the even 62 (half-up: 63)
    expect(ciPercent({ median: 8, lo: 8, hi: 11 })).toBe('38%'); // 37.5: up to the even 38
  });
});

describe('relative change', () => {
  it('is 0% between equal values, zero ones included, and unknown from zero to something', () => {
    expect(deltaPct(0, 0)).toBe(0);
    expect(formatDelta(0, 0)).toBe('0.00%');
    expect(deltaPct(0, 5)).toBeNull();
    expect(formatDelta(0, 5)).toBe('?');
    expect(deltaPct(4, 5)).toBe(25);
    expect(formatDelta(4, 5)).toBe('+25.00%');
    expect(deltaPct(-4, -5)).toBe(-25);
    expect(deltaPct(null, 5)).toBeNull();
  });
});

describe('which sizes can be tested', () => {
  it('is the smallest p of complete separation, 2 / C(n1 + n2, n1), against α', () => {
    expect(smallestP(4, 4)).toBeCloseTo(2 / 70, 15);
    expect(smallestP(6, 3)).toBeCloseTo(2 / 84, 15);
    expect(smallestP(3, 3)).toBeCloseTo(0.1, 15);
    expect(smallestP(0, 9)).toBe(1);
    // Equal sides first reach α at MIN_TEST_SAMPLES, as benchstat's "need >= 4 samples" says.
    expect([3, 4].map((n) => canTest(n, n))).toEqual([false, true]);
    expect(MIN_TEST_SAMPLES).toBe(4);
    expect(UNEQUAL_SIDES).toBe('3+5, 2+8, 1+39');
    expect([canTest(3, 4), canTest(2, 7), canTest(1, 38)]).toEqual([false, false, false]);
    // The exact test reaches that p on those sizes.
    expect(mannWhitney([1, 2], [3, 4, 5, 6, 7, 8, 9, 10]).p).toBeCloseTo(smallestP(2, 8), 12);
  });
});

describe('Mann–Whitney U', () => {
  it('gives the exact two-sided p of complete separation: 2/C(8,4)', () => {
    expect(mannWhitney([1, 2, 3, 4], [5, 6, 7, 8]).p).toBeCloseTo(2 / 70, 12);
    expect(mannWhitney([1, 2, 3, 4], [5, 6, 7, 8]).u).toBe(0);
  });

  it('gives the same p whichever side is the baseline, never below what the sizes can reach, ties or not', () => {
    const random = prng(7);
    let tiedSamples = 0;
    for (const [n1, n2] of [[3, 5], [5, 3], [2, 8], [4, 7], [6, 3], [3, 4]] as const) {
      for (let k = 0; k < 40; k++) {
        // Integers from a narrow range: many ties, in groups of every structure; the second side shifted by 0–2.
        const shift = k % 3;
        const a = Array.from({ length: n1 }, () => Math.floor(random() * 4));
        const b = Array.from({ length: n2 }, () => Math.floor(random() * 4) + shift);
        const ab = mannWhitney(a, b);
        const ba = mannWhitney(b, a);
        if (ab.problem) continue;
        if (new Set([...a, ...b]).size < n1 + n2) tiedSamples++;
        expect(ab.p, `${a} vs ${b}`).toBeCloseTo(ba.p, 12);
        expect(ab.p, `${a} vs ${b}`).toBeGreaterThanOrEqual(smallestP(n1, n2) - 1e-12);
      }
    }
    expect(tiedSamples).toBeGreaterThan(200);
  });

  it('counts ties by mid-rank and reports samples that are all equal', () => {
    // Tied exact distribution, checked by enumerating all C(6,3) = 20 splits by hand: U1 = 1.5 and
    // P(U1 ≤ 1.5) = 2/20 (U of the splits {1,2,3}: 0 and {1,2,4}/{1,2,5} … only two reach ≤ 1.5).
    const r = mannWhitney([1, 2, 3], [3, 4, 5]);
    expect(r.u).toBe(0.5);
    expect(r.p).toBeCloseTo(2 * (1 / 20 + 1 / 20), 12);
    expect(mannWhitney([5, 5, 5, 5], [5, 5, 5, 5])).toMatchObject({ p: 1, problem: 'all values are equal' });
  });

  it('tests only sizes whose smallest possible p is ≤ 0.05, and says "~" when not significant', () => {
    expect(compareSamples([1, 2, 3], [4, 5, 6, 7]).text).toBe('+175.00%, untested: too few runs for a verdict (n=3+4)');
    expect(compareSamples([], [4, 5, 6, 7]).text).toBe('too few runs for a verdict (n=0+4)');
    // 3 runs against 5 can be told apart (smallest p 2/56): complete separation is significant.
    expect(compareSamples([1, 2, 3], [4, 5, 6, 7, 8], 'higher')).toMatchObject({ outcome: 'better', p: expect.closeTo(2 / 56, 12) });
    expect(compareSamples([1, 2, 3, 4], [5, 6, 7, 8], 'lower')).toMatchObject({ text: '+160.00% (p=0.029 n=4)', outcome: 'worse' });
    expect(compareSamples([1, 3, 5, 7], [2, 4, 6, 8], 'higher')).toMatchObject({ text: '~ (p=0.686 n=4)', outcome: 'no-difference' });
  });

  it('says a significant change of equal medians is a change, not better or worse: the medians give no way', () => {
    // The candidate ranks clearly above (p=0.038), but both medians are 5: calling it better because the
    // medians did not rise would pass a regression of a lower-is-better latency.
    const tied = compareSamples([1, 2, 3, 5, 5, 5, 5, 5, 5], [5, 5, 5, 5, 5, 5, 9, 10, 11], 'lower');
    expect(tied).toMatchObject({ outcome: 'changed', deltaPct: 0 });
    expect(tied.p).toBeLessThan(0.05);
    expect(compareSamples([1, 2, 3, 5, 5, 5, 5, 5, 5], [5, 5, 5, 5, 5, 5, 9, 10, 11], 'higher').outcome).toBe('changed');
    expect(tied.text).toBe('0.00% (p=0.038 n=9) (no direction: equal medians)');
    // The candidate's median is higher (6 against 5), but most of its pairs with the baseline's runs
    // rank below (7 runs of 0 against 7 of 100): the medians say worse, the ranks better.
    const rep = (v: number, n: number) => Array<number>(n).fill(v);
    const crossed = compareSamples([...rep(5, 8), ...rep(100, 7)], [...rep(6, 8), ...rep(0, 7)], 'lower');
    expect(crossed).toMatchObject({ outcome: 'changed', text: '+20.00% (p=0.046 n=15) (no direction: the medians and the ranks disagree)' });
  });
});

// ---- cross-check with the real benchstat ---------------------------------------------------

interface Case {
  name: string;
  base: number[];
  cand: number[];
}

/** Samples of every kind benchstat treats differently: tiny, exact, tied, large (normal approximation). */
function cases(): Case[] {
  const random = prng(42);
  const out: Case[] = [];
  // Unequal small sides too (6+3, 3+5, 2+8): benchstat tests them, and so must the workbench.
  const sizes: [number, number][] = [[4, 4], [6, 3], [3, 5], [2, 8], [5, 7], [6, 6], [8, 8], [10, 12], [20, 20], [31, 33], [40, 45], [60, 60]];
  sizes.forEach(([n1, n2], i) => {
    for (const [kind, shift] of [['cont', 0], ['cont', 0.3], ['ties', 0], ['ties', 2]] as const) {
      // Ties: integers from a narrow range; beyond 25 a side benchstat switches to the approximation.
      const draw = (offset: number) =>
        kind === 'ties' ? 100 + Math.floor(random() * 6) + offset : 1000 * (1 + 0.05 * (random() + random() + random()) + offset * 0.1);
      out.push({
        name: `Case${i}${kind}${String(shift).replace('.', '_')}`,
        base: Array.from({ length: n1 }, () => draw(0)),
        cand: Array.from({ length: n2 }, () => draw(shift)),
      });
    }
  });
  return out;
}

const benchText = (cs: readonly Case[], side: 'base' | 'cand') =>
  writeBenchfmt(
    cs.flatMap((c) => c[side].map((value) => ({ name: c.name, iterations: 1, config: { goos: 'linux', goarch: 'amd64', pkg: 'stats' }, values: [{ value, unit: 'ops/s' }] }))),
  );

describe('against benchstat', () => {
  let benchstat: Benchstat;
  beforeAll(() => {
    benchstat = installBenchstat();
  });
  afterAll(() => benchstat?.cleanup());

  it('prints the same medians, CI half-widths, p-values and verdicts', () => {
    const cs = cases();
    const rows = benchstatCsvRows(benchstat.run({ base: benchText(cs, 'base'), cand: benchText(cs, 'cand') }, ['-format', 'csv']));
    // The same samples with the sides swapped: benchstat's exact p with ties is right in the
    // orientation where the first side's U is the smaller (mann-whitney.ts), so that is the one
    // our p must equal.
    const swapped = benchstatCsvRows(benchstat.run({ base: benchText(cs, 'cand'), cand: benchText(cs, 'base') }, ['-format', 'csv']));
    let significant = 0;
    let orientationMattered = 0;
    for (const c of cs) {
      const row = rows.get(c.name);
      expect(row, c.name).toBeDefined();
      const [, baseMedian, baseCi, candMedian, candCi, vsBase, pn] = row!;
      expect(Number(baseMedian), c.name).toBeCloseTo(median(c.base), 9);
      expect(Number(candMedian), c.name).toBeCloseTo(median(c.cand), 9);
      expect(ciPercent(medianCI(c.base)), c.name).toBe(baseCi);
      expect(ciPercent(medianCI(c.cand)), c.name).toBe(candCi);
      const verdict = compareSamples(c.base, c.cand);
      const test = mannWhitney(c.base, c.cand);
      const tied = new Set([...c.base, ...c.cand]).size < c.base.length + c.cand.length;
      const exactWithTies = tied && Math.max(c.base.length, c.cand.length) <= TIES_EXACT_LIMIT;
      if (!exactWithTies || test.u <= c.base.length * c.cand.length - test.u) {
        // Our verdict text is benchstat's "vs base" and "P" columns side by side.
        expect(verdict.text, c.name).toBe(`${vsBase} (${pn})`);
      } else {
        const pOf = (cell: string) => /^p=([\d.]+)/.exec(cell)![1]!;
        const p = pOf(swapped.get(c.name)![6]!);
        expect(verdict.p!.toFixed(3), c.name).toBe(p);
        if (pOf(pn!) !== p) orientationMattered++;
      }
      if (!verdict.text.startsWith('~')) significant++;
    }
    // Tied samples of unequal sizes where benchstat's p depends on the orientation are among the cases.
    expect(orientationMattered).toBeGreaterThan(0);
    // The cases must exercise both outcomes, or the comparison proves little.
    expect(significant).toBeGreaterThan(5);
    expect(significant).toBeLessThan(cs.length - 5);
  });
});
