// The run page's charts and the history's columns on a stored run with a known metrics series: one
// GC pause in the whole run, a scheduler-latency tail 1000× its body, a 0.55 s measured window.
// The same series without its GC pause, on the Run page and in its exported report. With a stored
// trace analysis beside it: the plots of the run-time charts line up, and the timelines' stop-the-world
// lines and the trace's GOMAXPROCS changes are named on hover.
import { writeFileSync } from 'node:fs';
import { formatDuration } from '../../src/renderer/src/format';
import { SETTING_CHANGE_COLOR } from '../../src/renderer/src/charts/palette';
import { traceChangesSource, traceGomaxprocsChangeText, traceGomaxprocsChanges } from '../../src/shared/gomaxprocs';
import { STW_LINES } from '../../src/shared/stw';
import type { MetricsTick } from '../../src/shared/domain';
import { histogram, traceAnalysis } from '../support/store-fixtures';
import { call } from './api-call';
import { expect, test } from './fixtures';
import { storeRun } from './stored-runs';

const SCHED = '/sched/latencies:seconds';
const GC = '/sched/pauses/total/gc:seconds';
const { unit, count, bins } = histogram([1e-6]);
const oneSample = (seconds: number) => ({ ...histogram([seconds]), p50: undefined });

/** 12 ticks 50 ms apart; tick 6 has the run's only GC pause (741 µs, unless `gcPause` is false) and a 5 ms scheduling delay. */
function ticks(gcPause = true): MetricsTick[] {
  return Array.from({ length: 12 }, (_, i) => {
    const sched = i === 6 ? oneSample(5e-3) : { unit, count, bins };
    return {
      t: 0.05 * i,
      phase: 'measure',
      ops: 1000 * i,
      gauges: { '/sched/goroutines:goroutines': 10 },
      hist: { [SCHED]: { unit: sched.unit, count: sched.count, bins: sched.bins }, ...(i === 6 && gcPause ? { [GC]: { unit: 's', count: 1, bins: oneSample(7.41e-4).bins } } : {}) },
    } satisfies MetricsTick;
  });
}

/** A 0.6 s trace in 100 ms windows, one of which spikes; a GC stops the world twice at 0.3 s, 0.4 ms apart, the harness once at 0.45 s. */
function analysis() {
  const base = traceAnalysis([1e-6, 2e-6]);
  const windows = Array.from({ length: 6 }, (_, i) => ({ t: 0.1 * i, count: 2, p99: i === 3 ? 4e-3 : 2e-6, max: i === 3 ? 4e-3 : 2e-6, spike: i === 3 }));
  return {
    ...base,
    meta: { ...base.meta, duration_s: 0.6, window_s: 0.1 },
    windows,
    goroutines: windows.map(({ t }) => ({ t, running: 2, runnable: 1, waiting: 3, syscall: 0 })),
    procs: [{ p: 0, util: windows.map(() => 0.9) }],
    stw: [
      { t: 0.3, duration_s: 1.2e-4, reason: 'stop-the-world (GC sweep termination)' },
      { t: 0.3004, duration_s: 3.1e-4, reason: 'stop-the-world (GC mark termination)' },
      { t: 0.45, duration_s: 2.5e-5, reason: 'stop-the-world (goroutine profile)' },
    ],
  };
}

test('charts show a single GC pause, a latency tail on a log scale, distinct ticks and their units', async ({ app, gmpw, shot }) => {
  const id = await storeRun(gmpw.dataDir, { ticks: ticks() });
  await app.goto(`${gmpw.origin}/#/run/${id}`);

  // A tick's row spans the time since the tick before it: hovered in its middle, the tooltip names
  // that interval, and the goroutine counts as read at its end (tick 6, read at 0.300 s).
  const hoverAt = async (chart: string, t: number) => {
    await app.getByTestId(chart).scrollIntoViewIfNeeded();
    const grid = (await app.getByTestId(chart).locator('.recharts-cartesian-grid').boundingBox())!;
    await app.mouse.move(grid.x + (t / 0.55) * grid.width, grid.y + grid.height / 2);
    return app.getByTestId(chart).locator('.recharts-tooltip-wrapper');
  };
  await expect(await hoverAt('chart-goroutines', 0.29)).toContainText('read at 0.300 s (the end of the tick from 0.250 s)');
  await expect(await hoverAt('chart-sched-p99', 0.26)).toContainText('0.250–0.300 s');
  await expect(await hoverAt('chart-sched-p99', 0.26)).toContainText('p99 : 5');
  await app.mouse.move(0, 0);

  // The single pause is a visible mark, not a line that needs two points.
  const gc = app.getByTestId('chart-gc');
  await expect(gc.locator('.recharts-line-dot')).toHaveCount(1);

  // Each tick's sampled p99 is a dot of its own: no line drawn across ticks without samples.
  await expect.poll(async () => app.getByTestId('chart-sched-p99').locator('.recharts-line-dot').count()).toBeGreaterThanOrEqual(10);

  // Tick labels: none repeats, on either axis of any tick chart.
  for (const chart of ['chart-goroutines', 'chart-sched-p99', 'chart-ops', 'chart-gc']) {
    for (const axis of ['xAxis', 'yAxis']) {
      const labels = await app.getByTestId(chart).locator(`.recharts-${axis}-tick-labels .recharts-cartesian-axis-tick-value`).allTextContents();
      expect(labels.length, `${chart} ${axis}`).toBeGreaterThan(1);
      expect(new Set(labels).size, `${chart} ${axis}: ${labels.join(' ')}`).toBe(labels.length);
    }
  }
  await expect(app.getByTestId('chart-ops').locator('.axis-unit')).toHaveText('ops/s');

  // Log scale for a latency axis: decades from the body (~1 µs) to the tail (5 ms).
  const sched = app.getByTestId('chart-sched-p99');
  await sched.getByLabel('log scale').check();
  await expect(sched).toHaveAttribute('data-scale', 'log');
  const decades = await sched.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents();
  expect(decades.length).toBeGreaterThanOrEqual(4);

  // Headings keep the case they were written in (Go identifiers among them).
  const transformed = await app.locator('h1, h2, h3, h4, figcaption, th').evaluateAll((els) => els.filter((e) => getComputedStyle(e).textTransform !== 'none').map((e) => e.textContent));
  expect(transformed).toEqual([]);
  await shot('run-charts');

  // The history's sched p50 and p99 say where they come from (no trace here: the runtime's sample).
  await app.goto(`${gmpw.origin}/#/runs`);
  await expect(app.locator(`tr[data-run-id="${id}"] .sched-source`)).toHaveText(['sampled', 'sampled']);
});

test('a run without GC pauses says so where their chart would be, with no axis for none, on its page and in its report', async ({ app, gmpw, browser }, testInfo) => {
  const id = await storeRun(gmpw.dataDir, { ticks: ticks(false) });
  const noPause = async (page: typeof app) => {
    const gc = page.getByTestId('chart-gc');
    await expect(gc).toHaveText('No GC paused the program in these ticks.');
    // An axis around no data read as a measurement: 0 to 1.00 s of pauses.
    await expect(gc.locator('svg')).toHaveCount(0);
    await expect(gc.getByLabel('log scale')).toHaveCount(0);
    // The other tick charts still draw theirs.
    await expect(page.getByTestId('chart-ops').locator('.recharts-yAxis')).toHaveCount(1);
  };
  await app.goto(`${gmpw.origin}/#/run/${id}`);
  await noPause(app);

  const report = await call(app, 'report.export', { runIds: [id] });
  const file = testInfo.outputPath(report.fileName);
  writeFileSync(file, report.html);
  const context = await browser.newContext();
  try {
    const reader = await context.newPage();
    await reader.goto(`file://${file}`);
    await noPause(reader);
  } finally {
    await context.close();
  }
});

test('stacked run-time charts start and end their plots at the same x, with or without a unit beside the y axis', async ({ app, gmpw }) => {
  const id = await storeRun(gmpw.dataDir, { ticks: ticks(), analysis: analysis() });
  await app.goto(`${gmpw.origin}/#/run/${id}`);
  // The tick charts (Throughput has a unit, ops/s, written beside its axis) and the trace's timelines.
  const charts = ['chart-goroutines', 'chart-sched-p99', 'chart-ops', 'chart-gc', 'trace-goroutines', 'trace-windows'];
  const insets: Array<{ chart: string; left: number; right: number }> = [];
  for (const chart of charts) {
    const box = (await app.getByTestId(chart).boundingBox())!;
    const plot = (await app.getByTestId(chart).locator('.recharts-cartesian-grid').boundingBox())!;
    insets.push({ chart, left: Math.round(plot.x - box.x), right: Math.round(box.x + box.width - (plot.x + plot.width)) });
  }
  // Each chart's plot is as far in from its box's edges as every other's: one moment at one x down a column.
  expect(insets).toEqual(charts.map((chart) => ({ chart, left: insets[0]!.left, right: insets[0]!.right })));
  // In two columns (a narrower window), Throughput sits under Goroutines: the same moment at the same x.
  await app.setViewportSize({ width: 1100, height: 900 });
  const plotOf = async (chart: string) => (await app.getByTestId(chart).locator('.recharts-cartesian-grid').boundingBox())!;
  // Polled: the charts follow the new width a frame or so after the window's.
  await expect
    .poll(async () => {
      const [goroutines, ops] = [await plotOf('chart-goroutines'), await plotOf('chart-ops')];
      return { under: ops.y > goroutines.y + goroutines.height, x: Math.round(ops.x - goroutines.x), width: Math.round(ops.width - goroutines.width) };
    })
    .toEqual({ under: true, x: 0, width: 0 });
});

test('hovering a stop-the-world line names the pause: what stopped the world, for how long, and when', async ({ app, gmpw }) => {
  const trace = analysis();
  const id = await storeRun(gmpw.dataDir, { ticks: ticks(), analysis: trace });
  await app.goto(`${gmpw.origin}/#/run/${id}`);
  const [sweep, mark, profile] = trace.stw.map((p) => `${p.reason}: ${formatDuration(p.duration_s)} at ${p.t.toFixed(4)} s`);
  // On the latency chart; the goroutines' stacked bands are drawn without them (hundreds of lines hid the bands).
  await expect(app.getByTestId('trace-goroutines').locator('.recharts-reference-line')).toHaveCount(0);
  await expect(app.getByTestId('trace-windows').locator('.recharts-reference-line')).toHaveCount(trace.stw.length);
  const chart = 'trace-windows';
  await app.getByTestId(chart).scrollIntoViewIfNeeded();
  const plot = (await app.getByTestId(chart).locator('.recharts-cartesian-grid').boundingBox())!;
  const moveTo = (t: number, px = 0) => app.mouse.move(plot.x + (t / trace.meta.duration_s) * plot.width + px, plot.y + plot.height / 2);
  const items = app.getByTestId(chart).locator('.recharts-tooltip-item-value');
  // A line is a pixel wide: 2 px beside it is still on it.
  await moveTo(0.45, 2);
  await expect(items.filter({ hasText: 'stop-the-world' }), chart).toHaveText([profile]);
  // The GC's two pauses, 0.4 ms apart, share a pixel: both are named, in time order.
  await moveTo(0.3002);
  await expect(items.filter({ hasText: 'stop-the-world' }), chart).toHaveText([sweep, mark]);
  // Between the lines, the window's own values and no pause.
  await moveTo(0.38);
  await expect(app.getByTestId(chart).locator('.recharts-tooltip-label'), chart).toContainText('0.400');
  await expect(items.filter({ hasText: 'stop-the-world' }), chart).toHaveCount(0);
});

test('a run that paused hundreds of times draws its longest pauses, and says how many there were', async ({ app, gmpw }) => {
  const base = analysis();
  // 300 GC pauses in 0.6 s, one of them 3.68 ms long.
  const stw = Array.from({ length: 300 }, (_, i) => ({ t: i * 0.002, duration_s: i === 150 ? 3.68e-3 : 2e-5 + (i % 9) * 1e-5, reason: 'stop-the-world (GC mark termination)' }));
  const id = await storeRun(gmpw.dataDir, { ticks: ticks(), analysis: { ...base, stw } });
  await app.goto(`${gmpw.origin}/#/run/${id}`);
  const chart = app.getByTestId('trace-windows');
  await expect(chart.locator('.recharts-reference-line')).toHaveCount(STW_LINES);
  await expect(chart.locator('xpath=..').locator('figcaption')).toContainText(`grey dashed upright lines are the ${STW_LINES} longest of the 300 STW pauses`);
  await expect(app.getByTestId('trace-totals')).toContainText('300 (longest 3.68 ms)');
});

test("the trace's GOMAXPROCS changes are drawn at their exact times on the latency chart and listed beside the value", async ({ app, gmpw }) => {
  const base = analysis();
  const trace = { ...base, meta: { ...base.meta, gomaxprocs: [{ t: 0, n: 2 }, { t: 0.2, n: 4 }, { t: 0.52, n: 2 }] } };
  const changes = traceGomaxprocsChanges(trace.meta.gomaxprocs);
  const id = await storeRun(gmpw.dataDir, { ticks: ticks(), analysis: trace });
  await app.goto(`${gmpw.origin}/#/run/${id}`);
  // Beside the GOMAXPROCS in force, at the trace's own times, with the clock they are on.
  await expect(app.getByTestId('gomaxprocs-trace-changes').locator('li')).toHaveText(changes.map(traceGomaxprocsChangeText));
  const { source, clock } = traceChangesSource((await call(app, 'runs.get', { id })).analysedTrace);
  await expect(app.getByTestId('gomaxprocs-trace-clock')).toHaveText(`In ${source} (${clock}):`);
  // On the latency chart, beside the pauses, in their own colour, named in the legend and the caption.
  const chart = app.getByTestId('trace-windows');
  await expect(chart.locator('.recharts-reference-line')).toHaveCount(trace.stw.length + changes.length);
  await expect(chart.locator(`.recharts-reference-line line[stroke="${SETTING_CHANGE_COLOR}"]`)).toHaveCount(changes.length);
  await expect(chart.locator('.chart-legend')).toContainText('GOMAXPROCS change');
  await expect(chart.locator('xpath=..').locator('figcaption')).toContainText("solid purple lines the trace's 2 GOMAXPROCS changes");
  await chart.scrollIntoViewIfNeeded();
  const plot = (await chart.locator('.recharts-cartesian-grid').boundingBox())!;
  await app.mouse.move(plot.x + (0.2 / trace.meta.duration_s) * plot.width + 1, plot.y + plot.height / 2);
  await expect(chart.locator('.recharts-tooltip-item-value').filter({ hasText: 'GOMAXPROCS' })).toHaveText([`GOMAXPROCS ${traceGomaxprocsChangeText(changes[0]!)}`]);
});

test("a last window the trace's end cut short is neither drawn nor judged, and the caption says so with its figures", async ({ app, gmpw }) => {
  const base = analysis();
  // The trace ends 20 ms into a seventh window, whose few waits reached 23 ms: the shutdown.
  const windows = [...base.windows, { t: 0.6, count: 132, p99: 0.023, max: 0.03, spike: false }];
  const id = await storeRun(gmpw.dataDir, { ticks: ticks(), analysis: { ...base, meta: { ...base.meta, duration_s: 0.62 }, windows } });
  await app.goto(`${gmpw.origin}/#/run/${id}`);
  const chart = app.getByTestId('trace-windows');
  await expect(chart.locator('xpath=..').getByTestId('cut-last-window')).toHaveText(
    `· neither drawn nor judged: the last window, 0.600–0.620 s, which the trace's end cut to 20.0 ms (132 waits, p99 23.0 ms: the trace's last moments)`,
  );
  // The window before it still ends at 0.6 s, and hovering the cut one names its span and no value.
  await chart.scrollIntoViewIfNeeded();
  const plot = (await chart.locator('.recharts-cartesian-grid').boundingBox())!;
  const tooltip = chart.locator('.recharts-tooltip-wrapper');
  await app.mouse.move(plot.x + (0.55 / 0.62) * plot.width, plot.y + plot.height / 2);
  await expect(tooltip).toContainText('0.500–0.600 s');
  await app.mouse.move(plot.x + (0.61 / 0.62) * plot.width, plot.y + plot.height / 2);
  await expect(tooltip).toContainText('0.600–0.620 s');
  await expect(tooltip).not.toContainText('23.0 ms');
  // The axis is the judged windows' (the spike of 4 ms at most), not the shutdown's 23 ms.
  const yTicks = await chart.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents();
  expect(yTicks.at(-1)).toMatch(/^[45](\.0+)? ms$/);
});

test("a tick the harness's sampler read late is said beside the charts, with the stretch it covers", async ({ app, gmpw }) => {
  // The ticks 50 ms apart, but none from 0.35 s to 0.85 s: a starved sampler's.
  const late = ticks().map((tick, i) => (i >= 8 ? { ...tick, t: tick.t + 0.45 } : tick));
  const id = await storeRun(gmpw.dataDir, { ticks: late });
  await app.goto(`${gmpw.origin}/#/run/${id}`);
  await expect(app.getByTestId('late-ticks')).toHaveText(
    "The harness's sampler read a tick late: none from 0.350 to 0.850 s (10.0 of its periods). It is a goroutine like the program's and did not run meanwhile (it waited for a P, or the whole process for a CPU); such a tick's values cover its whole stretch, drawn as one step.",
  );
  // Ticks on time: nothing said.
  const onTime = await storeRun(gmpw.dataDir, { ticks: ticks() });
  await app.goto(`${gmpw.origin}/#/run/${onTime}`);
  await expect(app.getByTestId('chart-goroutines')).toBeVisible();
  await expect(app.getByTestId('late-ticks')).toHaveCount(0);
});
