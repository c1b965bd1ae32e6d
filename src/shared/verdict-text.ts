// benchstat's wording of a comparison, shared by the statistics (which write a verdict's text) and
// the Cells table (which shows the same parts on two lines).
import { changeMagnitude } from './percent-change';

/**
 * benchstat's delta: "+12.30%", "-4.00%", "0.00%"; "?" when there is no ratio (from 0, or a side
 * missing). Where benchstat would round a fall short of zero to "-100.00%", the digits that tell it apart.
 */
export function formatBenchstatDelta(pct: number | null): string {
  if (pct === null) return '?';
  if (pct === 0) return '0.00%';
  return `${pct >= 0 ? '+' : '-'}${changeMagnitude(pct, 2)}%`;
}

/** Why a side of a comparison has no value: the benchmark did not run there, no run measured the metric, or none succeeded. */
export const ABSENCES = ['not run', 'not measured', 'no succeeded run'] as const;

/** One side of a comparison with nothing to compare, and why (StatVerdict.absent). */
export interface Absence {
  side: 'baseline' | 'candidate';
  why: (typeof ABSENCES)[number];
}

/**
 * "not run in A nor B", "not measured in A; no succeeded run in B": the absences with each side
 * named by `name` (the statistics give the groups' labels, the Cells table their places).
 */
export function absenceText(absent: readonly Absence[], name: (side: Absence['side']) => string): string {
  const whys = [...new Set(absent.map((a) => a.why))];
  return whys.map((why) => `${why} in ${absent.filter((a) => a.why === why).map((a) => name(a.side)).join(' nor ')}`).join('; ');
}

/** "n=6" for equal sides, "n=6+3" otherwise. */
export const sampleSizes = (n1: number, n2: number): string => (n1 === n2 ? `n=${n1}` : `n=${n1}+${n2}`);
