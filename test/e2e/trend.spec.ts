// The Run page's history of its setup, on runs stored straight into the server's history: the runs
// configured alike in order, a dashed mark where the Go build changed, benchstat's test of the
// latest 5 against the 5 before, a metric picked, and a dot that opens its run.
import { expect, test } from './fixtures';
import { Store } from '../../src/main/core/store';
import { runConfig } from '../support/store-fixtures';
import { storeRun } from './stored-runs';

test("a run's page follows its setup over time and says when the latest runs differ", async ({ app, gmpw, shot }) => {
  // Concurrency 13: no other spec of this worker stores runs of this setup.
  const config = { gomaxprocs: 2, concurrency: 13 };
  const before: string[] = [];
  for (const opsPerSec of [1000, 1010, 990, 1005, 995]) before.push(await storeRun(gmpw.dataDir, { config, result: { opsPerSec, goVersion: 'go1.26.0' } }));
  await storeRun(gmpw.dataDir, { config: { ...config, gomaxprocs: 1 }, result: { opsPerSec: 9000 } });
  // A run of the setup that failed before it measured anything.
  const store = Store.open(gmpw.dataDir);
  let failed: string;
  try {
    failed = store.createRun({ config: runConfig(config) });
    store.transition(failed, 'running');
    store.transition(failed, 'failed', { exitCode: 2, error: 'exit status 2' });
  } finally {
    store.close();
  }
  const after: string[] = [];
  for (const opsPerSec of [1500, 1490, 1510, 1505, 1495]) after.push(await storeRun(gmpw.dataDir, { config, result: { opsPerSec, goVersion: 'go1.26.1' } }));

  await app.goto(`${gmpw.origin}/#/run/${before[2]}`);
  const history = app.getByRole('region', { name: 'History of this setup' });
  await expect(history.getByTestId('trend-setup')).toHaveText('chan-sync-pingpong · 2s · concurrency 13 · GOMAXPROCS 2');
  await expect(history).toContainText('11 runs of this setup, oldest first. The oldest is on the left');
  // A dot for each run that measured; the failed run is a dotted line that says so.
  const dots = history.getByTestId('trend-dot');
  await expect(dots).toHaveCount(10);
  expect(await dots.evaluateAll((els) => els.map((e) => e.getAttribute('data-run')))).toEqual([...before, ...after]);
  // The open run's dot is the large one.
  await expect(history.locator(`[data-run="${before[2]}"]`)).toHaveAttribute('r', '6');
  await expect(history.locator('.recharts-reference-line')).toHaveCount(2);
  await expect(history.getByTestId('trend-chart')).toContainText('go1.26.1');
  await expect(history.getByTestId('trend-chart')).toContainText('failed');
  await expect(history.getByTestId('trend-verdict')).toHaveText("Latest 5 against the 5 before them (benchstat's test): +50.00% (p=0.008 n=5) (better)");
  await shot('history', history);

  // GC pauses did not change: no difference.
  await history.getByTestId('trend-metric').selectOption('gcPause.p99');
  await expect(history.getByTestId('trend-verdict')).toContainText('~ (p=1.000 n=5)');

  // A dot opens its run, whose page shows the same history.
  await dots.nth(9).click();
  await expect(app).toHaveURL(new RegExp(`#/run/${after[4]}$`));
  await expect(app.getByRole('region', { name: 'History of this setup' }).locator(`[data-run="${after[4]}"]`)).toHaveAttribute('r', '6');
});
