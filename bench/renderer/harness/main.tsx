// Benchmark harness: mounts the real renderer components (flame graph, Compare page) with synthetic
// data and a stand-in API, and exposes timing entry points to bench/renderer/run.mjs.
import { createRoot, type Root } from 'react-dom/client';
import type { CommandName, GmpwApi } from '../../../src/shared/contract';
import '../../../src/renderer/src/styles/app.css';
import { ApiProvider } from '../../../src/renderer/src/api/context';
import { FlameGraph } from '../../../src/renderer/src/flame/FlameGraph';
import { flatten, visibleFrames } from '../../../src/renderer/src/flame/layout';
import { ROW_HEIGHT } from '../../../src/renderer/src/flame/FlameCanvas';
import { ComparePage } from '../../../src/renderer/src/pages/ComparePage';
import { syntheticComparison, syntheticDiff, syntheticFlameTree, syntheticWindow } from './synthetic';
import { DrillTimeline } from '../../../src/renderer/src/drilldown/DrillTimeline';
import { timelineModel, type TimelineModel } from '../../../src/renderer/src/drilldown/timeline-model';
import { windowFacts } from '../../../src/main/core/read-side/window-facts';
import type { TraceWindow } from '../../../src/shared/trace-window';
import { LatencyCdfChart, LatencyHistogramChart } from '../../../src/renderer/src/charts/LatencyCharts';
import { ScalingChart } from '../../../src/renderer/src/charts/ScalingChart';
import { scalingPoints } from '../../../src/renderer/src/charts/scaling';
import { MetricsTable } from '../../../src/renderer/src/pages/compare/MetricsTable';
import { DiffFlameGraph } from '../../../src/renderer/src/flame/DiffFlameGraph';

const container = document.getElementById('root')!;
let root: Root | null = null;

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
/** Waits until `ready()` holds (checked every frame), then two more frames: the result is on screen. */
async function settled(ready: () => boolean): Promise<number> {
  while (!ready()) await frame();
  await frame();
  await frame();
  return performance.now();
}

/**
 * A fresh root, after the previous one's teardown has run and its garbage was collected (Chromium
 * runs with --expose-gc), so no iteration pays for the one before.
 */
async function remount(): Promise<Root> {
  root?.unmount();
  await frame();
  await frame();
  (window as unknown as { gc?: () => void }).gc?.();
  root = createRoot(container);
  return root;
}

let timeline: { window: TraceWindow; model: TimelineModel } | null = null;
/** Draw times of the drill-down timeline's frames since the last takeFrames(). */
let frames: number[] = [];

const inertApi: GmpwApi = { invoke: () => new Promise(() => undefined), subscribe: () => () => undefined };
let tree = syntheticFlameTree(10);

const bench = {
  /** Builds the window and the timeline's lane arrays outside the timing; returns the slice count. */
  prepareTimeline(slices: number, seed: number): number {
    const window = syntheticWindow(slices, 8, seed);
    timeline = { window, model: timelineModel(window, windowFacts(window)) };
    return timeline.model.slices;
  },
  /** Mounts the drill-down timeline (edges on) and resolves once its first frame is drawn. */
  async mountTimeline(): Promise<void> {
    const r = await remount();
    frames = [];
    r.render(<DrillTimeline model={timeline!.model} window={timeline!.window} showEdges onFrame={(ms) => frames.push(ms)} />);
    await settled(() => frames.length > 0);
  },
  /** The timeline canvas's box in page coordinates, for the mouse. */
  timelineBox(): { x: number; y: number; width: number; height: number } {
    const r = document.querySelector('[data-testid=drill-canvas]')!.getBoundingClientRect();
    return { x: r.left, y: r.top, width: r.width, height: r.height };
  },
  /** Resolves after the next animation frame (a wheel or drag step is drawn in one). */
  nextFrame: () => frame().then(() => frame()),
  /** The frames drawn since the last call, and what the last one drew. */
  takeFrames(): { ms: number[]; drawn: number; view: string } {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=drill-canvas]')!;
    const out = { ms: frames, drawn: Number(canvas.dataset.drawn), view: canvas.dataset.view ?? '' };
    frames = [];
    return out;
  },
  /** Generates the tree outside the timing; returns its node count. */
  prepareFlame(size: number, seed: number): number {
    tree = syntheticFlameTree(size, seed);
    return tree.nodes.length;
  },
  /** From handing the tree to React until two frames after the canvas was drawn. */
  async drawFlame(): Promise<number> {
    const r = await remount();
    const t0 = performance.now();
    r.render(
      <ApiProvider api={inertApi}>
        <FlameGraph tree={tree} />
      </ApiProvider>,
    );
    const t1 = await settled(() => !!document.querySelector<HTMLCanvasElement>('[data-testid=flame-canvas]')?.dataset.drawn);
    return t1 - t0;
  },
  /** Page coordinates of the centre of the widest frame at `depth` in the unzoomed graph (icicle). */
  framePoint(depth: number): { x: number; y: number; name: string } {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=flame-canvas]')!;
    const rect = canvas.getBoundingClientRect();
    const flat = flatten(tree.nodes, (i) => tree.nodes[i].total);
    const frames = visibleFrames(flat, 0, rect.width);
    let best = -1;
    for (let k = 0; k < frames.count; k++) if (flat.depth[frames.pos[k]] === depth && (best < 0 || frames.w[k] > frames.w[best])) best = k;
    if (best < 0) throw new Error(`no frame at depth ${depth}`);
    return { x: rect.left + frames.x[best] + frames.w[best] / 2, y: rect.top + depth * ROW_HEIGHT + ROW_HEIGHT / 2, name: flat.names[frames.pos[best]] };
  },
  /** Arms a timer started by the next click on the flame canvas and stopped two frames later. */
  armClickTimer(): void {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=flame-canvas]')!;
    (window as unknown as { clickTiming: Promise<number> }).clickTiming = new Promise((resolve) => {
      canvas.addEventListener(
        'click',
        () => {
          const t0 = performance.now();
          void settled(() => true).then((t1) => resolve(t1 - t0));
        },
        { once: true, capture: true },
      );
    });
  },
  /** One part of the Compare page alone, for a breakdown of where its time goes. */
  async drawComparePart(part: 'cdf' | 'histogram' | 'scaling' | 'metrics' | 'diff', runs: number): Promise<number> {
    const c = syntheticComparison(runs);
    const details = [c.baseline, ...c.candidates];
    const series = details.map((d, i) => ({ name: `run ${i}`, hist: d.analysis!.sched_latency.all }));
    const diff = syntheticDiff(syntheticFlameTree(20_000, 7));
    const views = {
      cdf: [<LatencyCdfChart series={series} />, () => document.querySelectorAll('[data-testid=latency-cdf] .recharts-line').length === runs],
      histogram: [<LatencyHistogramChart series={series} />, () => document.querySelectorAll('[data-testid=latency-histogram] :is(.recharts-bar, .recharts-line)').length === runs],
      scaling: [<ScalingChart points={scalingPoints(details.map((d) => ({ gomaxprocs: d.provenance!.gomaxprocs, opsPerSec: d.run.opsPerSec, schedP99: d.run.schedP99 })))} schedSource="exact" />, () => !!document.querySelector('[data-testid=scaling-chart] .recharts-line')],
      metrics: [<MetricsTable metrics={c.metrics} names={details.map((_, i) => `run ${i}`)} />, () => !!document.querySelector('[data-testid=compare-metrics] tbody tr')],
      diff: [<DiffFlameGraph diff={diff} baseName="a" candName="b" />, () => !!document.querySelector<HTMLCanvasElement>('[data-testid=diff-flame-canvas]')?.dataset.drawn],
    } as const;
    const [element, ready] = views[part];
    const r = await remount();
    const t0 = performance.now();
    r.render(<ApiProvider api={inertApi}>{element}</ApiProvider>);
    return (await settled(ready)) - t0;
  },
  /** From the comparison's data arriving until every chart, the table and the diff flame graph are drawn. */
  async drawCompare(runs: number, withDiff = true): Promise<number> {
    const comparison = syntheticComparison(runs);
    if (!withDiff) comparison.commonProfiles = [];
    const diff = syntheticDiff(syntheticFlameTree(20_000, 7));
    let t0 = 0;
    const api: GmpwApi = {
      invoke: ((name: CommandName) => {
        if (name === 'compare.runs') {
          t0 = performance.now();
          return Promise.resolve(comparison);
        }
        if (name === 'compare.diffFlame') return Promise.resolve(diff);
        return new Promise(() => undefined);
      }) as GmpwApi['invoke'],
      subscribe: () => () => undefined,
    };
    (await remount()).render(
      <ApiProvider api={api}>
        <ComparePage baseline="run-0" candidates={comparison.candidates.map((c) => c.run.id)} />
      </ApiProvider>,
    );
    const t1 = await settled(
      () =>
        document.querySelectorAll('[data-testid=latency-cdf] .recharts-line').length === runs &&
        document.querySelectorAll('[data-testid=latency-histogram] :is(.recharts-bar, .recharts-line)').length === runs &&
        document.querySelectorAll('[data-testid=compare-metrics] tbody tr').length === comparison.metrics.length &&
        !!document.querySelector('[data-testid=scaling-chart] .recharts-line') &&
        (!withDiff || !!document.querySelector<HTMLCanvasElement>('[data-testid=diff-flame-canvas]')?.dataset.drawn),
    );
    return t1 - t0;
  },
};

(window as unknown as { bench: typeof bench }).bench = bench;
document.title = 'ready';
