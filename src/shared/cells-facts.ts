// What an experiment's cells ran and where, in words, for the Cells page, a report's summary and `gmpw compare --experiment`: the
// cell names say only what varied ("go=go1.24.x cpu=0.5"), not the scenario, its duration, the Go
// that actually built it or the machine.
import type { GroupComparison } from './contract';

/** The setup every group ran ("pingpong-hog · 1s · concurrency 4"), or null when they differ. */
export function sharedSetup(g: GroupComparison): string | null {
  const setups = [...new Set(g.facts.flatMap((f) => f.setups))];
  return setups.length === 1 ? setups[0] : null;
}

/** The i-th group's own facts: its setups when they are not shared, the Go that built its runs and what was in force. */
export function groupFactsText(g: GroupComparison, i: number): string {
  const f = g.facts[i];
  return [...(sharedSetup(g) === null ? f.setups : []), ...f.goReleases, ...f.inForce].join(' · ');
}

/** Every machine the groups ran on. */
export const groupMachines = (g: GroupComparison): string[] => [...new Set(g.facts.flatMap((f) => f.machines))];
