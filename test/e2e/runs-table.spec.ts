// The history table's widths on stored runs whose every column is at its widest: a long label, a
// scenario with its CPU limit, GOMAXPROCS with its note, two tags, latencies with their source, and a
// benchmark's regex.
import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { startGmpwServe, type GmpwServer } from './gmpw-serve';
import { storeRun } from './stored-runs';

const LABEL = 'a rather long label that a user typed for this run';

test('the runs table fits a 1400 px window with long labels, and keeps them readable at 1280 px', async ({ app, shot }) => {
  // A history of these three runs alone: the worker's holds what other specs stored, of other widths.
  const gmpw = await startGmpwServe();
  try {
    await runsTableFits(app, gmpw, shot);
  } finally {
    await gmpw.stop();
  }
});

async function runsTableFits(app: Page, gmpw: GmpwServer, shot: (name: string) => Promise<void>): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await storeRun(gmpw.dataDir, {
      config: { target: { kind: 'scenario', id: 'cpu-quota-throttle-tail', params: {} }, cpuLimit: 0.5, concurrency: 1000, label: LABEL, tags: ['baseline', 'regression-hunt'] },
      result: { schedSamples: [1.02e-5, 2.6e-4], gcPauseSamples: [1.2e-4] },
    });
  }
  // A benchmark's regex, which has no place to break a line.
  await storeRun(gmpw.dataDir, { config: { target: { kind: 'bench', pkg: 'runtime', bench: '^BenchmarkChan(Sync|Uncontended|SemContended)$' }, concurrency: 1, tags: ['imported'] } });
  await app.goto(gmpw.url);
  const table = app.locator('table.runs-table');
  await expect(table.locator('tr[data-run-id]')).toHaveCount(4);
  const label = table.locator('tr[data-run-id]').filter({ hasText: 'cpu-quota-throttle-tail' }).first().locator('td').nth(3);
  const fit = () => table.evaluate((t) => ({ table: t.scrollWidth, box: t.parentElement!.clientWidth }));

  await app.setViewportSize({ width: 1400, height: 900 });
  const wide = await fit();
  expect(wide.table, `runs table ${wide.table}px in a ${wide.box}px box`).toBeLessThanOrEqual(wide.box);
  expect((await label.boundingBox())!.width).toBeGreaterThanOrEqual(120);
  await shot('1400');

  // Narrower, the label keeps a column wide enough to read, a few words a line.
  await app.setViewportSize({ width: 1280, height: 900 });
  expect((await label.boundingBox())!.width).toBeGreaterThanOrEqual(120);
  // The day may go over the time, each whole (not "2026-12-" over "05").
  for (const part of await table.locator('tr[data-run-id] .run-date-part').all()) expect((await part.boundingBox())!.height).toBeLessThan(24);
  const narrow = await fit();
  expect(narrow.table, `runs table ${narrow.table}px in a ${narrow.box}px box`).toBeLessThanOrEqual(narrow.box);
  await shot('1280');
  // The whole label on hover, however the column shows it.
  await expect(label).toHaveAttribute('title', LABEL);
}
