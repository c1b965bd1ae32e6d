// The drill-down's canvas timeline: lanes of a TimelineModel on one canvas, zoomed with the wheel
// and panned by dragging. A frame reads only the spans in view (binary search per lane); what each
// pixel column shows, spans narrower than a pixel summed per column, is pixel-columns.ts's.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TraceWindow } from '../../../shared/trace-window';
import { ChartLegend } from '../charts/ChartLegend';
import { GOROUTINE_STATES } from '../charts/palette';
import { niceTicks, timeTickFormatter } from '../charts/ticks';
import {
  BAND_KINDS,
  bandExtent,
  inPaintOrder,
  clampView,
  GOROUTINE_LANE_STATES,
  groupOfColour,
  isHeldBySyscall,
  spanAt,
  spanTimesText,
  unblockEdges,
  type SpanLane,
  type TimelineModel,
  type View,
} from './timeline-model';
import { columnOpacity, lanePaint, runQueueOutline } from './pixel-columns';
import { useElementWidth } from '../hooks/use-element-width';
import { groupColours, type GroupColour } from './group-colours';
import { useRunGroups } from './run-groups';
import { useReadOnly } from '../hooks/read-only';
import { counted } from '../../../shared/plural';

const LABEL_W = 72;
/** A label's left margin; a label is squeezed to fit the label column, never drawn over the plot. */
const LABEL_X = 4;
const LABEL_MAX_W = LABEL_W - LABEL_X - 4;
const AXIS_H = 20;
const QUEUE_H = 36;
const LANE_H: Record<SpanLane['kind'], number> = { bands: 12, proc: 20, syscalls: 10, goroutine: 14 };
/**
 * By band kind (BAND_KINDS): a stop-the-world pause in a violet that no goroutine group, goroutine
 * state or faded lane has, on either theme (a red one read as a group's, several of which are red).
 */
const BAND_COLOURS = ['#7fb3d5', '#6a00ff', '#e377c2', '#bcbd22', '#999999'];
/** By GOROUTINE_LANE_STATES: the colours the Run page's goroutine charts give the states (runnable red). */
const STATE_COLOURS = GOROUTINE_LANE_STATES.map((state) => GOROUTINE_STATES.find((s) => s.key === state.toLowerCase())!.color);
const SYSCALL_COLOUR = STATE_COLOURS[GOROUTINE_LANE_STATES.indexOf('Syscall')]!;
const RUNNABLE_QUEUE_FILL = `${STATE_COLOURS[GOROUTINE_LANE_STATES.indexOf('Runnable')]!}80`;
const FADED = '#d9d9d9';

/** Lane tops, from the axis down; the run-queue lane comes last. */
function layout(model: TimelineModel): { tops: number[]; queueTop: number; height: number } {
  const tops: number[] = [];
  let y = AXIS_H;
  for (const l of model.lanes) {
    tops.push(y);
    y += LANE_H[l.kind];
  }
  return { tops, queueTop: y + 4, height: y + 4 + QUEUE_H };
}

interface Hover {
  x: number;
  y: number;
  lane: SpanLane;
  span: number;
}

interface Props {
  model: TimelineModel;
  window: TraceWindow;
  /** Goroutine group (start function) to pick out; the other slices are faded. */
  group?: string | null;
  showEdges: boolean;
  /** Called after each frame with the time it took to draw, in ms (benchmarks). */
  onFrame?: (ms: number) => void;
}

export function DrillTimeline({ model, window: w, group = null, showEdges, onFrame }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const view = useRef<View>({ t0: model.from, t1: model.to });
  const pending = useRef(0);
  const width = useElementWidth(canvas);
  const readOnly = useReadOnly();
  const [hover, setHover] = useState<Hover | null>(null);
  const geometry = useMemo(() => layout(model), [model]);
  const runGroups = useRunGroups();
  const groupColoured = useMemo(() => groupColours(model.groups, runGroups), [model, runGroups]);
  const colours = useMemo(() => groupColoured.map((g) => g.colour), [groupColoured]);
  const picked = useMemo(() => (group === null ? -1 : model.groups.indexOf(group)), [model, group]);
  const edges = useMemo(() => (showEdges ? unblockEdges(w, model) : []), [showEdges, w, model]);
  const cut = useMemo(() => earliestCut(model), [model]);
  const hasSyscalls = model.lanes.some((l) => l.kind === 'syscalls' && l.begin.length > 0);

  // A new window opens whole.
  useEffect(() => {
    view.current = { t0: model.from, t1: model.to };
  }, [model]);


  const draw = useCallback(() => {
    const el = canvas.current;
    if (!el || width === 0) return;
    const started = performance.now();
    const { t0, t1 } = view.current;
    const plot = width - LABEL_W;
    const scale = plot / (t1 - t0);
    const xOf = (t: number) => LABEL_W + (t - t0) * scale;
    const ratio = globalThis.devicePixelRatio || 1;
    if (el.width !== Math.round(width * ratio) || el.height !== Math.round(geometry.height * ratio)) {
      el.width = Math.round(width * ratio);
      el.height = Math.round(geometry.height * ratio);
    }
    const ctx = el.getContext('2d')!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, geometry.height);
    const text = getComputedStyle(el).color;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';

    let drawn = 0;
    // Rectangles are batched by colour and opacity and filled once per batch: switching fillStyle
    // per span cost more than the spans themselves.
    const batches = new Map<string, { colour: string; opacity: number; rects: number[] }>();
    const batch = (colour: string, opacity: number) => {
      const key = `${colour} ${opacity}`;
      let b = batches.get(key);
      if (!b) batches.set(key, (b = { colour, opacity, rects: [] }));
      return b.rects;
    };
    const shown: View = { t0, t1 };
    model.lanes.forEach((lane, li) => {
      const top = geometry.tops[li]!;
      const h = LANE_H[lane.kind] - 2;
      const bands = lane.kind === 'bands';
      const procColour = (c: number) => (picked >= 0 && groupOfColour(c) !== picked ? FADED : isHeldBySyscall(c) ? SYSCALL_COLOUR : colours[c]!);
      const colourOf = (c: number) => (lane.kind === 'proc' ? procColour(c) : bands ? BAND_COLOURS[c]! : lane.kind === 'goroutine' ? STATE_COLOURS[c]! : SYSCALL_COLOUR);
      // A band keeps to its kind's part of the lane; a band lane's colour is its kind.
      const extentOf = (colour: string): [number, number] => (bands ? bandExtent(BAND_COLOURS.indexOf(colour)) : [0, 1]);
      const { wide, cells } = lanePaint(lane, shown, plot, colourOf);
      for (const i of wide) {
        const x0 = Math.max(LABEL_W, xOf(lane.begin[i]!));
        const x1 = Math.min(width, xOf(lane.end[i]!));
        const colour = colourOf(lane.colour[i]!);
        const [y, height] = extentOf(colour);
        batch(colour, 1).push(x0, top + y * h, x1 - x0 - (x1 - x0 > 3 ? 0.5 : 0), height * h);
      }
      // A column of spans narrower than a pixel: the colour that holds most of its time, as opaque as the share of its time they hold.
      for (const cell of cells) {
        const [y, height] = extentOf(cell.key);
        batch(cell.key, columnOpacity(cell.share)).push(LABEL_W + cell.column, top + y * h, 1, height * h);
      }
      drawn += wide.length + cells.length;
    });
    for (const { colour, opacity, rects } of inPaintOrder([...batches.values()], BAND_COLOURS)) {
      ctx.fillStyle = colour;
      ctx.globalAlpha = opacity;
      ctx.beginPath();
      for (let k = 0; k < rects.length; k += 4) ctx.rect(rects[k]!, rects[k + 1]!, rects[k + 2]!, rects[k + 3]!);
      ctx.fill();
    }
    ctx.globalAlpha = 1;
    // Past a lane's cut the window query's cap left its spans out: hatched, never drawn as idle or as a state.
    const hatch = ctx.createPattern(hatchTile(), 'repeat')!;
    const cutFrom = (keptUntil: number) => Math.max(LABEL_W, xOf(keptUntil));
    ctx.fillStyle = hatch;
    ctx.beginPath();
    model.lanes.forEach((lane, li) => {
      if (lane.keptUntil < t1) ctx.rect(cutFrom(lane.keptUntil), geometry.tops[li]!, width - cutFrom(lane.keptUntil), LANE_H[lane.kind] - 2);
    });
    if (model.queueKeptUntil < t1) ctx.rect(cutFrom(model.queueKeptUntil), geometry.queueTop, width - cutFrom(model.queueKeptUntil), QUEUE_H);
    ctx.fill();
    ctx.fillStyle = text;
    model.lanes.forEach((lane, li) => ctx.fillText(lane.label, LABEL_X, geometry.tops[li]! + (LANE_H[lane.kind] - 2) / 2, LABEL_MAX_W));

    // Run-queue depth as a step area, up to the steps' cut.
    const qTop = geometry.queueTop;
    const qScale = (QUEUE_H - 4) / Math.max(1, model.queueMax);
    const outline = runQueueOutline(model, shown, plot);
    if (outline.length > 0) {
      const base = qTop + QUEUE_H;
      // Runnable goroutines, in the runnable state's red, half-transparent.
      ctx.fillStyle = RUNNABLE_QUEUE_FILL;
      ctx.beginPath();
      ctx.moveTo(LABEL_W, base);
      for (const [x, depth] of outline) ctx.lineTo(LABEL_W + x, base - depth * qScale);
      ctx.lineTo(LABEL_W + outline[outline.length - 1]![0], base);
      ctx.closePath();
      ctx.fill();
    }
    // In the label column, on two lines: on one it ran over the start of the plot.
    ctx.fillStyle = text;
    ctx.fillText('run queue', LABEL_X, qTop + QUEUE_H / 2 - 7, LABEL_MAX_W);
    ctx.fillText(`max ${model.queueMax}`, LABEL_X, qTop + QUEUE_H / 2 + 7, LABEL_MAX_W);

    if (edges.length > 0) {
      ctx.strokeStyle = 'rgba(214, 39, 40, 0.7)';
      ctx.lineWidth = 1;
      ctx.beginPath();
      const mid = (lane: number) => (lane >= 0 ? geometry.tops[lane]! + LANE_H[model.lanes[lane]!.kind] / 2 : AXIS_H);
      for (const e of edges) {
        if (e.toT < t0 || e.t > t1 || e.toLane < 0) continue;
        ctx.moveTo(xOf(e.t), mid(e.fromLane));
        ctx.lineTo(xOf(e.toT), mid(e.toLane));
      }
      ctx.stroke();
    }

    // Time axis: the run's time, seconds from the trace start.
    const ticks = niceTicks(t0, t1, Math.max(2, Math.floor(plot / 110)));
    const label = timeTickFormatter(ticks);
    ctx.fillStyle = text;
    ctx.strokeStyle = 'rgba(128, 128, 128, 0.35)';
    ctx.beginPath();
    for (const t of ticks) {
      if (t < t0 || t > t1) continue;
      const x = xOf(t);
      ctx.moveTo(x, AXIS_H - 4);
      ctx.lineTo(x, geometry.height);
      ctx.fillText(label(t), x + 2, AXIS_H / 2);
    }
    ctx.stroke();

    el.dataset.drawn = String(drawn);
    el.dataset.view = `${t0},${t1}`;
    onFrame?.(performance.now() - started);
  }, [width, geometry, model, colours, picked, edges, onFrame]);

  const schedule = useCallback(() => {
    if (pending.current) return;
    pending.current = requestAnimationFrame(() => {
      pending.current = 0;
      draw();
    });
  }, [draw]);

  useEffect(() => {
    draw();
  }, [draw]);
  useEffect(() => () => cancelAnimationFrame(pending.current), []);

  const timeAt = (clientX: number): number => {
    const rect = canvas.current!.getBoundingClientRect();
    const { t0, t1 } = view.current;
    return t0 + ((clientX - rect.left - LABEL_W) / (rect.width - LABEL_W)) * (t1 - t0);
  };

  const setView = (t0: number, t1: number) => {
    view.current = clampView(t0, t1, model);
    schedule();
  };

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const el = canvas.current!;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const at = timeAt(e.clientX);
      const factor = Math.exp(e.deltaY * 0.002);
      const { t0, t1 } = view.current;
      setView(at - (at - t0) * factor, at + (t1 - at) * factor);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  });

  const drag = useRef<{ x: number; view: View } | null>(null);
  const onMouseDown = (e: React.MouseEvent) => {
    drag.current = { x: e.clientX, view: { ...view.current } };
  };
  const onMouseMove = (e: React.MouseEvent) => {
    const rect = canvas.current!.getBoundingClientRect();
    if (drag.current) {
      const { x, view: v } = drag.current;
      const dt = ((e.clientX - x) / (rect.width - LABEL_W)) * (v.t1 - v.t0);
      setView(v.t0 - dt, v.t1 - dt);
      setHover(null);
      return;
    }
    const y = e.clientY - rect.top;
    const li = geometry.tops.findIndex((top, i) => y >= top && y < top + LANE_H[model.lanes[i]!.kind]);
    const lane = li >= 0 ? model.lanes[li]! : null;
    // The pointer's pixel and height in the lane's painted strip: a band lane names what is painted there.
    const { t0, t1 } = view.current;
    const span = lane ? spanAt(lane, { t: timeAt(e.clientX), pixel_s: (t1 - t0) / (rect.width - LABEL_W), y: Math.min(1, (y - geometry.tops[li]!) / (LANE_H[lane.kind] - 2)) }) : -1;
    setHover(lane && span >= 0 ? { x: e.clientX - rect.left, y, lane, span } : null);
  };
  const endDrag = () => {
    drag.current = null;
  };

  return (
    <div className="drill-timeline">
      <canvas
        ref={canvas}
        data-testid="drill-canvas"
        data-lanes={model.lanes.map((l) => l.label).join(',')}
        data-slices={model.slices}
        data-syscall-holds={model.syscallHolds}
        data-kept-until={cut ?? undefined}
        style={{ width: '100%', height: geometry.height }}
        onMouseDown={onMouseDown}
        onMouseMove={onMouseMove}
        onMouseUp={endDrag}
        onMouseLeave={() => {
          endDrag();
          setHover(null);
        }}
        onDoubleClick={() => setView(model.from, model.to)}
      />
      {hover && <SpanTooltip hover={hover} window={w} />}
      {/* One legend per kind of lane: groups colour the P lanes, states the goroutine lanes. */}
      <ChartLegend title="P lanes, by goroutine group:" items={[...groupLegend(model, groupColoured, picked), ...(model.syscallHolds > 0 ? [{ label: 'in a syscall, holding the P', color: SYSCALL_COLOUR }] : [])]} />
      {hasSyscalls && <ChartLegend title="syscalls lane:" items={[{ label: "every goroutine in a syscall, holding a P or not (hover one to see which)", color: SYSCALL_COLOUR }]} />}
      <ChartLegend title="bands:" items={BAND_KINDS.slice(0, 4).map((k, i) => ({ label: k, color: BAND_COLOURS[i]! }))} />
      <ChartLegend title="goroutine lanes, by state:" items={GOROUTINE_LANE_STATES.map((s, i) => ({ label: s, color: STATE_COLOURS[i]! }))} />
      {cut !== null && (
        <p className="muted small" data-testid="drill-cut-legend">
          Hatched: past each lane's cut (the earliest at {cut.toFixed(6)} s), left out by the window query's cap (the note above); a lane is whole before its
          hatching. {readOnly ? 'A report keeps that much of a busy range; the workbench drills into any part of it.' : 'Drag fewer windows on the latency chart to see a narrower range whole.'}
        </p>
      )}
    </div>
  );
}

function SpanTooltip({ hover, window: w }: { hover: Hover; window: TraceWindow }) {
  const { lane, span } = hover;
  const g = lane.g[span]!;
  const begin = lane.begin[span]!;
  const end = lane.end[span]!;
  const stack = w.stacks[lane.stack[span]!] ?? [];
  const func = g >= 0 ? startFunc(w, g) : null;
  return (
    <div className="drill-tooltip" data-testid="drill-tooltip" style={{ left: hover.x + 12, top: hover.y + 12 }}>
      <div>
        <strong>{g >= 0 ? `goroutine ${g}` : lane.what[span]}</strong> {lane.kind === 'goroutine' && lane.what[span]}
      </div>
      {func && <div className="mono">{func}</div>}
      <div className="muted">
        {spanTimesText(begin, end, { from: w.from_s, to: w.to_s })}
        {(lane.kind === 'proc' || lane.kind === 'syscalls') && ` · ${lane.label} · ${lane.what[span]}`}
      </div>
      {stack.length > 0 && lane.stackOf[span] !== null && lane.stackOf[span] !== undefined && (
        <div className="muted" data-testid="drill-tooltip-stack-of">
          {lane.stackOf[span]! >= 0 ? `stack of goroutine ${lane.stackOf[span]}, which made it runnable` : 'stack of the goroutine that made it runnable'}
        </div>
      )}
      {stack.length > 0 && <pre className="stack">{stack.join('\n')}</pre>}
    </div>
  );
}

/** A goroutine's start function from whichever list of the window names it: its lane, a P's slice, a syscall. */
function startFunc(w: TraceWindow, g: number): string | null {
  const named = (items: ReadonlyArray<{ g: number; start_func: string }>) => items.find((x) => x.g === g && x.start_func !== '')?.start_func;
  return named(w.goroutines) ?? w.procs.map((p) => named(p.slices)).find((f) => f !== undefined) ?? named(w.syscalls) ?? null;
}

let tile: HTMLCanvasElement | null = null;

/** A small diagonal hatch, the fill of what a cap left out (made once). */
function hatchTile(): HTMLCanvasElement {
  if (tile) return tile;
  tile = document.createElement('canvas');
  tile.width = tile.height = 6;
  const c = tile.getContext('2d')!;
  c.strokeStyle = 'rgba(128, 128, 128, 0.55)';
  c.beginPath();
  c.moveTo(0, 6);
  c.lineTo(6, 0);
  c.stroke();
  return tile;
}

/** Where the earliest lane was cut; null when every lane is whole. */
function earliestCut(model: TimelineModel): number | null {
  const cut = Math.min(model.queueKeptUntil, ...model.lanes.map((l) => l.keptUntil));
  return cut < model.to ? cut : null;
}

/** The goroutine groups of the P lanes the legend names (groupColours), faded as their slices are when another group is `picked`. */
function groupLegend(model: TimelineModel, colours: GroupColour[], picked: number): Array<{ label: string; color: string }> {
  const groups = model.groups.flatMap((name, i) =>
    colours[i]!.named ? [{ label: name ? name.slice(name.lastIndexOf('/') + 1) : '(start not in range)', color: picked >= 0 && i !== picked ? FADED : colours[i]!.colour }] : [],
  );
  const more = model.groups.length - groups.length;
  if (more > 0) groups.push({ label: `+${counted(more, 'more group')} (muted colours)`, color: FADED });
  return groups;
}
