// Several CDF curves as one data array on one x grid. Recharts lists a series in the tooltip only
// where its own data has a point at the hovered x, and series with data of their own mis-map the
// pointer; so every curve gets a value at every x where any curve has a point.
import type { CdfPoint } from './histogram';

/** x, and curve i's value at x under `s${i}` (null where the curve is not drawn). */
export type CdfRow = { x: number } & Record<string, number | null>;

/**
 * The curve's value at x as the chart draws it. Between its points: the straight segment on the log
 * axis, linear in log x (the rise across a bucket, toCdf). Before its first point: that point's share,
 * exact, as only samples at or below zero lie below it. After its last: 1 when it ends at 1; otherwise
 * its last bucket is unbounded, where the samples lie is not known, and nothing is drawn.
 */
function drawnAt(points: CdfPoint[], x: number, from: number): { y: number | null; index: number } {
  if (points.length === 0) return { y: null, index: 0 };
  let i = from;
  while (i < points.length && points[i].x <= x) i++;
  if (i === 0) return { y: points[0].y, index: i };
  const a = points[i - 1];
  if (i === points.length) return { y: a.y === 1 || a.x === x ? a.y : null, index: i };
  const b = points[i];
  const f = (Math.log(x) - Math.log(a.x)) / (Math.log(b.x) - Math.log(a.x));
  return { y: a.y + f * (b.y - a.y), index: i };
}

/** Rows at the union of the curves' x values, each with every curve's drawn value there. */
export function cdfRows(curves: CdfPoint[][]): CdfRow[] {
  const xs = [...new Set(curves.flatMap((c) => c.map((p) => p.x)))].sort((a, b) => a - b);
  // Walk each curve along the sorted grid once.
  const at = curves.map(() => 0);
  return xs.map((x) => {
    const row: CdfRow = { x };
    curves.forEach((points, i) => {
      const { y, index } = drawnAt(points, x, at[i]);
      at[i] = index;
      row[`s${i}`] = y;
    });
    return row;
  });
}
