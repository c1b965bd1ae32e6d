// The pointer over a chart of interval rows (interval-rows.ts), read from the mouse itself rather
// than from recharts' nearest point: which interval it is over and which markers (for the tooltip),
// and the intervals a drag crosses (the brush). Recharts also hands its handlers the point it drew
// at the last frame, so a press right after its move started from the point before, or none.
import { useRef, useState, type MouseEvent } from 'react';
import { rowAt, spanOf, timeAtPointer } from './interval-rows';
import { MARKER_REACH_PX, markersNear, sameMarkers, type MarkerSpan } from './markers';

type Rows = ReadonlyArray<Readonly<Record<string, number | null>>>;
type Span = { from: number; to: number };

/** Moves shorter than this, between press and release, are a click (on a spike's dot), not a drag. */
const DRAG_PX = 3;

/**
 * `box` goes on the element around the chart, with `handlers`; `hoverRow` is the index of the row
 * whose interval is under the pointer (null off the chart), `hoverMarkers` the markers within
 * MARKER_REACH_PX of it (indexes into `markerTimes`, which are ascending) and `brush` the span being
 * dragged over, from the start of the first interval it crosses to the end of the last, which
 * `onBrush` receives on release. They change only when the pointer crosses into another interval or
 * reaches other markers: a chart of thousands of windows is drawn again then, not at every move.
 */
export function useIntervalPointer(rows: Rows, domain: readonly [number, number], end: number | undefined, onBrush?: (from: number, to: number) => void, markerTimes: readonly number[] = []) {
  const box = useRef<HTMLDivElement>(null);
  const [hoverRow, setHoverRow] = useState<number | null>(null);
  const [hoverMarkers, setHoverMarkers] = useState<MarkerSpan | null>(null);
  // Kept in refs: a release that comes before React has drawn the last move must still see them.
  const pressed = useRef<{ row: number; x: number } | null>(null);
  const brushed = useRef<Span | null>(null);
  const [brush, setBrush] = useState<Span | null>(null);

  const plotOf = () => box.current?.querySelector('.recharts-cartesian-grid')?.getBoundingClientRect();
  const timeAt = (e: MouseEvent): number | null => {
    const plot = plotOf();
    return plot ? timeAtPointer(e.clientX, plot, domain) : null;
  };
  /** The markers within reach of the pointer: MARKER_REACH_PX in the plot's seconds per pixel. */
  const markersAt = (e: MouseEvent): MarkerSpan | null => {
    const plot = plotOf();
    if (!plot || plot.width <= 0 || markerTimes.length === 0) return null;
    // Off the plot (over the y axis) the time read is held at the axis's start: no marker there is under it.
    if (e.clientX < plot.left - MARKER_REACH_PX || e.clientX > plot.right + MARKER_REACH_PX) return null;
    return markersNear(markerTimes, timeAtPointer(e.clientX, plot, domain), (MARKER_REACH_PX * (domain[1] - domain[0])) / plot.width);
  };
  const release = () => {
    pressed.current = null;
    brushed.current = null;
    setBrush(null);
  };
  const handlers = {
    onMouseMove: (e: MouseEvent) => {
      const t = timeAt(e);
      const row = t === null || rows.length === 0 ? null : rowAt(rows, t);
      setHoverRow(row); // the same row again draws nothing (React keeps an equal state)
      const near = markersAt(e);
      setHoverMarkers((was) => (sameMarkers(was, near) ? was : near));
      const press = pressed.current;
      if (!press || row === null || Math.abs(e.clientX - press.x) < DRAG_PX) return;
      const span = spanOf(rows, press.row, row, end);
      if (brushed.current?.from === span.from && brushed.current.to === span.to) return;
      brushed.current = span;
      setBrush(span);
    },
    onMouseDown: (e: MouseEvent) => {
      const t = timeAt(e);
      if (onBrush && t !== null && e.button === 0 && rows.length > 0) pressed.current = { row: rowAt(rows, t), x: e.clientX };
    },
    onMouseUp: () => {
      const range = brushed.current;
      release();
      if (range && onBrush) onBrush(range.from, range.to);
    },
    onMouseLeave: () => {
      setHoverRow(null);
      setHoverMarkers(null);
      release();
    },
  };
  return { box, hoverRow, hoverMarkers, brush, handlers };
}
