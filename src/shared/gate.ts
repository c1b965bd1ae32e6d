// A regression gate over a comparison of groups of repetitions (gmpw compare --fail-on): the
// metrics a CI job names, each candidate's verdict on them as benchstat gives it, and whether the
// job should fail. A gate that cannot judge fails too: one that passes whatever ran is no gate.
import type { GroupComparison, GroupFacts } from './contract';
import { ALPHA } from './repetitions';

export interface GateOptions {
  /** Metric keys as a comparison's JSON names them ("opsPerSec", "sched.exact.p99"); * matches any text ("bench:*:ns/op"). */
  metrics: readonly string[];
  /** A significant worsening smaller than this, in percent of the baseline's median, passes. */
  minChangePct: number;
  /**
   * The groups stand for two builds of one setup (tagged runs): baseline and candidate must have run
   * alike (setup, machine, GOMAXPROCS, CPU limit; the Go build may differ). Cells of an experiment
   * differ by design, in its dimensions, and are not held to this.
   */
  alike: boolean;
}

export interface GateLine {
  /** The metric's key and label. */
  key: string;
  metric: string;
  /** The candidate group the line is about. */
  group: string;
  outcome: 'worse' | 'passed' | 'unjudged';
  /** The verdict as the comparison words it, and why it did not count. */
  text: string;
  /** Whether a test was run and gave this verdict: the lines a false alarm can come from. */
  tested: boolean;
}

export interface GateResult {
  passed: boolean;
  lines: GateLine[];
  /** Named metrics the comparison cannot gate on (none of that key, or no better direction). */
  problems: string[];
  /**
   * The names, not patterns, that are no metric of the comparison at all: a mistake in the command
   * line (a typo, a benchmark neither side ran), which a CI job must tell from a regression.
   */
  misnamed: string[];
  /**
   * At most about this chance, in percent, that the gate fails when nothing changed, from its tested
   * lines: each says "worse" by chance with probability at most α/2 (a two-sided test, one direction
   * counted), taken as independent. Verdicts of one set of runs are not, and runs of the two builds
   * made one batch after the other add the drift between the batches, which no test sees.
   */
  chanceFailurePct: number;
}

/** "bench:*:ns/op" → a regexp matching the whole key, * for any text. */
function pattern(spec: string): RegExp {
  return new RegExp(`^${spec.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

const isPattern = (spec: string): boolean => spec.includes('*');

/** "GOMAXPROCS 1, 2": a fact of a group that holds more than one value, in words. */
const several = (what: string, values: readonly unknown[]): string[] => (values.length > 1 ? [`${what} ${values.join(', ')}`] : []);

/** The facts two builds of one setup share: all but the Go that built them. */
const SHARED_FACTS = [
  ['setups', (f: GroupFacts) => f.setups],
  ['GOMAXPROCS', (f: GroupFacts) => f.gomaxprocsInForce],
  ['CPU limits', (f: GroupFacts) => f.cpuLimitInForce],
  ['machines', (f: GroupFacts) => f.machines],
] as const;

/**
 * Why a group's runs cannot stand for one sample, by group index (the baseline 0): runs that did not
 * succeed (a build that makes half its runs crash must not pass on the other half), or runs not
 * alike (several setups, Go builds, GOMAXPROCS, CPU limits or machines: a tag put on unlike runs).
 */
function unfitGroups(c: GroupComparison): Map<number, string> {
  const unfit = new Map<number, string>();
  [c.baseline, ...c.candidates].forEach((group, i) => {
    const f = c.facts[i];
    const unlike = [...several('Go builds', f.goBuilt), ...SHARED_FACTS.flatMap(([what, of]) => several(what, of(f)))];
    const why = [
      ...(group.excluded.length > 0 ? [`${group.excluded.length} of its runs did not succeed (${group.excluded.map((r) => `${r.id} ${r.state}`).join(', ')})`] : []),
      ...(unlike.length > 0 ? [`its runs are not alike (${unlike.join('; ')})`] : []),
    ];
    if (why.length > 0) unfit.set(i, why.join('; '));
  });
  return unfit;
}

/** How candidate `i` ran otherwise than the baseline, beyond its Go build: null when alike. */
function unlikeBaseline(c: GroupComparison, i: number): string | null {
  const [base, cand] = [c.facts[0], c.facts[i + 1]];
  const differ = SHARED_FACTS.filter(([, of]) => of(base).join('\n') !== of(cand).join('\n')).map(([what, of]) => `${what}: ${of(base).join(', ') || '—'} against ${of(cand).join(', ') || '—'}`);
  return differ.length > 0 ? `it did not run as the baseline did (${differ.join('; ')})` : null;
}

/** Keys as a hand may mistype them, case and punctuation aside: "OpsPerSec", "gc.pause.p99". */
const loose = (key: string): string => key.toLowerCase().replace(/[^a-z0-9*]/g, '');

/** " (did you mean gcPause.p99?)" for a spec that is a key but for case and punctuation; else "". */
function didYouMean(c: GroupComparison, spec: string): string {
  const near = c.metrics.find((m) => m.better !== null && loose(m.key) === loose(spec));
  return near ? ` (did you mean ${near.key}?)` : '';
}

/** A named metric is gated when it has a direction; a pattern with * only picks the metrics that have one. */
function gatedMetrics(c: GroupComparison, specs: readonly string[]): { gated: Array<{ metric: GroupComparison['metrics'][number]; named: boolean }>; problems: string[]; misnamed: string[] } {
  const problems: string[] = [];
  const misnamed: string[] = [];
  const named = new Set<GroupComparison['metrics'][number]>();
  const picked = new Set<GroupComparison['metrics'][number]>();
  for (const spec of specs) {
    const re = pattern(spec);
    const matched = c.metrics.filter((m) => re.test(m.key));
    const directed = matched.filter((m) => m.better !== null);
    if (matched.length === 0 && !isPattern(spec)) misnamed.push(spec);
    if (directed.length === 0) {
      problems.push(
        matched.length === 1
          ? `${spec} ("${matched[0].label}") is better neither higher nor lower: a gate needs a direction`
          : `no metric of this comparison with a better direction is ${spec}${didYouMean(c, spec)} (its keys: ${c.metrics.filter((m) => m.better !== null).map((m) => m.key).join(', ')})`,
      );
    }
    for (const m of directed) (isPattern(spec) ? picked : named).add(m);
  }
  // In the comparison's order, each once; a metric named outright is held to more than one a pattern picked.
  return { gated: c.metrics.filter((m) => named.has(m) || picked.has(m)).map((metric) => ({ metric, named: named.has(metric) })), problems, misnamed };
}

export function evaluateGate(c: GroupComparison, o: GateOptions): GateResult {
  const { gated, problems, misnamed } = gatedMetrics(c, o.metrics);
  const unfit = unfitGroups(c);
  const lines: GateLine[] = [];
  for (const { metric: m, named } of gated) {
    c.candidates.forEach((group, i) => {
      const { verdict } = m.candidates[i];
      const why = unfit.has(0) ? `the baseline ${c.baseline.label}: ${unfit.get(0)}` : unfit.has(i + 1) ? unfit.get(i + 1)! : o.alike ? unlikeBaseline(c, i) : null;
      const tested = verdict.p !== null;
      const line = (outcome: GateLine['outcome'], text: string) => lines.push({ key: m.key, metric: m.label, group: group.label, outcome, text, tested: tested && why === null });
      if (why !== null) line('unjudged', `${verdict.text}; not judged: ${why}`);
      // A benchmark one side did not run, picked by a pattern: added or removed with the change, not made worse by it.
      else if (verdict.outcome === 'not-run' && !named && m.benchmark) line('passed', `${verdict.text}; not on both sides, not gated`);
      else if (verdict.outcome === 'too-few' || verdict.outcome === 'not-run') line('unjudged', verdict.text);
      else if (verdict.outcome === 'changed') line('unjudged', `${verdict.text}; a change, but of no direction to judge`);
      else if (verdict.outcome === 'better') line('passed', `${verdict.text}, better`);
      else if (verdict.outcome !== 'worse') line('passed', verdict.text);
      else if (verdict.deltaPct !== null && Math.abs(verdict.deltaPct) < o.minChangePct) line('passed', `${verdict.text}; worse, but by less than the ${o.minChangePct}% allowed`);
      else line('worse', verdict.text);
    });
  }
  const tested = lines.filter((l) => l.tested).length;
  return {
    passed: problems.length === 0 && lines.length > 0 && lines.every((l) => l.outcome === 'passed'),
    lines,
    problems,
    misnamed,
    chanceFailurePct: Math.round(1000 * (1 - (1 - ALPHA / 2) ** tested)) / 10,
  };
}
