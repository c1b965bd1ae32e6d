// Go benchmark runs of two benchmarks (issue 9, item 3): on the Run page each benchmark a row with
// every metric go test printed, and go test's header as the run's provenance, as runs.get stores
// them; on the Compare and experiment pages each benchmark its rows, as compare.* computes them.
import { join, resolve } from 'node:path';
import { formatValue } from '../../src/renderer/src/format';
import { call } from './api-call';
import { expect, test } from './fixtures';
import { expectVerdict } from './verdict';

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
    // go test's N as it printed it: 1000, not 1.00k.
    await expect(row.locator('td').nth(1)).toHaveText(String(b.iterations));
    await expect(row.locator('td').nth(2)).toHaveText(b.values.map((v) => `${v.value} ${v.unit}`).join('  ·  '));
  }
  // The contents lead to the sections the page has: its benchmarks, and no measured window (go test writes no result.json).
  const toc = page.getByRole('navigation', { name: 'On this page' }).getByRole('button');
  await expect(toc.nth(1)).toHaveText('Benchmarks');
  for (const target of await toc.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-controls')))) await expect(page.locator(`[id="${target}"]`), `section ${target}`).toHaveCount(1);
  const header = page.getByTestId('bench-provenance');
  for (const [k, v] of Object.entries(detail.benchmarks[0]!.config)) await expect(header).toContainText(`${k}${v}`);
  await expect(page.getByText('No provenance')).toHaveCount(0);
  // What go test ran with, and why there are no runtime-metrics ticks: not a duration it never used.
  const summary = page.getByTestId('run-summary');
  await expect(summary).toContainText('Benchtime1000x per benchmark (go test -benchtime)');
  await expect(summary.getByText('Duration', { exact: true })).toHaveCount(0);
  await expect(summary.getByText('Concurrency', { exact: true })).toHaveCount(0);
  await expect(page.locator('#ticks')).toContainText('go test records no runtime metrics while benchmarks run');
});

test('compare and experiment cells show each benchmark, unit by unit, with the API\'s numbers, and "not run" where it did not run', async ({ app, shot }) => {
  test.setTimeout(300_000);
  const page = app;
  const plan = (bench: string, gomaxprocs: number[], repeat = 1) => ({
    plan: { target: { kind: 'bench' as const, pkg: BENCH_PKG, bench, benchtime: '300x' }, gomaxprocs, concurrency: [1], duration: '100ms', repeat, capture: [] },
  });
  const both = (await call(page, 'runs.start', plan('Sum|Product', [2]))).runIds[0]!;
  const sumOnly = (await call(page, 'runs.start', plan('Sum', [2]))).runIds[0]!;
  const experiment = await call(page, 'runs.start', plan('Sum|Product', [2, 3], 4));
  const ids = [both, sumOnly, ...experiment.runIds];
  await expect
    .poll(async () => (await Promise.all(ids.map(async (id) => (await call(page, 'runs.get', { id })).run.state))).filter((s) => s === 'succeeded').length, { timeout: 250_000, intervals: [1000] })
    .toBe(ids.length);

  const base = page.url().split('#')[0];
  await page.goto(`${base}#/compare/${both}/${sumOnly}`);
  const api = await call(page, 'compare.runs', { baseline: both, candidates: [sumOnly] });
  const benchRows = api.metrics.filter((m) => m.benchmark);
  expect(new Set(benchRows.map((m) => m.benchmark!.title))).toEqual(new Set(['BenchmarkSum', 'BenchmarkProduct']));
  const table = page.getByTestId('compare-metrics');
  await expect(table.locator('tr[data-benchmark-heading="BenchmarkProduct"]')).toContainText('not run by');
  for (const m of benchRows) {
    const row = table.locator(`tr[data-metric="${m.key}"]`);
    await expect(row.locator('td').nth(0)).toHaveText(m.unit);
    await expect(row.locator('td').nth(1)).toHaveText(formatValue(m.baseline, m.unit));
    if (m.benchmark!.name === 'Product') await expect(row.locator('td').nth(2)).toHaveText('not run');
    else await expect(row.locator('td').nth(2)).toHaveText(formatValue(m.candidates[0].value, m.unit));
  }
  await expect(page.getByText(`BenchmarkProduct did not run in run ${sumOnly}`)).toBeVisible();
  await shot('compare');
  // Benchmarks at two GOMAXPROCS have no throughput or latency of their own to scale: no empty chart.
  await page.goto(`${base}#/compare/${experiment.runIds[0]}/${experiment.runIds[1]}`);
  await expect(page.getByTestId('compare-metrics')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Scaling over GOMAXPROCS' })).toHaveCount(0);

  // The experiment: each benchmark's cells with their medians and the verdict of four runs a side.
  await page.goto(`${base}#/cells/${experiment.experimentId}/${encodeURIComponent('GOMAXPROCS=2')}`);
  // Every run of the experiment printed both benchmarks (so each cell has four samples of each).
  const runBenchmarks = await Promise.all(experiment.runIds.map(async (id) => (await call(page, 'runs.get', { id })).benchmarks.map((b) => b.name.replace(/-\d+$/, ''))));
  expect(runBenchmarks).toEqual(experiment.runIds.map(() => ['Sum', 'Product']));
  const cells = await call(page, 'compare.cells', { baseline: { experimentId: experiment.experimentId!, cell: 'GOMAXPROCS=2' } });
  const stats = page.getByTestId('cells-metrics');
  await expect(stats.locator('tr[data-benchmark-heading="BenchmarkSum"]')).toBeVisible();
  for (const m of cells.metrics.filter((x) => x.benchmark)) {
    const row = stats.locator(`tr[data-metric="${m.key}"]`);
    await expect(row.locator('td').nth(1)).toContainText(`${formatValue(m.baseline.median, m.unit)}n=4`);
    await expectVerdict(row.locator('td.verdict'), m.candidates[0].verdict);
    expect(m.candidates[0].verdict.outcome).not.toBe('too-few');
  }
  await shot('cells');
});

test('a run over the packages of ./... shows each package\'s benchmark, named by its package', async ({ app }) => {
  test.setTimeout(240_000);
  const page = app;
  const pkgs = join(resolve(__dirname, '..', 'fixtures', 'go'), 'benchpkgs');
  const started = await call(page, 'runs.start', {
    plan: { target: { kind: 'bench', pkg: `${pkgs}/...`, bench: 'Fill', benchtime: '100x' }, gomaxprocs: [2], concurrency: [1], duration: '100ms', capture: [] },
  });
  const id = started.runIds[0]!;
  await expect.poll(async () => (await call(page, 'runs.get', { id })).run.state, { timeout: 200_000, intervals: [500] }).toBe('succeeded');
  const detail = await call(page, 'runs.get', { id });
  expect(detail.benchmarks.map((b) => b.config.pkg)).toEqual(['example.com/gmpw-fixture/benchpkgs/alpha', 'example.com/gmpw-fixture/benchpkgs/beta']);

  await page.goto(`${page.url().split('#')[0]}#/run/${encodeURIComponent(id)}`);
  for (const b of detail.benchmarks) {
    const row = page.locator(`[data-testid="benchmarks"] tr[data-pkg="${b.config.pkg}"]`);
    await expect(row.locator('td').nth(0)).toHaveText(b.config.pkg!);
    await expect(row.locator('td').nth(1)).toHaveText(`Benchmark${b.name}`);
    await expect(row.locator('td').nth(3)).toHaveText(b.values.map((v) => `${v.value} ${v.unit}`).join('  ·  '));
  }
  await expect(page.getByTestId('bench-provenance')).toContainText('pkgexample.com/gmpw-fixture/benchpkgs/alpha, example.com/gmpw-fixture/benchpkgs/beta');
});
