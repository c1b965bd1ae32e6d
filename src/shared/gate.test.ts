// The gate's rules on comparisons made to order: each verdict outcome, patterns, the floor and the
// chance of a false alarm (the CLI's tests run it on stored runs).
import { describe, expect, it } from 'vitest';
import type { GroupComparison, GroupFacts, GroupedMetric, StatVerdict } from './contract';
import { evaluateGate, type GateOptions } from './gate';

const facts = (gomaxprocs: number): GroupFacts => ({ setups: ['s · 1s'], goReleases: ['go1.26.8'], inForce: [], goBuilt: ['go1.26.8'], gomaxprocsInForce: [gomaxprocs], cpuLimitInForce: ['max'], machines: ['vm'] });
const stats = { n: 6, median: 1, lo: null, hi: null, ci: null, note: null };
const verdict = (outcome: StatVerdict['outcome'], deltaPct: number | null, p: number | null = 0.002): StatVerdict => ({ outcome, deltaPct, p, n1: 6, n2: 6, text: `${deltaPct}% (${outcome})` });
const metric = (key: string, better: GroupedMetric['better'], v: StatVerdict, benchmark = false): GroupedMetric => ({
  key, label: key, unit: 's', better, baseline: stats, candidates: [{ stats, verdict: v }],
  ...(benchmark ? { benchmark: { name: 'BenchmarkNew', pkg: 'p', title: 'BenchmarkNew', missingFrom: [1] } } : {}),
});
const comparison = (metrics: GroupedMetric[], candidateProcs = 2): GroupComparison => ({
  baseline: { label: 'base', experimentId: null, cell: null, runIds: ['a'], excluded: [] },
  candidates: [{ label: 'cand', experimentId: null, cell: null, runIds: ['b'], excluded: [] }],
  facts: [facts(2), facts(candidateProcs)],
  metrics,
  warnings: [],
});
const options = (metrics: string[], more: Partial<GateOptions> = {}): GateOptions => ({ metrics, minChangePct: 0, alike: true, ...more });
const outcomes = (c: GroupComparison, o: GateOptions) => evaluateGate(c, o).lines.map((l) => [l.key, l.outcome]);

describe('evaluateGate', () => {
  it('fails on worse, passes better and no difference, and does not judge a change without a way', () => {
    const c = comparison([metric('lat.p99', 'lower', verdict('worse', 12)), metric('ops', 'higher', verdict('better', 5)), metric('gc', 'lower', verdict('no-difference', 1, 0.4)), metric('tied', 'lower', verdict('changed', 0))]);
    const result = evaluateGate(c, options(['lat.p99', 'ops', 'gc', 'tied']));
    expect(result.lines.map((l) => [l.key, l.outcome, l.tested])).toEqual([['lat.p99', 'worse', true], ['ops', 'passed', true], ['gc', 'passed', true], ['tied', 'unjudged', true]]);
    expect(result.passed).toBe(false);
    // At most α/2 per tested verdict, four of them: 1 − 0.975⁴.
    expect(result.chanceFailurePct).toBe(9.6);
  });

  it('holds the floor as a share of the baseline either way: a latency rise as a throughput fall', () => {
    const c = comparison([metric('lat', 'lower', verdict('worse', 8)), metric('ops', 'higher', verdict('worse', -8))]);
    expect(outcomes(c, options(['lat', 'ops'], { minChangePct: 10 }))).toEqual([['lat', 'passed'], ['ops', 'passed']]);
    expect(outcomes(c, options(['lat', 'ops'], { minChangePct: 5 }))).toEqual([['lat', 'worse'], ['ops', 'worse']]);
  });

  it('suggests the key a spec is but for case and punctuation', () => {
    const c = comparison([metric('gcPause.p99', 'lower', verdict('worse', 3))]);
    expect(evaluateGate(c, options(['gc.pause.P99'])).problems).toEqual(['no metric of this comparison with a better direction is gc.pause.P99 (did you mean gcPause.p99?) (its keys: gcPause.p99)']);
  });

  it('calls misnamed only a name that is no metric at all: not a pattern, not a metric without direction', () => {
    const c = comparison([metric('gcPause.p99', 'lower', verdict('worse', 3)), metric('goroutines', null, verdict('changed', 3))]);
    const result = evaluateGate(c, options(['gcPause.p99', 'gc.pause.P99', 'nothing*', 'goroutines']));
    expect(result.misnamed).toEqual(['gc.pause.P99']);
    expect(result.problems).toHaveLength(3);
    expect(result.passed).toBe(false);
  });

  it('reads * as any text and nothing else as a pattern, and gates a metric once', () => {
    const c = comparison([metric('sched.exact.p99', 'lower', verdict('worse', 3)), metric('schedXexact.p99', 'lower', verdict('worse', 3))]);
    expect(outcomes(c, options(['sched.exact.p99']))).toEqual([['sched.exact.p99', 'worse']]);
    expect(outcomes(c, options(['sched*', 'sched.exact.p99']))).toEqual([['sched.exact.p99', 'worse'], ['schedXexact.p99', 'worse']]);
  });

  it('passes a benchmark a pattern picked that one side did not run, but not one named outright', () => {
    const c = comparison([metric('bench:p:BenchmarkNew:ns/op', 'lower', verdict('not-run', null, null), true)]);
    expect(evaluateGate(c, options(['bench:*:ns/op']))).toMatchObject({ passed: true, chanceFailurePct: 0 });
    expect(evaluateGate(c, options(['bench:p:BenchmarkNew:ns/op'])).passed).toBe(false);
  });

  it('holds tagged groups to running alike, and cells of an experiment not', () => {
    const c = comparison([metric('ops', 'higher', verdict('worse', -20))], 4);
    expect(evaluateGate(c, options(['ops'])).lines[0]).toMatchObject({ outcome: 'unjudged', tested: false, text: expect.stringContaining('it did not run as the baseline did (GOMAXPROCS: 2 against 4)') });
    expect(outcomes(c, options(['ops'], { alike: false }))).toEqual([['ops', 'worse']]);
  });
});
