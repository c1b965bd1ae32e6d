import type { RunDetail } from './contract';

/** Short, distinct names for the runs of a comparison: the label, or what differs (P and concurrency). */
export function runNames(details: RunDetail[]): string[] {
  const base = details.map((d) => d.run.label || `${d.run.targetName} P=${d.provenance?.gomaxprocs ?? d.run.gomaxprocs} c=${d.run.concurrency}`);
  return base.map((name, i) => (base.indexOf(name) === base.lastIndexOf(name) ? name : `${name} #${base.slice(0, i + 1).filter((n) => n === name).length}`));
}
