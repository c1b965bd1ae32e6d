// A Go benchmark run of two benchmarks on the Run page (issue 9, item 3): each benchmark a row with
// every metric go test printed, and go test's header as the run's provenance, as runs.get stores them.
import { join, resolve } from 'node:path';
import { formatCount } from '../../src/renderer/src/format';
import { call } from './api-call';
import { expect, test } from './fixtures';

const BENCH_PKG = join(resolve(__dirname, '..', 'fixtures', 'go'), 'bench');

test('each matched benchmark is shown with all its metrics, and the header as provenance', async ({ app }) => {
  test.setTimeout(240_000);
  const page = app;
  const started = await call(page, 'runs.start', {
    plan: { target: { kind: 'bench', pkg: BENCH_PKG, bench: 'Sum|Product', benchtime: '1000x' }, gomaxprocs: [2], concurrency: [1], duration: '100ms', capture: [] },
  });
  const id = started.runIds[0]!;
  await expect.poll(async () => (await call(page, 'runs.get', { id })).run.state, { timeout: 200_000, intervals: [500] }).toBe('succeeded');
  const detail = await call(page, 'runs.get', { id });
  expect(detail.benchmarks.map((b) => b.name)).toEqual(['Sum-2', 'Product-2']);

  await page.goto(`${page.url().split('#')[0]}#/run/${encodeURIComponent(id)}`);
  for (const b of detail.benchmarks) {
    const row = page.locator(`[data-testid="benchmarks"] tr[data-benchmark="${b.name}"]`);
    await expect(row.locator('td').nth(1)).toHaveText(formatCount(b.iterations));
    await expect(row.locator('td').nth(2)).toHaveText(b.values.map((v) => `${v.value} ${v.unit}`).join('  ·  '));
  }
  const header = page.getByTestId('bench-provenance');
  for (const [k, v] of Object.entries(detail.benchmarks[0]!.config)) await expect(header).toContainText(`${k}${v}`);
  await expect(page.getByText('No provenance')).toHaveCount(0);
});
