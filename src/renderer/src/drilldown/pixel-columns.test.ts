import { describe, expect, it } from 'vitest';
import { columnOpacity, lanePaint, MIN_COLUMN_OPACITY, runQueueOutline } from './pixel-columns';
import { BAND_KINDS, type SpanLane } from './timeline-model';

/** A lane of [begin, end, colour] spans, sorted by begin as the model sorts them. */
function lane(kind: SpanLane['kind'], spans: Array<[number, number, number]>): Pick<SpanLane, 'kind' | 'begin' | 'end' | 'reach' | 'colour'> {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  return {
    kind,
    begin: Float64Array.from(sorted, (s) => s[0]),
    end: Float64Array.from(sorted, (s) => s[1]),
    reach: Float64Array.from(sorted.reduce<number[]>((ends, s) => (ends.push(Math.max(s[1], ends.at(-1) ?? -Infinity)), ends), [])),
    colour: Int32Array.from(sorted, (s) => s[2]),
  };
}

/** Spans that repeat every `period` from `from`, `count` times: [offset, length, colour] within each period. */
function periodic(from: number, period: number, count: number, pattern: Array<[number, number, number]>): Array<[number, number, number]> {
  const spans: Array<[number, number, number]> = [];
  for (let i = 0; i < count; i++) for (const [offset, length, colour] of pattern) spans.push([from + i * period + offset, from + i * period + offset + length, colour]);
  return spans;
}

const identity = (c: number) => c;
const [RUNNABLE, RUNNING, WAITING] = [0, 1, 2]; // GOROUTINE_LANE_STATES' colours
const kind = (k: (typeof BAND_KINDS)[number]) => BAND_KINDS.indexOf(k);

describe('lanePaint', () => {
  it('paints a P 2% busy in spans narrower than a pixel as faint columns, not solid ones', () => {
    // 1,000 slices of 20 µs, one a millisecond, over 1 s in 100 columns: each column 2% busy.
    const p = lane('proc', periodic(0, 1e-3, 1000, [[0.5e-3, 20e-6, 0]]));
    const { wide, cells } = lanePaint(p, { t0: 0, t1: 1 }, 100, identity);
    expect(wide).toEqual([]);
    expect(cells.map((c) => c.column)).toEqual([...Array(100).keys()]);
    for (const c of cells) expect(c.share).toBeCloseTo(0.02, 6);
    expect(new Set(cells.map((c) => columnOpacity(c.share)))).toEqual(new Set([MIN_COLUMN_OPACITY]));
  });

  it("shows a goroutine waiting 96.5% of each column as Waiting, however many times it was runnable in it", () => {
    // Every 0.4 ms: runnable 6 µs, running 8 µs, waiting the rest; a view of 402 ms over 774 px (0.52 ms a pixel).
    const g = lane('goroutine', periodic(0, 0.4e-3, 1005, [[0, 6e-6, RUNNABLE], [6e-6, 8e-6, RUNNING], [14e-6, 386e-6, WAITING]]));
    const { wide, cells } = lanePaint(g, { t0: 0, t1: 0.402 }, 774, identity);
    expect(wide).toEqual([]);
    expect(cells).toHaveLength(774);
    expect(cells.filter((c) => c.key === WAITING)).toHaveLength(774);
    for (const c of cells) expect(c.share).toBeCloseTo(1, 9);
  });

  it('counts the edge of a wide span in a column that holds narrow ones', () => {
    // Waiting to x = 10.3, runnable and running 0.1 px each, waiting again from x = 10.5: column 10 is 80% Waiting.
    const g = lane('goroutine', [[0, 10.3, WAITING], [10.3, 10.4, RUNNABLE], [10.4, 10.5, RUNNING], [10.5, 20, WAITING]]);
    const { wide, cells } = lanePaint(g, { t0: 0, t1: 20 }, 20, identity);
    expect(wide).toEqual([0, 3]);
    expect(cells).toHaveLength(1);
    expect(cells[0]!.column).toBe(10);
    expect(cells[0]!.key).toBe(WAITING);
    expect(cells[0]!.share).toBeCloseTo(1, 9);
  });

  it('paints wide spans as they are, and a column only where a narrow span is', () => {
    // Two wide slices meeting mid-column, then a narrow one straddling columns 7 and 8.
    const p = lane('proc', [[0, 3.5, 0], [3.5, 6, 1], [7.8, 8.2, 2]]);
    const { wide, cells } = lanePaint(p, { t0: 0, t1: 10 }, 10, identity);
    expect(wide).toEqual([0, 1]);
    expect(cells.map((c) => [c.column, c.key])).toEqual([[7, 2], [8, 2]]);
    expect(cells[0]!.share).toBeCloseTo(0.2, 9);
    expect(cells[1]!.share).toBeCloseTo(0.2, 9);
  });

  it('keeps each band kind of a column apart, for the bands are painted in layers', () => {
    // A mark phase across the view; in column 4 a pause of 0.3 px and assists of 0.5 px in all.
    const bands = lane('bands', [[0, 10, kind('GC')], [4.1, 4.4, kind('STW')], [4.2, 4.5, kind('mark assist')], [4.6, 4.8, kind('mark assist')]]);
    const { wide, cells } = lanePaint(bands, { t0: 0, t1: 10 }, 10, identity);
    expect(wide).toEqual([0]);
    expect(cells.map((c) => [c.column, c.key])).toEqual([[4, kind('STW')], [4, kind('mark assist')]]);
    expect(cells[0]!.share).toBeCloseTo(0.3, 9);
    expect(cells[1]!.share).toBeCloseTo(0.5, 9);
  });

  it("keeps a syscall that began during a longer one in its own column: the syscalls of different goroutines overlap", () => {
    const syscalls = lane('syscalls', [[0, 5, 0], [1.2, 1.5, 0], [3.1, 3.3, 0], [7.1, 7.3, 0]]);
    const { wide, cells } = lanePaint(syscalls, { t0: 0, t1: 10 }, 10, identity);
    expect(wide).toEqual([0]);
    expect(cells.map((c) => c.column)).toEqual([1, 3, 7]);
    expect(cells.map((c) => c.share)).toEqual([expect.closeTo(0.3, 9), expect.closeTo(0.2, 9), expect.closeTo(0.2, 9)]);
  });

  it('paints nothing for a span that ends where the view begins, or lasts no time', () => {
    const bands = lane('bands', [[0.5, 1, kind('GC')], [1.2, 1.2, kind('STW')], [1.5, 1.5004, kind('mark assist')]]);
    const { wide, cells } = lanePaint(bands, { t0: 1, t1: 2 }, 100, identity);
    expect(wide).toEqual([]);
    expect(cells).toEqual([{ column: 50, key: kind('mark assist'), share: expect.closeTo(0.04, 9) }]);
  });

  it('reads only what is in view, in paint keys the caller gives', () => {
    const p = lane('proc', [[0, 0.1, 0], [5.21, 5.26, 1], [5.41, 5.46, 1], [5.61, 5.66, 0], [20, 21, 0]]);
    const { wide, cells } = lanePaint(p, { t0: 5, t1: 6 }, 10, (c) => (c === 1 ? 'picked' : 'faded'));
    expect(wide).toEqual([]);
    expect(cells.map((c) => [c.column, c.key])).toEqual([[2, 'picked'], [4, 'picked'], [6, 'faded']]);
  });

  it('computes the columns of 100,000 spans in view in well under 50 ms', () => {
    // A P's 100,000 slices (a window's cap) of 3 µs every 10 µs, 1 s over 1,000 columns.
    const p = lane('proc', periodic(0, 10e-6, 100_000, [[2e-6, 3e-6, 0]]));
    let fastest = Infinity;
    let cells = 0;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      cells = lanePaint(p, { t0: 0, t1: 1 }, 1000, identity).cells.length;
      fastest = Math.min(fastest, performance.now() - started);
    }
    expect(cells).toBe(1000);
    expect(fastest).toBeLessThan(50);
  });
});

describe('columnOpacity', () => {
  it('follows the share of the column covered, no fainter than the least, in steps of 5%', () => {
    expect(columnOpacity(1)).toBe(1);
    expect(columnOpacity(1.4)).toBe(1);
    expect(columnOpacity(0.52)).toBe(0.5);
    expect(columnOpacity(0.02)).toBe(MIN_COLUMN_OPACITY);
    expect(columnOpacity(0)).toBe(MIN_COLUMN_OPACITY);
  });
});

describe('runQueueOutline', () => {
  const queue = (steps: Array<[number, number]>, keptUntil = Infinity) => ({
    queueT: Float64Array.from(steps, (s) => s[0]),
    queueDepth: Int32Array.from(steps, (s) => s[1]),
    queueKeptUntil: keptUntil,
  });
  /** The depth the outline draws at x, from its horizontal segments (the last one where several meet). */
  const depthAt = (points: Array<[number, number]>, x: number) => {
    let depth: number | null = null;
    for (let k = 1; k < points.length; k++) if (points[k - 1]![1] === points[k]![1] && points[k - 1]![0] <= x && x <= points[k]![0]) depth = points[k]![1];
    return depth;
  };
  const onlySteps = (points: Array<[number, number]>) => points.every((p, k) => k === 0 || p[0] === points[k - 1]![0] || p[1] === points[k - 1]![1]);

  it('holds a depth until the next step, then steps straight to the new one: no ramps', () => {
    // A trial's run: depth 0 at 4.710088448 s, 1 at 4.71119264 s; a 4 ms view over 1,500 px.
    const q = queue([[4.709, 2], [4.710088448, 0], [4.71119264, 1], [4.7115, 0]]);
    const view = { t0: 4.709, t1: 4.713 };
    const points = runQueueOutline(q, view, 1500);
    const x = (t: number) => ((t - view.t0) / (view.t1 - view.t0)) * 1500;
    expect(onlySteps(points)).toBe(true);
    expect(depthAt(points, x(4.7095))).toBe(2);
    // Just before the step to 1 the queue is still empty (a line from point to point drew 0.9 here).
    expect(depthAt(points, x(4.71119264) - 0.5)).toBe(0);
    expect(depthAt(points, x(4.7113))).toBe(1);
    expect(depthAt(points, x(4.712))).toBe(0);
    expect(points.at(-1)).toEqual([1500, 0]);
  });

  it("shows a column's deepest queue where many steps fall in it, then the depth its last step left", () => {
    // In column 5 (of 10 over 10 s): 0 → 3 → 1 → 0 within a pixel, then 2 from 7 s.
    const q = queue([[0, 0], [5.1, 3], [5.2, 1], [5.3, 0], [7, 2]]);
    const points = runQueueOutline(q, { t0: 0, t1: 10 }, 10);
    expect(onlySteps(points)).toBe(true);
    expect(depthAt(points, 5.05)).toBe(0);
    expect(depthAt(points, 5.5)).toBe(3);
    expect(depthAt(points, 6.5)).toBe(0);
    expect(depthAt(points, 8)).toBe(2);
    expect(Math.max(...points.map((p) => p[1]))).toBe(3);
  });

  it("starts at the depth the view's start holds and ends at the steps' cut", () => {
    const q = queue([[0, 4], [2, 1], [6, 3]], 8);
    const points = runQueueOutline(q, { t0: 3, t1: 13 }, 10);
    expect(points[0]).toEqual([0, 1]);
    expect(depthAt(points, 4)).toBe(3);
    expect(points.at(-1)).toEqual([5, 3]);
    // A view wholly past the cut draws nothing.
    expect(runQueueOutline(q, { t0: 9, t1: 12 }, 10)).toEqual([]);
  });
});
