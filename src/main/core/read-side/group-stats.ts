// Statistics of groups of repetitions (docs/ARCHITECTURE.md §6): for every key metric, each group's median
// with its 95% CI, and each candidate's change from the baseline with benchstat's verdict.
import type { GroupedMetric, RunDetail, RunGroup } from '../../../shared/contract';
import { compareSamples, summarise } from '../stats';
import { COMPARED_METRICS, finite, provenanceWarnings } from './compare';

export interface GroupDetails {
  group: RunGroup;
  details: RunDetail[];
}

/** Every metric that at least one run of any group has; a run without the metric adds no sample. */
export function groupedMetrics(base: GroupDetails, cands: readonly GroupDetails[]): GroupedMetric[] {
  return COMPARED_METRICS.flatMap((def) => {
    const samples = (g: GroupDetails) => g.details.flatMap((d) => {
      const v = finite(def.value(d));
      return v === null ? [] : [v];
    });
    const baseValues = samples(base);
    const candValues = cands.map(samples);
    if (baseValues.length === 0 && candValues.every((v) => v.length === 0)) return [];
    return [{
      key: def.key,
      label: def.label,
      unit: def.unit,
      better: def.better,
      baseline: summarise(baseValues),
      candidates: candValues.map((values) => {
        const { deltaPct, p, outcome, text } = compareSamples(baseValues, values, def.better);
        return { stats: summarise(values), verdict: { deltaPct, p, outcome, text } };
      }),
    }];
  });
}

/**
 * What makes the comparison suspect: runs left out, and provenance differences between the first
 * run of each group (said once per group, not once per run).
 */
export function groupWarnings(base: GroupDetails, cands: readonly GroupDetails[]): string[] {
  const warnings: string[] = [];
  for (const g of [base, ...cands]) {
    if (g.group.excluded.length) {
      const list = g.group.excluded.map((e) => `${e.id} (${e.state})`).join(', ');
      warnings.push(`${g.group.label}: ${g.group.excluded.length} run(s) left out because they did not succeed: ${list}.`);
    }
    if (g.details.length === 0) warnings.push(`${g.group.label}: no succeeded runs, so no statistics.`);
  }
  const first = base.details[0];
  const others = cands.flatMap((c) => (c.details[0] ? [c.details[0]] : []));
  // Cells of one experiment differ in GOMAXPROCS and CPU limit because the grid says so, not by accident.
  const oneExperiment = base.group.experimentId !== null && cands.every((c) => c.group.experimentId === base.group.experimentId);
  if (first && others.length) warnings.push(...provenanceWarnings(first, others, oneExperiment ? ['gomaxprocs', 'cgroupCpuLimit'] : []));
  return warnings;
}
