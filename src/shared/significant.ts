// Three significant digits, the precision every number of a measured unit is shown with: the app's
// pages (src/renderer/src/format.ts) and the CLI's tables (src/main/cli/format.ts) both read it
// here, so a median of 6.5 threads reads "6.50 threads" in each.

/**
 * 0.311, 6.50, 12.3, 100: trailing zeros kept, so neighbouring values line up at one precision.
 * The width is decided on the rounded value: 9.9996 is "10.0", not "10.00", and 99.96 is "100".
 */
export function threeSignificant(v: number): string {
  const a = Math.abs(v);
  if (a >= 99.95) return v.toFixed(0);
  if (a >= 9.995) return v.toFixed(1);
  if (a >= 0.9995 || a === 0) return v.toFixed(2);
  // Below 1 the digits start after the point: 0.0042 allocs/op is "0.00420", not "0.00". Below
  // 1e-6 toPrecision writes an exponent (3e-7 → "3.00e-7"), which is kept: six zeros are no clearer.
  return v.toPrecision(3);
}
