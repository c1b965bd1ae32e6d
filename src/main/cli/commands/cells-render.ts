// Text for `gmpw compare` of groups (--experiment, --baseline-tag): one table per candidate group
// against the baseline group, each metric with both medians ± their 95% CI and benchstat's verdict,
// so the terminal shows what the Compare page shows; and the same as Markdown for a pull request.
import { groupFactsText, groupMachines, sharedSetup } from '../../../shared/cells-facts';
import type { GroupComparison, SampleStats } from '../../../shared/contract';
import { MIN_CI_SAMPLES, MIN_TEST_SAMPLES, UNEQUAL_SIDES } from '../../../shared/repetitions';
import { LabelNotes, markdownCell, NOT_RUN, measured, metricRows, printableLine, table } from '../format';
import { gateMarkdown, type Gate } from './gate-render';

/** "1,002 ops/s ± 1% (n=6)"; below 6 runs there is no CI to show. */
function statsCell(unit: string, s: SampleStats): string {
  if (s.n === 0) return '—';
  return `${measured(unit, s.median)}${s.ci ? ` ${s.ci}` : ''} (n=${s.n})`;
}

/** What a group comparison says, before it is laid out: a table per candidate, what ran, the notes. */
interface GroupComparisonText {
  tables: string[][][];
  /** The notes the tables' labels point to ("[1] runtime/metrics, sampled …"). */
  labelNotes: string[];
  /** Each group's facts; `shared` what every group ran, null when they differ. */
  shared: string | null;
  groups: string[];
  machines: string[];
  legend: string;
  warnings: string[];
}

function groupComparisonText(c: GroupComparison): GroupComparisonText {
  const notes = new LabelNotes();
  const metrics = c.metrics.map((m) => ({ ...m, label: notes.short(m.label) }));
  const tables = c.candidates.map((cand, i) => {
    const header = ['metric', `${c.baseline.label} (base)`, cand.label, 'vs base'];
    const cell = (m: GroupComparison['metrics'][number], side: number, s: SampleStats) => (m.benchmark?.missingFrom.includes(side) ? NOT_RUN : statsCell(m.unit, s));
    return [header, ...metricRows(metrics, (m) => [cell(m, 0, m.baseline), cell(m, i + 1, m.candidates[i].stats), m.candidates[i].verdict.text])];
  });
  // The cell names say only what varied: what was built and in force is said once per group.
  return {
    tables,
    labelNotes: notes.lines(),
    shared: sharedSetup(c),
    // A group without a succeeded run (all failed, or not run yet) has no facts of what ran: it says so.
    groups: [c.baseline, ...c.candidates].map((g, i) => `${g.label}${i === 0 ? ' (base)' : ''}: ${groupFactsText(c, i) || (g.runIds.length === 0 ? 'no succeeded run' : 'nothing reported')}`),
    machines: groupMachines(c),
    legend: `Medians ± 95% confidence interval (needs ≥ ${MIN_CI_SAMPLES} runs; "± ?" where it reaches 0, which no share of the median measures; --json has its ends); vs base: change of the medians, Mann–Whitney U at α = 0.05 (needs ≥ ${MIN_TEST_SAMPLES} runs a side, or ${UNEQUAL_SIDES}), "~" when not significant.`,
    warnings: c.warnings,
  };
}

export function renderGroupComparison(c: GroupComparison): string {
  const t = groupComparisonText(c);
  const ran = ['What ran:', ...(t.shared ? [`  every group: ${t.shared}`] : []), ...t.groups.map((g) => `  ${g}`), ...t.machines.map((m) => `  on ${m}`)].map(printableLine);
  const notes = [t.legend, ...t.warnings.map((w) => printableLine(`warning: ${w}`))];
  return [...t.tables.map(table), t.labelNotes.map(printableLine).join('\n'), ran.join('\n'), notes.join('\n')].filter(Boolean).join('\n\n');
}

function markdownTable([header, ...rows]: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
  return [line(header), `|${header.map(() => ' --- |').join('')}`, ...rows.map(line)].join('\n');
}

/** The same comparison as GitHub-flavoured Markdown (gmpw compare --markdown), for a pull request's comment. */
export function renderGroupComparisonMarkdown(c: GroupComparison, gate: Gate | null): string {
  const t = groupComparisonText(c);
  const item = (text: string) => `- ${markdownCell(text)}`;
  // The warnings right under the verdict: a reviewer reads the top of a comment, where a
  // comparison's flaw (one side traced, the other not) must meet the verdict it qualifies.
  return [
    ...(gate ? [gateMarkdown(gate)] : []),
    ...(t.warnings.length > 0 ? [t.warnings.map((w) => `> ${markdownCell(`warning: ${w}`)}`).join('\n>\n')] : []),
    ...t.tables.map(markdownTable),
    ...(t.labelNotes.length > 0 ? [t.labelNotes.map(markdownCell).join('  \n')] : []),
    ['**What ran**', '', ...(t.shared ? [item(`every group: ${t.shared}`)] : []), ...t.groups.map(item), ...t.machines.map((m) => item(`on ${m}`))].join('\n'),
    t.legend,
  ].join('\n\n');
}
