// Goroutine groups and user annotations (issue 13): gmptrace's test program with runtime/trace
// regions, tasks and logs (resources/go/cmd/gmptrace/testdata/progs/regions) is built and run twice,
// each trace imported. The Run page's Goroutines table holds runs.get's groups and figures; picking
// a group redraws the latency CDF as that group's distribution; the Regions and tasks panel shows the
// program's annotations; Compare puts both runs' groups and regions side by side; the exported HTML
// report shows the same tables.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { formatCount, formatDuration } from '../../src/renderer/src/format';
import { groupLabel } from '../../src/shared/goroutine-groups';
import { call } from './api-call';
import { expect, test } from './fixtures';

const root = resolve(__dirname, '..', '..');
const progs = join(root, 'resources', 'go', 'cmd', 'gmptrace', 'testdata', 'progs');
/** testdata/progs/regions: requests served, each one task with two regions and one or two logs. */
const REQUESTS = 1000;

/** Builds the regions program in dir and runs it n times; returns the traces. */
function regionsTraces(dir: string, n: number): string[] {
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(progs, 'regions', 'main.go'), join(dir, 'main.go'));
  copyFileSync(join(progs, 'common.go'), join(dir, 'common.go'));
  writeFileSync(join(dir, 'go.mod'), 'module prog\n\ngo 1.21\n');
  execFileSync('go', ['build', '-o', 'prog', '.'], { cwd: dir, timeout: 180_000 });
  return Array.from({ length: n }, (_, i) => {
    const trace = join(dir, `trace-${i}.out`);
    execFileSync(join(dir, 'prog'), [trace], { timeout: 60_000 });
    return trace;
  });
}

async function importTrace(page: Page, file: string): Promise<string> {
  const { runId } = await call(page, 'runs.import', { files: [file] });
  await expect.poll(async () => (await call(page, 'runs.get', { id: runId })).run.state, { timeout: 120_000, intervals: [500] }).toBe('succeeded');
  return runId;
}

test('goroutine groups and regions of a program with annotations, on the Run page, in Compare and in the report', async ({ app, gmpw, browser }, testInfo) => {
  test.setTimeout(360_000);
  const page = app;
  const [traceA, traceB] = regionsTraces(testInfo.outputPath('prog'), 2);
  const a = await importTrace(page, traceA);
  const b = await importTrace(page, traceB);
  const detail = await call(page, 'runs.get', { id: a });
  const groups = detail.analysis!.goroutine_groups!;
  const serve = groups.groups.find((g) => g.start_func === 'main.serve')!;
  expect(serve.count).toBe(4);

  // The Goroutines table: one row per group, the API's figures.
  await page.goto(`${page.url().split('#')[0]}#/run/${encodeURIComponent(a)}`);
  const table = page.getByTestId('groups-table');
  await expect(table.locator('tbody tr')).toHaveCount(groups.groups.length);
  for (const g of groups.groups) {
    const cells = table.locator(`tr[data-group="${g.start_func}"] td`);
    await expect(cells.nth(0)).toHaveText(groupLabel(g.start_func));
    await expect(cells.nth(1)).toHaveText(formatCount(g.count));
    await expect(cells.nth(2)).toHaveText(formatDuration(g.exec_s));
    await expect(cells.nth(2)).toHaveAttribute('data-value', String(g.exec_s));
    await expect(cells.nth(3)).toHaveAttribute('data-value', String(g.sched_wait_s));
    await expect(cells.nth(4)).toHaveText(formatDuration(g.sched_latency.p99));
    await expect(cells.nth(5)).toHaveText(formatCount(g.sched_latency.count));
    await expect(cells.nth(7)).toHaveAttribute('data-value', String(g.syscall_s));
    await expect(cells.nth(8)).toHaveAttribute('data-value', String(g.gc_assist_s));
  }
  // Sorting by a column reorders the rows.
  await table.getByRole('button', { name: 'goroutines' }).click();
  const byCount = [...groups.groups].sort((x, y) => y.count - x.count || x.start_func.localeCompare(y.start_func));
  await expect(table.locator('tbody tr').first()).toHaveAttribute('data-group', byCount[0].start_func);

  // Picking main.serve redraws the latency CDF as that group's distribution.
  const cdf = page.locator('#latency').getByTestId('latency-cdf').first();
  const curve = cdf.locator('path.recharts-line-curve').first();
  const before = await curve.getAttribute('d');
  await table.locator('tr[data-group="main.serve"]').getByRole('button').click();
  await expect(page.getByTestId('group-filter')).toContainText(`main.serve: ${formatCount(serve.sched_latency.count)} waits, p99 ${formatDuration(serve.sched_latency.p99)}`);
  await expect(cdf).toContainText('group main.serve (trace)');
  // The quantile table gains the group's column, beside all goroutines' exact and sampled ones.
  for (const q of ['p50', 'p90', 'p99', 'p999', 'max'] as const) {
    await expect(page.locator(`[data-testid=sched-quantiles] tr[data-quantile=${q}] td[data-column=group]`)).toHaveText(formatDuration(serve.sched_latency[q]));
  }
  // Its six columns fit their half of the page at 1400 px: none runs into the CDF beside it, nor scrolls.
  await page.setViewportSize({ width: 1400, height: 900 });
  const overrun = await page.getByTestId('sched-quantiles').evaluate((t) => t.getBoundingClientRect().right - t.closest('.two-columns > *')!.getBoundingClientRect().right);
  expect(overrun).toBeLessThanOrEqual(0.5);
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect.poll(async () => curve.getAttribute('d')).not.toBe(before);
  await expect(table.locator('tr[data-group="main.serve"]')).toHaveAttribute('aria-selected', 'true');
  // ... and draws the group's per-window p99 beside all goroutines' on the timeline.
  expect(serve.windows?.length, 'main.serve has windows with samples').toBeGreaterThan(0);
  const perWindow = page.getByTestId('trace-windows');
  await expect(perWindow).toContainText('p99, main.serve');
  // Beside the program's goroutines' p99 and all goroutines'.
  expect(detail.analysis!.goroutine_groups!.program_windows?.length).toBeGreaterThan(0);
  await expect(perWindow).toContainText("p99, the program's goroutines");
  await expect(perWindow.locator('.recharts-line:not(.highlights) path.recharts-line-curve')).toHaveCount(3);
  await page.getByTestId('group-filter').getByRole('button', { name: 'Show all groups' }).click();
  await expect(page.getByTestId('group-filter')).toHaveCount(0);
  await expect(page.locator('[data-testid=sched-quantiles] td[data-column=group]')).toHaveCount(0);
  await expect.poll(async () => curve.getAttribute('d')).toBe(before);
  await expect(perWindow.locator('.recharts-line:not(.highlights) path.recharts-line-curve')).toHaveCount(2);

  // Regions and tasks: the program's annotations with the API's figures.
  const ua = detail.analysis!.user_annotations!;
  for (const r of ua.regions) {
    const cells = page.getByTestId('regions-table').locator(`tr[data-region="${r.type}"] td`);
    await expect(cells.nth(1)).toHaveText(formatCount(r.count));
    await expect(cells.nth(3)).toHaveText(formatDuration(r.duration.p50));
    await expect(cells.nth(6)).toHaveText(formatCount(r.sched_latency.count));
    await expect(cells.nth(8)).toHaveText(formatDuration(r.sched_latency.p99));
  }
  expect(ua.regions.map((r) => [r.type, r.count])).toEqual(expect.arrayContaining([['handle request', REQUESTS], ['update', REQUESTS]]));
  await expect(page.getByTestId('tasks-table').locator('tr[data-task="request"] td').nth(1)).toHaveText(formatCount(REQUESTS));
  await expect(page.getByTestId('logs')).toContainText(`request ${formatCount(REQUESTS)}`);

  // Compare: both runs' groups and regions side by side.
  const detailB = await call(page, 'runs.get', { id: b });
  const serveB = detailB.analysis!.goroutine_groups!.groups.find((g) => g.start_func === 'main.serve')!;
  await page.goto(`${page.url().split('#')[0]}#/compare/${encodeURIComponent(a)}/${encodeURIComponent(b)}`);
  const row = page.getByTestId('compare-groups').locator('tr[data-group="main.serve"] td');
  await expect(row).toHaveCount(1 + 2 * 4);
  await expect(row.nth(2)).toHaveText(formatDuration(serve.exec_s));
  await expect(row.nth(6)).toHaveText(formatDuration(serveB.exec_s));
  await expect(row.nth(8)).toHaveText(formatDuration(serveB.sched_latency.p99));
  const region = page.getByTestId('compare-regions').locator('tr[data-region="handle request"] td');
  await expect(region.nth(1)).toHaveText(formatCount(REQUESTS));
  await expect(region.nth(5)).toHaveText(formatCount(REQUESTS));

  // The exported report renders the same tables, offline.
  const file = testInfo.outputPath('report.html');
  execFileSync(process.execPath, [join(root, 'bin', 'gmpw.mjs'), 'report', '--data-dir', gmpw.dataDir, '-o', file, a], { cwd: root });
  const context = await browser.newContext();
  try {
    const report = await context.newPage();
    await report.goto(`file://${file}`);
    await expect(report.locator('.report-title')).toBeVisible();
    await expect(report.getByTestId('groups-table').locator('tbody tr')).toHaveCount(groups.groups.length);
    await expect(report.getByTestId('groups-table').locator('tr[data-group="main.serve"] td').nth(2)).toHaveText(formatDuration(serve.exec_s));
    await expect(report.getByTestId('regions-table').locator('tr[data-region="handle request"] td').nth(1)).toHaveText(formatCount(REQUESTS));
  } finally {
    await context.close();
  }
});

// A real run: the harness's own annotations (a task per scenario, a region per phase, a log per phase
// change; resources/go/stress) and the run's goroutine groups are on its Run page.
test('a run of the harness shows its scenario task, its measure region and its goroutine groups', async ({ app }) => {
  test.setTimeout(240_000);
  const page = app;
  const started = await call(page, 'runs.start', {
    plan: { target: { kind: 'scenario', id: 'chan-sync-pingpong' }, gomaxprocs: [2], concurrency: [2], duration: '300ms', capture: ['trace'] },
  });
  const id = started.runIds[0]!;
  await expect.poll(async () => (await call(page, 'runs.get', { id })).run.state, { timeout: 200_000, intervals: [500] }).toBe('succeeded');
  const analysis = (await call(page, 'runs.get', { id })).analysis!;
  const measure = analysis.user_annotations!.regions.find((r) => r.type === 'measure')!;
  // No warm-up: one measured phase, begun and ended inside the trace.
  expect([measure.count, measure.incomplete]).toEqual([1, 0]);
  expect(analysis.user_annotations!.logs).toEqual([{ category: 'phase', count: 2 }]);

  await page.goto(`${page.url().split('#')[0]}#/run/${encodeURIComponent(id)}`);
  const region = page.getByTestId('regions-table').locator('tr[data-region="measure"] td');
  await expect(region.nth(1)).toHaveText(formatCount(1));
  await expect(region.nth(3)).toHaveText(formatDuration(measure.duration.p50));
  await expect(page.getByTestId('tasks-table').locator('tr[data-task="scenario chan-sync-pingpong"] td').nth(1)).toHaveText(formatCount(1));
  await expect(page.getByTestId('logs')).toContainText(`phase ${formatCount(2)}`);
  const groups = analysis.goroutine_groups!;
  await expect(page.getByTestId('groups-table').locator('tbody tr')).toHaveCount(groups.groups.length);
  const top = groups.groups[0];
  await expect(page.getByTestId('groups-table').locator(`tr[data-group="${top.start_func}"] td`).nth(2)).toHaveText(formatDuration(top.exec_s));
});
