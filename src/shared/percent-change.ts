// The size of a relative change, as the app's pages (src/renderer/src/format.ts) and the CLI's
// tables (src/main/cli/format.ts) both print it: one decimal, and more where one would round a
// change to ±100% that is not one. −100% says the value fell to zero; a fall from 938 µs to 192 ns
// is −99.98%.

/** |pct| in percent, unsigned: "12.3", "4.0", "99.98", "100.0" (only for a change of exactly ±100%). */
export function changeMagnitude(pct: number): string {
  const a = Math.abs(pct);
  const off = Math.abs(a - 100);
  if (off === 0 || a.toFixed(1) !== '100.0') return a.toFixed(1);
  // The decimals that reach the first digit where a differs from 100: rounding to them cannot land on 100.
  return a.toFixed(Math.min(20, Math.ceil(-Math.log10(off))));
}
