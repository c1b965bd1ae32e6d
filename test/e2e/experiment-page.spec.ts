// An experiment's statistics page on a stored experiment (test/support/experiment-fixture.ts' three
// GOMAXPROCS cells, one with only 2 runs, and a fourth): at a 1440 px window the table fits its box with every
// metric name in view, and the comparisons without a verdict say so, with the change they measured.
// And a comparison of single runs, which cannot give a verdict, says why; the charts are drawn at
// their full width from their first frame, and follow the window.
import { Store } from '../../src/main/core/store';
import { cellName, GRID, storeExperiment } from '../support/experiment-fixture';
import { call } from './api-call';
import { harnessResult, runConfig } from '../support/store-fixtures';
import { expect, test } from './fixtures';
import { storeRun } from './stored-runs';
import { watchFirstPaint } from './chart-first-paint';

test('the statistics table fits the page and says which comparisons have too few runs', async ({ app, gmpw, shot }) => {
  const store = Store.open(gmpw.dataDir);
  let experimentId: string;
  try {
    // Four cells, as a 2 × 2 grid has: three candidates of two columns each beside the baseline.
    experimentId = storeExperiment(store, [...GRID, { procs: 8, ops: [1700, 1690, 1720, 1710, 1705, 1698] }]);
  } finally {
    store.close();
  }
  await app.goto(`${gmpw.origin}/#/cells/${experimentId}/`);
  const table = app.getByTestId('cells-metrics');
  await expect(table.locator('tr[data-metric]').first()).toBeVisible();

  // Fits: no horizontal scrolling inside the page's 1440 px.
  const box = await table.evaluate((t) => ({ table: t.scrollWidth, box: t.parentElement!.clientWidth }));
  expect(box.table, `table ${box.table}px in a ${box.box}px box`).toBeLessThanOrEqual(box.box);
  // Every metric name lies within the window's width (not scrolled off to the side).
  for (const name of await table.locator('.metric-name').all()) {
    const at = (await name.boundingBox())!;
    expect(at.x >= 0 && at.x + at.width <= 1440, `${await name.textContent()} at x=${at.x}`).toBe(true);
  }

  // GOMAXPROCS=4 has 2 runs against 6: its comparisons are untested, and the page says so above the table.
  const comparison = await call(app, 'compare.cells', { baseline: { experimentId, cell: cellName(1) } });
  const verdicts = comparison.metrics.flatMap((m) => m.candidates.map((c) => c.verdict.outcome));
  const [tooFew, measured] = [verdicts.filter((o) => o === 'too-few').length, verdicts.filter((o) => o !== 'not-run').length];
  expect(tooFew).toBeGreaterThan(0);
  await expect(app.getByTestId('too-few')).toContainText(`${tooFew} of the ${measured} comparisons of metrics measured in both cells have too few runs for a verdict (as few as 2 runs with a value in a cell)`);
  const opsVerdicts = table.locator('tr[data-metric="opsPerSec"] td.verdict');
  // The change on its line, "untested" and the sample sizes under it, benchstat's wording on hover.
  await expect(opsVerdicts.nth(1)).toHaveText(/^\+\d+\.\d\d%untested, n=6\+2$/);
  await expect(opsVerdicts.nth(1)).toHaveAttribute('title', /^\+\d+\.\d\d%, untested: too few runs for a verdict \(n=6\+2\)$/);
  // The columns name what tells the cells apart; what all share is said once.
  await expect(app.getByTestId('cells-shared')).toHaveText('Every cell: concurrency=8');
  await expect(table.locator('thead tr').first().locator('th').nth(2)).toHaveText('GOMAXPROCS=2');
  await expect(opsVerdicts.nth(1)).toHaveClass(/verdict-too-few/);

  // Charts: every metric against GOMAXPROCS, a median per cell, a CI band where a cell has 6 runs.
  const charts = app.getByTestId('experiment-chart');
  await expect(charts).toHaveCount(await table.locator('tr[data-metric]').count());
  const ops = app.locator('[data-testid="experiment-chart"][data-metric="opsPerSec"]');
  await expect(ops.locator('figcaption')).toContainText('Throughput against GOMAXPROCS');
  await expect(ops.locator('.recharts-line-dot')).toHaveCount(4);
  await expect(ops.locator('.recharts-area-area')).toHaveCount(1);
  await expect(ops.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value')).toHaveText(['1', '2', '4', '8']);
  // A log scale for cells orders of magnitude apart: decades on the axis, every median still drawn.
  await ops.getByLabel('log scale').check();
  await expect(ops.locator('.chart')).toHaveAttribute('data-scale', 'log');
  await expect(ops.locator('.recharts-line-dot')).toHaveCount(4);
  const decades = await ops.locator('.recharts-yAxis .recharts-cartesian-axis-tick').count();
  expect(decades).toBeGreaterThanOrEqual(2);
  await ops.getByLabel('log scale').uncheck();
  await expect(ops.locator('.chart')).toHaveAttribute('data-scale', 'linear');
  await shot('cells');

  // Printed (a report is printed as often as it is read): at 700 px the table still fits the page.
  await app.setViewportSize({ width: 700, height: 1000 });
  await app.emulateMedia({ media: 'print' });
  const printed = await table.evaluate((t) => ({ right: t.getBoundingClientRect().right, page: document.documentElement.clientWidth }));
  expect(printed.right, `table's right edge ${printed.right}px on a ${printed.page}px page`).toBeLessThanOrEqual(printed.page + 1);
  // The pickers print as their choices; the benchmark-format box, which needs a click, does not print.
  await expect(app.getByTestId('cells-baseline')).toBeVisible();
  await expect(app.getByTestId('benchfmt-export')).toBeHidden();
  await shot('cells-print');
});

test('a comparison of single runs says its deltas may be noise', async ({ app, gmpw }) => {
  const base = await storeRun(gmpw.dataDir, { result: { opsPerSec: 1000 } });
  const cand = await storeRun(gmpw.dataDir, { result: { opsPerSec: 1030 } });
  await app.goto(`${gmpw.origin}/#/compare/${base}/${cand}`);
  await expect(app.getByTestId('noise-caveat')).toBeVisible();
  await expect(app.getByTestId('noise-caveat')).toContainText('may be noise. For a verdict, repeat each configuration ≥ 4 times and compare the cells.');
});

test("a comparison offers its experiment's cells only when every run is of that experiment", async ({ app, gmpw }) => {
  const store = Store.open(gmpw.dataDir);
  const ids: Record<string, string> = {};
  let first: string;
  try {
    first = store.createExperiment('one', {});
    const second = store.createExperiment('two', {});
    for (const [name, experimentId, procs] of [['a', first, 1], ['b', first, 2], ['c', second, 1]] as const) {
      const config = runConfig({ gomaxprocs: procs });
      const id = (ids[name] = store.createRun({ config, experimentId, cell: `GOMAXPROCS=${procs} #1` }));
      store.transition(id, 'running');
      store.saveResult(id, harnessResult({ opsPerSec: 1000, gomaxprocs: procs }, config));
      store.transition(id, 'succeeded', { exitCode: 0 });
    }
  } finally {
    store.close();
  }
  const link = app.getByRole('link', { name: /^Compare the cells of experiment/ });
  await app.goto(`${gmpw.origin}/#/compare/${ids.a}/${ids.b}`);
  await expect(link).toHaveText(`Compare the cells of experiment ${first!} with statistics`);
  // The candidate is of another experiment: the baseline's cells are not this comparison's.
  await app.goto(`${gmpw.origin}/#/compare/${ids.a}/${ids.c}`);
  await expect(app.getByTestId('compare-page')).toBeVisible();
  await expect(app.getByTestId('noise-caveat')).toBeVisible();
  await expect(link).toHaveCount(0);
});

test('the charts take the x axis the reader picks; the other dimension draws the lines', async ({ app, gmpw }) => {
  const store = Store.open(gmpw.dataDir);
  let experimentId: string;
  try {
    // A 2 × 2 grid, GOMAXPROCS × concurrency, a run per cell.
    experimentId = store.createExperiment('2x2', {});
    for (const procs of [1, 2]) {
      for (const concurrency of [4, 8]) {
        const config = runConfig({ gomaxprocs: procs, concurrency });
        const id = store.createRun({ config, experimentId, cell: `GOMAXPROCS=${procs} concurrency=${concurrency} #1` });
        store.transition(id, 'running');
        store.transition(id, 'succeeded', { exitCode: 0 });
        store.saveResult(id, harnessResult({ opsPerSec: 1000 * procs + concurrency, gomaxprocs: procs, wallS: 1 }, config));
      }
    }
  } finally {
    store.close();
  }
  await app.goto(`${gmpw.origin}/#/cells/${experimentId}/`);
  const ops = app.locator('[data-testid="experiment-chart"][data-metric="opsPerSec"]');
  const ticks = ops.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value');
  await expect(ops.locator('figcaption')).toContainText('Throughput against GOMAXPROCS');
  await expect(ticks).toHaveText(['1', '2']);
  await expect(ops.getByRole('list')).toHaveText(/concurrency=4\s*concurrency=8/);
  await app.getByTestId('experiment-x').selectOption('concurrency');
  await expect(ops.locator('figcaption')).toContainText('Throughput against concurrency');
  await expect(ticks).toHaveText(['4', '8']);
  await expect(ops.getByRole('list')).toHaveText(/GOMAXPROCS=1\s*GOMAXPROCS=2/);
});

test('the charts are painted at their full width from their first frame', async ({ app, gmpw }) => {
  const store = Store.open(gmpw.dataDir);
  let experimentId: string;
  try {
    experimentId = storeExperiment(store, GRID);
  } finally {
    store.close();
  }
  const firstPaints = await watchFirstPaint(app, '[data-testid="experiment-chart"] .chart');
  // A page loaded afresh (the token stays in the tab's session storage), as the app opens it.
  await app.goto(`${gmpw.origin}/#/cells/${experimentId}/`);
  await app.reload();
  const charts = app.getByTestId('experiment-chart');
  await expect(charts.first().locator('svg.recharts-surface')).toBeVisible();
  const painted = await firstPaints();
  expect(painted).toHaveLength(await charts.count());
  // Its box's width, to the pixel ResponsiveContainer rounds it to (0: an empty box was painted first).
  for (const p of painted) expect(Math.abs(p.svg - p.boxNow), `first frame ${JSON.stringify(p)}`).toBeLessThanOrEqual(2);
  // And they follow their boxes as the window grows (two columns) and shrinks again (three).
  const ops = app.locator('[data-testid="experiment-chart"][data-metric="opsPerSec"] .chart');
  const widths = () => ops.evaluate((box) => ({ box: Math.round(box.getBoundingClientRect().width), svg: Math.round(box.querySelector('svg.recharts-surface')!.getBoundingClientRect().width) }));
  const threeColumns = await widths();
  await app.setViewportSize({ width: 1300, height: 900 });
  const followed = async () => {
    const w = await widths();
    return w.box > threeColumns.box + 100 && Math.abs(w.svg - w.box) <= 1;
  };
  await expect.poll(followed).toBe(true);
  await app.setViewportSize({ width: 1440, height: 900 });
  await expect.poll(widths).toEqual(threeColumns);
});
