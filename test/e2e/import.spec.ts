// An imported trace on the Run page and in the history (issue 9, item 6): shown as "imported trace.out" with what the
// trace says (its Go version, GOMAXPROCS and duration, as the stored analysis has them), no "Run
// again", and a sub-second timeline tells its ticks apart in one unit. Checked against runs.get.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { formatDuration } from '../../src/renderer/src/format';
import { utcText } from '../../src/shared/run-times';
import { call } from './api-call';
import { expect, test } from './fixtures';

test('an imported trace shows what the trace says and offers no run again', async ({ app, gmpw }) => {
  test.setTimeout(240_000);
  const page = app;
  const started = await call(page, 'runs.start', {
    plan: { target: { kind: 'scenario', id: 'chan-sync-pingpong' }, gomaxprocs: [2], concurrency: [2], duration: '300ms', capture: ['trace', 'cpu'] },
  });
  const source = started.runIds[0]!;
  await expect.poll(async () => (await call(page, 'runs.get', { id: source })).run.state, { timeout: 200_000, intervals: [500] }).toBe('succeeded');
  const { runId: id } = await call(page, 'runs.import', { files: [join(gmpw.dataDir, 'runs', source, 'trace.out')] });
  await expect.poll(async () => (await call(page, 'runs.get', { id })).run.state, { timeout: 60_000, intervals: [500] }).toBe('succeeded');
  const meta = (await call(page, 'runs.get', { id })).analysis!.meta;

  await page.goto(`${page.url().split('#')[0]}#/run/${encodeURIComponent(id)}`);
  await expect(page.locator('h1')).toContainText('imported trace.out');
  const facts = page.getByTestId('imported-summary');
  await expect(facts).toContainText(`Go (trace format)${meta.go_version}`);
  await expect(facts).toContainText(`GOMAXPROCS (from the trace)${meta.gomaxprocs.map((s) => s.n).filter((n, i, all) => i === 0 || n !== all[i - 1]).join(' → ')}`);
  await expect(facts).toContainText(`Trace duration${formatDuration(meta.duration_s)}`);
  // A Go 1.25+ trace says when it was recorded (its clock snapshot).
  await expect(page.getByTestId('trace-started-at')).toHaveText(utcText(meta.started_at!));
  await expect(page.getByRole('link', { name: 'Run again with changes' })).toHaveCount(0);
  // Nothing ran to print anything: its terminal section says so, not that "the run printed nothing".
  await expect(page.locator('#terminal')).toContainText('An import runs nothing: it has no terminal output.');
  // A trace well under a second: the timeline's time axis tells every tick apart ("0.10s 0.15s",
  // not "0.1s 0.1s"), all in one unit.
  expect(meta.duration_s).toBeLessThan(1);
  await page.getByTestId('trace-goroutines').scrollIntoViewIfNeeded();
  const ticks = page.getByTestId('trace-goroutines').locator('.recharts-xAxis-tick-labels text');
  await expect(ticks.first()).toBeVisible();
  const labels = await ticks.allTextContents();
  expect(new Set(labels).size, labels.join(' ')).toBe(labels.length);
  expect(new Set(labels.map((text) => text.replace(/^[\d.]+/, ''))).size, labels.join(' ')).toBe(1);
  // The last window's step is drawn to the trace's end, where the axis ends, not cut at its start.
  const grid = (await page.getByTestId('trace-goroutines').locator('.recharts-cartesian-grid').boundingBox())!;
  const area = (await page.getByTestId('trace-goroutines').locator('.recharts-area-area').first().boundingBox())!;
  expect(area.x + area.width).toBeGreaterThanOrEqual(grid.x + grid.width - 0.5);
  // That closing point is the last window again: hovered at the axis end, the tooltip names the
  // last window, not the trace's end as if a window began there, and says its counts are its end's.
  const goroutines = (await call(page, 'runs.get', { id })).analysis!.goroutines;
  await page.mouse.move(grid.x + grid.width - 1, grid.y + grid.height / 2);
  const last = goroutines.at(-1)!.t;
  await expect(page.getByTestId('trace-goroutines').locator('.recharts-tooltip-label')).toHaveText(`at ${Math.min(last + meta.window_s, meta.duration_s).toFixed(3)} s (end of the window from ${last.toFixed(3)} s)`);
  await page.mouse.move(0, 0);

  // The history lists it as an import, with the trace's GOMAXPROCS and no concurrency.
  await page.goto(`${page.url().split('#')[0]}#/runs`);
  const row = page.locator('tr', { has: page.locator(`a[href="#/run/${id}"]`) });
  const cells = row.locator('td');
  await expect(cells.nth(2)).toHaveText('imported trace.out');
  await expect(cells.nth(4)).toHaveText(String(meta.gomaxprocs.at(-1)!.n));
  await expect(cells.nth(5)).toHaveText('—');
  const listed = (await call(page, 'runs.list', {})).runs.find((r) => r.id === id)!;
  expect(listed.gomaxprocsInForce).toBe(meta.gomaxprocs.at(-1)!.n);
  // Its 'imported' tag is the workbench's own: shown, with no × to remove it; a tag of the user's has one.
  await expect(row.locator('.chip', { hasText: 'imported' })).toBeVisible();
  await expect(row.getByLabel('Remove tag imported')).toHaveCount(0);
  await row.getByLabel('Add a tag').fill('mine');
  await row.getByLabel('Add a tag').press('Enter');
  await expect(row.getByLabel('Remove tag mine')).toBeVisible();
  await expect.poll(async () => (await call(page, 'runs.get', { id })).run.tags.sort()).toEqual(['imported', 'mine']);
  // The same trace with a CPU profile of a week before: the Run page says so above the latency figures.
  const profile = Profile.decode(gunzipSync(readFileSync(join(gmpw.dataDir, 'runs', source, 'cpu.pprof'))));
  profile.timeNanos = BigInt(profile.timeNanos) - 7n * 24n * 3600n * 1_000_000_000n;
  // In the test's own output folder, which Playwright empties at its next run: no file left in /tmp.
  const lastWeek = test.info().outputPath('cpu.pprof');
  writeFileSync(lastWeek, gzipSync(profile.encode()));
  const { runId: mixed } = await call(page, 'runs.import', { files: [join(gmpw.dataDir, 'runs', source, 'trace.out'), lastWeek] });
  await expect.poll(async () => (await call(page, 'runs.get', { id: mixed })).run.state, { timeout: 60_000, intervals: [500] }).toBe('succeeded');
  const note = (await call(page, 'runs.get', { id: mixed })).analysisNote;
  expect(note).toMatch(/^cpu\.pprof recorded .* before the trace began .*: not of the moment the trace shows/);
  await page.goto(`${page.url().split('#')[0]}#/run/${encodeURIComponent(mixed)}`);
  await expect(page.getByTestId('analysis-note')).toHaveText(note!);
});

test('an import whose trace cannot be read says so everywhere, under its own name', async ({ app, gmpw }) => {
  test.setTimeout(240_000);
  const page = app;
  const started = await call(page, 'runs.start', {
    plan: { target: { kind: 'scenario', id: 'chan-sync-pingpong' }, gomaxprocs: [2], concurrency: [2], duration: '100ms', capture: ['trace'] },
  });
  const source = started.runIds[0]!;
  await expect.poll(async () => (await call(page, 'runs.get', { id: source })).run.state, { timeout: 200_000, intervals: [500] }).toBe('succeeded');
  // The header and the start of the first batch: no generation can be read from it.
  const cut = test.info().outputPath('cut.trace');
  writeFileSync(cut, readFileSync(join(gmpw.dataDir, 'runs', source, 'trace.out')).subarray(0, 1000));
  const { runId: id } = await call(page, 'runs.import', { files: [cut] });
  await expect.poll(async () => (await call(page, 'runs.get', { id })).run.state, { timeout: 60_000, intervals: [500] }).toBe('failed');
  const detail = await call(page, 'runs.get', { id });
  expect(detail.analysis).toBeNull();
  expect(detail.analysisNote).toBeTruthy();

  await page.goto(`${page.url().split('#')[0]}#/run/${encodeURIComponent(id)}`);
  await expect(page.locator('h1')).toContainText('imported cut.trace');
  await expect(page.getByTestId('imported-summary')).toContainText('Go (trace format)unreadable trace (see Trace figures)');
  // The reason, not "capture a trace" or "the run wrote no trace".
  await expect(page.locator('#latency')).toContainText(`No scheduler-latency data: ${detail.analysisNote}`);
  await expect(page.locator('#trace')).toContainText(detail.analysisNote!);
  await expect(page.locator('#profiles')).toContainText('No profiles: the imported file gave none');
  await expect(page.getByText('capture "trace"')).toHaveCount(0);
});
