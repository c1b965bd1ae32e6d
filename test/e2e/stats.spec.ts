// Statistics of experiment cells in the browser: a tiny grid (2 cells × 4 repetitions of 1 s idle
// runs) started through the API, then the cells page must show the verdicts compare.cells returns,
// and the Go benchmark format export.
import { call } from './api-call';
import { expect, testWithOwnHistory as test } from './fixtures';
import { expectVerdict } from './verdict';

test('an experiment\'s cells show median ± CI and the verdict the API computes', async ({ app, shot }) => {
  test.setTimeout(240_000);
  const page = app;
  const started = await call(page, 'runs.start', {
    plan: { target: { kind: 'scenario', id: 'idle' }, gomaxprocs: [1, 2], concurrency: [1], duration: '1s', repeat: 4 },
  });
  const experimentId = started.experimentId!;
  expect(started.runIds).toHaveLength(8);
  await expect
    .poll(async () => (await call(page, 'runs.list', { filter: { experimentId } })).runs.filter((r) => r.state === 'succeeded').length, { timeout: 200_000, intervals: [1000] })
    .toBe(8);

  // From the history: the experiment's header links to its statistics.
  await page.keyboard.press('r');
  await page.locator('.experiment-row').getByRole('link', { name: 'statistics per cell' }).click();
  await expect(page.getByTestId('cells-page')).toBeVisible();
  await page.getByTestId('cells-baseline').selectOption('GOMAXPROCS=1');

  const api = await call(page, 'compare.cells', { baseline: { experimentId, cell: 'GOMAXPROCS=1' } });
  const table = page.getByTestId('cells-metrics');
  for (const m of api.metrics) {
    const row = table.locator(`tr[data-metric="${m.key}"]`);
    await expectVerdict(row.locator('td.verdict'), m.candidates[0].verdict);
    await expect(row.locator('td').nth(1)).toContainText(`n=${m.baseline.n}`);
  }
  // 4 runs a side: a verdict, but no CI (that needs 6).
  const ops = api.metrics.find((m) => m.key === 'opsPerSec')!;
  expect(ops.candidates[0].verdict.text).toMatch(/^(~|[+-]\d+\.\d\d%) \(p=\d\.\d{3} n=4\)$/);
  expect(ops.baseline.ci).toBeNull();

  await page.getByRole('button', { name: 'Show in Go benchmark format' }).click();
  const text = await page.locator('.benchfmt-text').inputValue();
  expect(text).toBe((await call(page, 'compare.exportBenchfmt', { experimentId })).text);
  expect(text).toMatch(/^BenchmarkIdle-2\t\d+\t[\d.e+-]+ ops\/s/m);
  await shot('cells');
});
