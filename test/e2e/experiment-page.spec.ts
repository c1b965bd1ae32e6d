// An experiment's statistics page on a stored experiment (test/support/experiment-fixture.ts: three
// GOMAXPROCS cells, one with only 3 runs): at a 1440 px window the table fits its box with every
// metric name in view, and the comparisons without a verdict say so, with the change they measured.
// And a comparison of single runs, which cannot give a verdict, says why.
import { Store } from '../../src/main/core/store';
import { storeExperiment } from '../support/experiment-fixture';
import { expect, test } from './fixtures';
import { storeRun } from './stored-runs';

test('the statistics table fits the page and says which comparisons have too few runs', async ({ app, gmpw, shot }) => {
  const store = Store.open(gmpw.dataDir);
  let experimentId: string;
  try {
    experimentId = storeExperiment(store);
  } finally {
    store.close();
  }
  await app.goto(`${gmpw.origin}/#/cells/${experimentId}/`);
  const table = app.getByTestId('cells-metrics');
  await expect(table.locator('tr[data-metric]').first()).toBeVisible();

  // Fits: no horizontal scrolling inside the page's 1440 px.
  const box = await table.evaluate((t) => ({ table: t.scrollWidth, box: t.parentElement!.clientWidth }));
  expect(box.table, `table ${box.table}px in a ${box.box}px box`).toBeLessThanOrEqual(box.box);
  for (const name of await table.locator('.metric-name').all()) await expect(name).toBeInViewport();

  // GOMAXPROCS=4 has 3 runs: its comparisons are untested, and the page says so above the table.
  await expect(app.getByTestId('too-few')).toContainText('comparisons have too few runs for a verdict (the smallest cell has 3 succeeded)');
  const ops = table.locator('tr[data-metric="opsPerSec"] td.verdict');
  await expect(ops.nth(1)).toHaveText(/^\+\d+\.\d\d%, untested: too few runs for a verdict \(n=6\+3; needs ≥ 4 each\)$/);
  await expect(ops.nth(1)).toHaveClass(/verdict-too-few/);
  await shot('cells');
});

test('a comparison of single runs says its deltas may be noise', async ({ app, gmpw }) => {
  const base = await storeRun(gmpw.dataDir, { result: { opsPerSec: 1000 } });
  const cand = await storeRun(gmpw.dataDir, { result: { opsPerSec: 1030 } });
  await app.goto(`${gmpw.origin}/#/compare/${base}/${cand}`);
  await expect(app.getByTestId('noise-caveat')).toBeVisible();
  await expect(app.getByTestId('noise-caveat')).toContainText('may be noise. For a verdict, repeat each configuration ≥ 4 times and compare the cells.');
});
