// The size of a relative change, as the app's pages (src/renderer/src/format.ts), the CLI's
// tables (src/main/cli/format.ts) and the verdicts (shared/verdict-text.ts) print it: one decimal, and more where one would round a
// change to ±100% or to 0 that is not one. −100% says the value fell to zero; a fall from 938 µs to 192 ns
// is −99.98%. ±0.0% says the values are equal; medians 0.003% apart, which print alike, are −0.003%,
// never "−0.00%".

/**
 * |pct| in percent, unsigned, with `decimals` (one on the app's pages and in the CLI's tables, two
 * in benchstat's wording): "12.3", "4.0", "99.98", "100.0" (only for a change of exactly ±100%), "0.003",
 * "0.0" (only for no change).
 */
export function changeMagnitude(pct: number, decimals: 1 | 2 = 1): string {
  const a = Math.abs(pct);
  if (a === 100) return a.toFixed(decimals);
  // The fewest decimals, from `decimals` on, that do not round a to 100, nor a change to 0.
  const misleads = (shown: number) => shown === 100 || (shown === 0 && a !== 0);
  let d: number = decimals;
  while (d < 20 && misleads(Number(a.toFixed(d)))) d++;
  return a.toFixed(d);
}
