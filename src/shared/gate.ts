// A regression gate over a comparison of groups of repetitions (gmpw compare --fail-on): the
// metrics a CI job names, each candidate's verdict on them as benchstat gives it, and whether the
// job should fail. A gate that cannot judge fails too: one that passes whatever ran is no gate.
import type { GroupComparison } from './contract';
import { ALPHA } from './repetitions';

export interface GateOptions {
  /** Metric keys as a comparison's JSON names them ("opsPerSec", "sched.exact.p99"); * matches any text ("bench:*:sec/op"). */
  metrics: readonly string[];
  /** A significant worsening smaller than this, in percent of the baseline's median, passes. */
  minChangePct: number;
}

export interface GateLine {
  /** The metric's label and the candidate group it is about. */
  metric: string;
  group: string;
  outcome: 'worse' | 'passed' | 'unjudged';
  /** The verdict as the comparison words it, and why a verdict did not count. */
  text: string;
}

export interface GateResult {
  passed: boolean;
  lines: GateLine[];
  /** Named metrics the comparison cannot gate on (none of that key, or no better direction). */
  problems: string[];
  /**
   * About the chance, in percent, that the gate fails when nothing changed: each of its k verdicts
   * says "worse" by chance with probability at most α/2 (a two-sided test, one direction counted).
   */
  chanceFailurePct: number;
}

/** "bench:*:sec/op" → a regexp matching the whole key, * for any text. */
function pattern(spec: string): RegExp {
  return new RegExp(`^${spec.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/**
 * Why a group's runs cannot stand for one sample, by group index (the baseline 0): they ran several
 * setups, Go builds, GOMAXPROCS or CPU limits, or on several machines (a tag put on unlike runs).
 */
function mixedGroups(c: GroupComparison): Map<number, string> {
  const mixed = new Map<number, string>();
  c.facts.forEach((f, i) => {
    const several = (what: string, values: readonly unknown[]) => (values.length > 1 ? [`${what} ${values.join(', ')}`] : []);
    const why = [
      ...several('setups', f.setups),
      ...several('Go builds', f.goBuilt),
      ...several('GOMAXPROCS', f.gomaxprocsInForce),
      ...several('CPU limits', f.cpuLimitInForce),
      ...several('machines', f.machines),
    ];
    if (why.length > 0) mixed.set(i, `its runs are not alike (${why.join('; ')})`);
  });
  return mixed;
}

/** A named metric is gated when it has a direction; a pattern with * only picks the metrics that have one. */
function gatedMetrics(c: GroupComparison, specs: readonly string[]): { gated: GroupComparison['metrics']; problems: string[] } {
  const problems: string[] = [];
  const gated = new Set<GroupComparison['metrics'][number]>();
  for (const spec of specs) {
    const matched = c.metrics.filter((m) => pattern(spec).test(m.key));
    const directed = matched.filter((m) => m.better !== null);
    if (directed.length === 0) {
      problems.push(
        matched.length === 1
          ? `${spec} (${matched[0].label}) is neither better higher nor lower: a gate needs a direction`
          : `no metric of this comparison with a better direction is ${spec} (its keys: ${c.metrics.filter((m) => m.better !== null).map((m) => m.key).join(', ')})`,
      );
    }
    for (const m of directed) gated.add(m);
  }
  // In the comparison's order, each once.
  return { gated: c.metrics.filter((m) => gated.has(m)), problems };
}

export function evaluateGate(c: GroupComparison, o: GateOptions): GateResult {
  const { gated, problems } = gatedMetrics(c, o.metrics);
  const mixed = mixedGroups(c);
  const baseMixed = mixed.get(0);
  const lines: GateLine[] = [];
  for (const m of gated) {
    c.candidates.forEach((group, i) => {
      const { verdict } = m.candidates[i];
      const why = baseMixed !== undefined ? `the baseline ${c.baseline.label}: ${baseMixed}` : mixed.has(i + 1) ? `${group.label}: ${mixed.get(i + 1)}` : null;
      const line = (outcome: GateLine['outcome'], text: string) => lines.push({ metric: m.label, group: group.label, outcome, text });
      if (why !== null) line('unjudged', `${verdict.text}; not judged: ${why}`);
      else if (verdict.outcome === 'too-few' || verdict.outcome === 'not-run') line('unjudged', verdict.text);
      else if (verdict.outcome === 'better') line('passed', `${verdict.text}, better`);
      else if (verdict.outcome !== 'worse') line('passed', verdict.text);
      else if (verdict.deltaPct !== null && Math.abs(verdict.deltaPct) < o.minChangePct) line('passed', `${verdict.text}; worse, but by less than the ${o.minChangePct}% allowed`);
      else line('worse', verdict.text);
    });
  }
  return {
    passed: problems.length === 0 && lines.length > 0 && lines.every((l) => l.outcome === 'passed'),
    lines,
    problems,
    chanceFailurePct: 100 * (1 - (1 - ALPHA / 2) ** lines.length),
  };
}
