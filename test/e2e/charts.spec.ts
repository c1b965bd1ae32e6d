// The run page's charts and the history's columns on a stored run with a known metrics series: one
// GC pause in the whole run, a scheduler-latency tail 1000× its body, a 0.55 s measured window.
// The same series without its GC pause, on the Run page and in its exported report.
import { writeFileSync } from 'node:fs';
import type { MetricsTick } from '../../src/shared/domain';
import { histogram } from '../support/store-fixtures';
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
