// What the drill-down canvas paints in each pixel column of a view, as pure functions of the model,
// the view and the plot's width in pixels (x from 0 at the view's start): the lanes' spans and the
// run-queue outline. DrillTimeline only turns their answers into rectangles and a path.
import { lowerBound } from '../../../shared/lower-bound';
import { spansMayOverlap, visibleSpans, type SpanLane, type TimelineModel, type View } from './timeline-model';

/** A pixel column painted for the spans narrower than a pixel in it: with `key`'s colour, over `share` (0–1) of its time. */
export interface ColumnCell<K> {
  column: number;
  key: K;
  share: number;
}

export interface LanePaint<K> {
  /** Spans a pixel wide or wider in view (indexes into the lane), painted as they are. */
  wide: number[];
  /** The columns that hold narrower spans, in column order. */
  cells: Array<ColumnCell<K>>;
}

/**
 * How a lane's spans are painted in a view `width` pixels wide. A span a pixel wide or wider is
 * painted as it is. The narrower ones are summed per pixel column, by paint key (`keyOf` of the
 * span's colour: the colour it is painted in), so that a column shows what its time held: a span
 * narrower than a pixel painted as the whole column made a P 2% busy look busy across a 402 ms view.
 *
 * - In a lane whose spans never overlap (a P, a goroutine's states) a column shows one
 *   colour, the key that covers most of its time, over the share of its time covered: the column of
 *   a goroutine waiting 96% of it reads as Waiting, however many wake-ups it holds. The edges of
 *   wide spans in such a column count too: they hold its time as much as the narrow ones.
 * - In a lane whose spans overlap, each key of a column gets a cell of its own, with its own share
 *   of the column, from its narrow spans (wide ones are painted whole already): a band lane's kinds
 *   (GC phases, pauses, assists; sweeps) are painted in layers (BAND_PAINT_ORDER), and a pause under
 *   a pixel still shows over the assist beside it; the syscalls lane has one colour.
 *
 * Every span in view is read once, so nothing is left out of a column: 100,000 spans take a few
 * milliseconds (timed in the tests; bench/renderer times whole frames).
 */
export function lanePaint<K>(l: Pick<SpanLane, 'kind' | 'begin' | 'end' | 'reach' | 'colour'>, view: View, width: number, keyOf: (colour: number) => K): LanePaint<K> {
  const scale = width / (view.t1 - view.t0);
  const layered = spansMayOverlap(l);
  const wide: number[] = [];
  const columns = new ColumnSums<K>(layered);
  const [first, last] = visibleSpans(l, view.t0, view.t1);
  for (let i = first; i < last; i++) {
    if (l.end[i]! < view.t0) continue; // overlapping bands: an earlier, longer one kept the search open
    const x0 = Math.max(0, onColumnEdge((l.begin[i]! - view.t0) * scale));
    const x1 = Math.min(width, onColumnEdge((l.end[i]! - view.t0) * scale));
    if (x0 >= width || x1 <= x0) continue; // begins at the view's very end, or ends at its start (or lasts no time): nothing of it shows
    const column = Math.floor(x0);
    columns.moveTo(column);
    if (x1 - x0 >= 1) {
      wide.push(i);
      if (layered) continue;
      const key = keyOf(l.colour[i]!);
      columns.add(column, key, column + 1 - x0, false);
      // Spans that never overlap begin after this one ends: its last column comes next.
      const lastColumn = Math.floor(x1);
      columns.moveTo(lastColumn);
      if (x1 > lastColumn) columns.add(lastColumn, key, x1 - lastColumn, false);
      continue;
    }
    const key = keyOf(l.colour[i]!);
    columns.add(column, key, Math.min(x1, column + 1) - x0, true);
    if (x1 > column + 1) columns.add(column + 1, key, x1 - column - 1, true);
  }
  return { wide, cells: columns.finish() };
}

/** Nearer a column's edge than this (in pixels), an x is on it: a rounding of the times' scaling (5.6 s − 5 s is 0.5999999999999996 s) put a span that begins on an edge a hair into the column before, where it made a cell of no time. */
const ROUNDING_PX = 1e-4;

function onColumnEdge(x: number): number {
  const edge = Math.round(x);
  return Math.abs(x - edge) < ROUNDING_PX ? edge : x;
}

/** What one column holds: time (in pixels) by paint key, and whether a span narrower than a pixel is among it. */
class ColumnSum<K> {
  keys: K[] = [];
  px: number[] = [];
  narrow = false;

  add(key: K, px: number, narrow: boolean): void {
    const k = this.keys.indexOf(key);
    if (k >= 0) this.px[k]! += px;
    else {
      this.keys.push(key);
      this.px.push(px);
    }
    this.narrow ||= narrow;
  }

  clear(): void {
    this.keys.length = 0;
    this.px.length = 0;
    this.narrow = false;
  }
}

/**
 * Column sums as spans come in order of their start: only the current column and the next are
 * open (a span narrower than a pixel reaches one column further at most), so a column is final once
 * a span begins past it. A column is a cell only when it holds a narrow span.
 */
class ColumnSums<K> {
  private column = -2;
  private here = new ColumnSum<K>();
  private next = new ColumnSum<K>();
  private readonly cells: Array<ColumnCell<K>> = [];

  constructor(private readonly layered: boolean) {}

  moveTo(column: number): void {
    if (column <= this.column) return;
    this.emit(this.here, this.column);
    if (column === this.column + 1) [this.here, this.next] = [this.next, this.here];
    else this.emit(this.next, this.column + 1);
    this.next.clear();
    this.column = column;
  }

  add(column: number, key: K, px: number, narrow: boolean): void {
    (column <= this.column ? this.here : this.next).add(key, px, narrow);
  }

  finish(): Array<ColumnCell<K>> {
    this.moveTo(this.column + 2);
    return this.cells;
  }

  private emit(sum: ColumnSum<K>, column: number): void {
    if (sum.narrow) {
      if (this.layered) sum.keys.forEach((key, k) => this.cells.push({ column, key, share: Math.min(1, sum.px[k]!) }));
      else {
        let most = 0;
        for (let k = 1; k < sum.keys.length; k++) if (sum.px[k]! > sum.px[most]!) most = k;
        this.cells.push({ column, key: sum.keys[most]!, share: Math.min(1, sum.px.reduce((a, b) => a + b, 0)) });
      }
    }
    sum.clear();
  }
}

/** A column holding anything is at least this opaque: a 2 µs pause in a 0.5 ms column stays findable, and still reads as faint. */
export const MIN_COLUMN_OPACITY = 0.15;

/** The opacity a cell is painted with: its share, no fainter than MIN_COLUMN_OPACITY, in steps of 5% (a frame fills one batch per colour and opacity). */
export function columnOpacity(share: number): number {
  return Math.round(Math.max(MIN_COLUMN_OPACITY, Math.min(1, share)) * 20) / 20;
}

/**
 * The run-queue lane's outline in a view `width` pixels wide: [x, depth] points from the view's
 * start to the end of the steps in view (the view's end, or the steps' cut), every segment
 * horizontal or vertical. A depth holds until the next step, so each step is drawn as the depth
 * before it held up to the step, then straight up or down to the new one (a line from point to
 * point drew a 1.1 ms ramp from 0 to 1 where the queue stayed empty until the step).
 * Where several steps fall in one pixel column the column shows the deepest of them, from its first
 * step to the column's end, then the depth its last step left: the peak stays visible, and nothing
 * between the steps is made up. Empty when the whole view lies past the cut.
 */
export function runQueueOutline(q: Pick<TimelineModel, 'queueT' | 'queueDepth' | 'queueKeptUntil'>, view: View, width: number): Array<[x: number, depth: number]> {
  const end = Math.min(view.t1, q.queueKeptUntil);
  if (end <= view.t0) return [];
  const scale = width / (view.t1 - view.t0);
  const xOf = (t: number) => (t - view.t0) * scale;
  const xEnd = xOf(end);
  // The depth at the view's start: the last step at or before it (none: an empty queue).
  let i = lowerBound(q.queueT, view.t0, true);
  let depth = i > 0 ? q.queueDepth[i - 1]! : 0;
  const points: Array<[number, number]> = [[0, depth]];
  while (i < q.queueT.length && q.queueT[i]! < end) {
    const x = xOf(q.queueT[i]!);
    const column = Math.floor(x);
    let j = i + 1;
    let deepest = q.queueDepth[i]!;
    for (; j < q.queueT.length && q.queueT[j]! < end && Math.floor(xOf(q.queueT[j]!)) === column; j++) deepest = Math.max(deepest, q.queueDepth[j]!);
    const after = q.queueDepth[j - 1]!;
    if (j === i + 1) points.push([x, depth], [x, after]);
    else {
      const columnEnd = Math.min(column + 1, xEnd);
      points.push([x, depth], [x, deepest], [columnEnd, deepest], [columnEnd, after]);
    }
    depth = after;
    i = j;
  }
  points.push([xEnd, depth]);
  return points;
}
