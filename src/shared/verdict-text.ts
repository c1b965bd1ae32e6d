// benchstat's wording of a comparison, shared by the statistics (which write a verdict's text) and
// the Cells table (which shows the same parts on two lines).

/** benchstat's delta: "+12.30%", "-4.00%", "0.00%"; "?" when there is no ratio (from 0, or a side missing). */
export function formatBenchstatDelta(pct: number | null): string {
  if (pct === null) return '?';
  if (pct === 0) return '0.00%';
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(2)}%`;
}

/** "n=6" for equal sides, "n=6+3" otherwise. */
export const sampleSizes = (n1: number, n2: number): string => (n1 === n2 ? `n=${n1}` : `n=${n1}+${n2}`);
