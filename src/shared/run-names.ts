import type { RunDetail } from './contract';
import { repetitionOf } from './cell-name';
import { cpuLimitRan } from './cpu-limit';
import { runGoRelease } from './go-release';
import { gomaxprocsRan } from './gomaxprocs';
import { runUsedConcurrency } from './run-rules';

/** What a run's name states always, and what it states when the runs of a comparison differ in it. */
const ALWAYS: Array<(d: RunDetail) => string> = [(d) => `P=${gomaxprocsRan(d) ?? d.run.gomaxprocs}`, (d) => (runUsedConcurrency(d.run) ? `c=${d.run.concurrency}` : '')];
const WHEN_THEY_DIFFER: Array<(d: RunDetail) => string> = [(d) => runGoRelease(d), (d) => `cpu=${cpuLimitInForce(d)}`, (d) => `on ${d.run.host}`];
/** What a lone run's name states too when it is not the usual: a CPU limit, another host. */
const WHEN_ALONE: Array<(d: RunDetail) => string> = [(d) => (cpuLimitInForce(d) === 'max' ? '' : `cpu=${cpuLimitInForce(d)}`), (d) => (d.run.host === 'local' ? '' : `on ${d.run.host}`)];

/** The CPU limit the run's measured window ran under (a scenario may set its own), else the one configured. */
const cpuLimitInForce = (d: RunDetail): number | 'max' => cpuLimitRan(d) ?? d.config.cpuLimit;

/**
 * Short, distinct names for the runs of a comparison: the label, or the target with its GOMAXPROCS
 * and concurrency and whatever else differs between the runs (Go release, CPU limit, host), each
 * as in force when the run said so; a lone run's, its CPU limit and host when it had them. Runs
 * that still read alike are told apart by their repetition in an experiment ("#2", the cell's own
 * number), else by their id: never by a count that would read as a repetition it is not.
 */
export function runNames(details: RunDetail[]): string[] {
  const differing = details.length === 1 ? WHEN_ALONE : WHEN_THEY_DIFFER.filter((part) => new Set(details.map(part)).size > 1);
  const base = details.map((d) => d.run.label || [d.run.targetName, ...[...ALWAYS, ...differing].map((part) => part(d)).filter(Boolean)].join(' '));
  const unique = (names: string[], i: number) => names.indexOf(names[i]) === names.lastIndexOf(names[i]);
  const repetition = base.map((name, i) => (unique(base, i) ? name : `${name} (${repetitionOf(details[i].run.cell ?? '') ?? details[i].run.id})`));
  return repetition.map((name, i) => (unique(repetition, i) ? name : `${base[i]} (${details[i].run.id})`));
}
