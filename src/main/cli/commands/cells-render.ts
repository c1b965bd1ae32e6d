// Text for `gmpw compare --experiment`: one table per candidate group against the baseline group,
// each metric with both medians ± their 95% CI and benchstat's verdict, so the terminal shows
// what the Compare page shows.
import { groupFactsText, groupMachines, sharedSetup } from '../../../shared/cells-facts';
import type { GroupComparison, SampleStats } from '../../../shared/contract';
import type { GateOptions, GateResult } from '../../../shared/gate';
import { MIN_CI_SAMPLES, MIN_TEST_SAMPLES, UNEQUAL_SIDES } from '../../../shared/repetitions';
import { NOT_RUN, measured, metricRows, printableLine, table } from '../format';

/** "1,002 ops/s ± 1% (n=6)"; below 6 runs there is no CI to show. */
function statsCell(unit: string, s: SampleStats): string {
  if (s.n === 0) return '—';
  return `${measured(unit, s.median)}${s.ci ? ` ${s.ci}` : ''} (n=${s.n})`;
}

export function renderGroupComparison(c: GroupComparison): string {
  const blocks = c.candidates.map((cand, i) => {
    const header = ['metric', `${c.baseline.label} (base)`, cand.label, 'vs base'];
    const cell = (m: GroupComparison['metrics'][number], side: number, s: SampleStats) => (m.benchmark?.missingFrom.includes(side) ? NOT_RUN : statsCell(m.unit, s));
    const rows = metricRows(c.metrics, (m) => [cell(m, 0, m.baseline), cell(m, i + 1, m.candidates[i].stats), m.candidates[i].verdict.text]);
    return table([header, ...rows]);
  });
  // The cell names say only what varied: what was built and in force is said once per group.
  const shared = sharedSetup(c);
  const groups = [c.baseline, ...c.candidates];
  const ran = [
    'What ran:',
    ...(shared ? [`  every group: ${shared}`] : []),
    // A group without a succeeded run (all failed, or not run yet) has no facts of what ran: it says so.
    ...groups.map((g, i) => `  ${g.label}${i === 0 ? ' (base)' : ''}: ${groupFactsText(c, i) || (g.runIds.length === 0 ? 'no succeeded run' : 'nothing reported')}`),
    ...groupMachines(c).map((m) => `  on ${m}`),
  ].map(printableLine);
  const notes = [
    `Medians ± 95% confidence interval (needs ≥ ${MIN_CI_SAMPLES} runs); vs base: change of the medians, Mann–Whitney U at α = 0.05 (needs ≥ ${MIN_TEST_SAMPLES} runs a side, or ${UNEQUAL_SIDES}), "~" when not significant.`,
    ...c.warnings.map((w) => printableLine(`warning: ${w}`)),
  ];
  return [...blocks, ran.join('\n'), notes.join('\n')].join('\n\n');
}

const GATE_WORDS: Record<GateResult['lines'][number]['outcome'], string> = { worse: 'WORSE', passed: 'passed', unjudged: 'NOT JUDGED' };

/**
 * The gate's verdict after the tables: a line per gated metric and candidate, what kept it from
 * judging, the chance of a false alarm, and the outcome a CI log is read for.
 */
export function renderGate(g: GateResult, o: GateOptions): string {
  const floor = o.minChangePct > 0 ? `, worsening below ${o.minChangePct}% allowed` : '';
  const lines = [
    `Gate (--fail-on ${o.metrics.join(',')}${floor}):`,
    ...g.lines.map((l) => `  ${GATE_WORDS[l.outcome]}  ${l.metric}, ${l.group}: ${l.text}`),
    ...g.problems.map((p) => `  NOT JUDGED  ${p}`),
  ].map(printableLine);
  const verdicts = g.lines.length;
  if (verdicts > 1) lines.push(`  ${verdicts} verdicts: when nothing changed, a gate like this fails by chance alone about ${Math.round(g.chanceFailurePct)}% of the time.`);
  const worse = g.lines.filter((l) => l.outcome === 'worse').length;
  const unjudged = g.lines.filter((l) => l.outcome === 'unjudged').length + g.problems.length;
  lines.push(g.passed ? 'gate: passed' : `gate: FAILED (${worse} worse, ${unjudged} not judged)`);
  return lines.join('\n');
}
