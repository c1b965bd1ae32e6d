// The pointer over a chart of interval rows (interval-rows.ts), read from the mouse itself rather
// than from recharts' nearest point: which interval it is over (for the tooltip), and the intervals
// a drag crosses (the brush). Recharts also hands its handlers the point it drew at the last frame,
// so a press right after its move started from the point before, or none.
import { useRef, useState, type MouseEvent } from 'react';
import { rowAt, spanOf, timeAtPointer } from './interval-rows';

type Rows = ReadonlyArray<Readonly<Record<string, number | null>>>;
type Span = { from: number; to: number };

/** Moves shorter than this, between press and release, are a click (on a spike's dot), not a drag. */
const DRAG_PX = 3;

/**
 * `box` goes on the element around the chart, with `handlers`; `hoverRow` is the index of the row
 * whose interval is under the pointer (null off the chart) and `brush` the span being dragged over,
 * from the start of the first interval it crosses to the end of the last, which `onBrush` receives
 * on release. Both change only when the pointer crosses into another interval: a chart of thousands
 * of windows is drawn again then, not at every move.
 */
export function useIntervalPointer(rows: Rows, domain: readonly [number, number], end: number | undefined, onBrush?: (from: number, to: number) => void) {
  const box = useRef<HTMLDivElement>(null);
  const [hoverRow, setHoverRow] = useState<number | null>(null);
  // Kept in refs: a release that comes before React has drawn the last move must still see them.
  const pressed = useRef<{ row: number; x: number } | null>(null);
  const brushed = useRef<Span | null>(null);
  const [brush, setBrush] = useState<Span | null>(null);

  const timeAt = (e: MouseEvent): number | null => {
    const plot = box.current?.querySelector('.recharts-cartesian-grid')?.getBoundingClientRect();
    return plot ? timeAtPointer(e.clientX, plot, domain) : null;
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
      release();
    },
  };
  return { box, hoverRow, brush, handlers };
}
