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
 * `box` goes on the element around the chart, with `handlers`; `hoverT` is the run time under the
 * pointer (null off the chart) and `brush` the span being dragged over, from the start of the first
 * interval it crosses to the end of the last, which `onBrush` receives on release.
 */
export function useIntervalPointer(rows: Rows, domain: readonly [number, number], end: number | undefined, onBrush?: (from: number, to: number) => void) {
  const box = useRef<HTMLDivElement>(null);
  const [hoverT, setHoverT] = useState<number | null>(null);
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
      setHoverT(t);
      const press = pressed.current;
      if (!press || t === null || Math.abs(e.clientX - press.x) < DRAG_PX) return;
      brushed.current = spanOf(rows, press.row, rowAt(rows, t), end);
      setBrush(brushed.current);
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
      setHoverT(null);
      release();
    },
  };
  return { box, hoverT, brush, handlers };
}
