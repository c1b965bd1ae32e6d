// Vertical markers on a chart of run time (stop-the-world pauses) are lines a pixel wide, and a few
// often share one pixel (a GC stops the world twice within a millisecond or so): what the pointer
// is over is every marker within a few pixels of it, found by binary search among thousands.

import { lowerBound } from '../../../shared/lower-bound';

/** How near the pointer, in pixels either side, a marker counts as under it: a 1 px line is hard to hit. */
export const MARKER_REACH_PX = 4;

/** The markers under the pointer, as indexes [from, to) into the chart's markers in time order. */
export interface MarkerSpan {
  from: number;
  to: number;
}


/** The markers (their times ascending) within `reach` of t, either side; null when there is none. */
export function markersNear(times: readonly number[], t: number, reach: number): MarkerSpan | null {
  const from = lowerBound(times, t - reach);
  const to = lowerBound(times, t + reach, true);
  return from < to ? { from, to } : null;
}

/** Whether two spans name the same markers: the pointer's state changes only when they differ. */
export const sameMarkers = (a: MarkerSpan | null, b: MarkerSpan | null): boolean => a === b || (a !== null && b !== null && a.from === b.from && a.to === b.to);
