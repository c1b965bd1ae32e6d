// An experiment (a grid of runs) from start to the history: the Live page follows the queue run by
// run, the history groups the experiment, and tags, filters and delete act on the stored runs (checked
// through the API). Also the shell's help overlay and the dark theme.
import { formatTimestamp } from '../../src/renderer/src/format';
import { cellInRow } from '../../src/renderer/src/pages/runs-model';
import { call } from './api-call';
import { expect, testWithOwnHistory as test } from './fixtures';
import { pickScenario } from './new-run';


test('an experiment runs as a queue and is managed in the history', async ({ app, shot }) => {
  test.setTimeout(600_000);
  const page = app;

  // The help overlay lists the shortcuts; Esc closes it.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Start a new run');
  await expect(help).toContainText('Compare the selected runs');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // A 2-cell grid (GOMAXPROCS 1 and 2), labelled and tagged at creation.
  await page.keyboard.press('n');
  await pickScenario(page, 'pingpong-hog');
  await page.locator('[data-field="plan.gomaxprocs"] input').fill('1,2');
  await page.locator('[data-field="plan.concurrency"] input').fill('2');
  // One run per cell keeps this test short (the form would make it 4, for a verdict).
  await page.locator('[data-field="plan.repeat"] input').fill('1');
  await page.locator('[data-field="plan.duration"] input').fill('1s');
  await page.locator('[data-field="plan.label"] input').fill('sweep');
  await page.locator('[data-field="plan.tags"] input').fill('e2e');
  await expect(page.getByTestId('grid-preview')).toContainText('GOMAXPROCS 1, 2 = 2 runs');
  await page.getByRole('button', { name: 'Start 2 runs' }).click();
  await expect(page).toHaveURL(/#\/live\/[^,]+,[^,]+$/, { timeout: 60_000 });
  const [firstId, secondId] = decodeURIComponent(page.url().split('/').pop()!).split(',');

  // The Live page shows the experiment's progress and moves on to the second run by itself.
  await expect(page.getByLabel('Experiment')).toBeVisible({ timeout: 240_000 });
  await expect(page.locator('h1 code')).toHaveText(secondId, { timeout: 300_000 });
  await expect(page.getByRole('link', { name: 'Open the run' })).toBeVisible({ timeout: 300_000 });

  // History: one experiment header over its two runs; it collapses and expands.
  await page.keyboard.press('r');
  const list = await call(page, 'runs.list', {});
  expect(list.runs.map((r) => r.id).sort()).toEqual([firstId, secondId].sort());
  const header = page.locator('.experiment-row');
  await expect(header).toContainText('Experiment sweep');
  await expect(header).toContainText('2 runs');
  await expect(page.locator('tr[data-run-id]')).toHaveCount(2);
  await header.getByRole('button').click();
  await expect(page.locator('tr[data-run-id]')).toHaveCount(0);
  await header.getByRole('button').click();
  await expect(page.locator('tr[data-run-id]')).toHaveCount(2);
  // A row says when its run started (an experiment creates its runs at once), and its label, else its
  // cell without the GOMAXPROCS and concurrency its own columns show (the whole cell on hover); at
  // 1280 px every column is in view.
  const [first, second] = await Promise.all([firstId, secondId].map((id) => call(page, 'runs.get', { id })));
  for (const d of [first, second]) {
    const cellsOfRow = page.locator(`tr[data-run-id="${d.run.id}"] td`);
    await expect(cellsOfRow.nth(1)).toHaveText(formatTimestamp(d.run.startedAt!));
    await expect(cellsOfRow.nth(3)).toHaveText(d.run.label || cellInRow(d.run.cell!));
    await expect(cellsOfRow.nth(3)).toHaveAttribute('title', d.run.cell!);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  const fit = await page.locator('table.runs-table').evaluate((t) => ({ table: t.scrollWidth, box: t.parentElement!.clientWidth, page: document.documentElement.scrollWidth }));
  expect(fit.table, `runs table ${fit.table}px in a ${fit.box}px box`).toBeLessThanOrEqual(fit.box);
  expect(fit.page).toBeLessThanOrEqual(1280);

  // Tags: add one on the first run, remove the creation tag; the store has exactly those.
  const row = page.locator(`tr[data-run-id="${firstId}"]`);
  await row.getByLabel('Add a tag').fill('keep');
  await row.getByLabel('Add a tag').press('Enter');
  await expect(row.locator('.chip', { hasText: 'keep' })).toBeVisible();
  await row.getByLabel('Remove tag e2e').click();
  await expect.poll(async () => (await call(page, 'runs.get', { id: firstId })).run.tags).toEqual(['keep']);

  // Filters: by tag, then by GOMAXPROCS, then free text that matches nothing.
  await page.getByRole('combobox').filter({ has: page.locator('option', { hasText: 'keep' }) }).selectOption('keep');
  await expect(page.locator('tr[data-run-id]')).toHaveCount(1);
  await page.getByRole('button', { name: 'Clear' }).click();
  const firstRun = list.runs.find((r) => r.id === firstId)!;
  await page.locator('.filter', { hasText: 'GOMAXPROCS' }).locator('select').selectOption(String(firstRun.gomaxprocs));
  await expect(page.locator('tr[data-run-id]')).toHaveCount(1);
  await expect(page.locator(`tr[data-run-id="${firstId}"]`)).toBeVisible();
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.keyboard.press('/');
  await page.keyboard.type('no-such-run');
  await expect(page.getByRole('heading', { name: 'No run matches these filters' })).toBeVisible();
  await page.getByRole('button', { name: 'Clear' }).click();
  await shot('history');

  // Esc clears a selection.
  await page.getByLabel(`Select run ${firstId}`).check();
  await expect(page.getByText('1 selected')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByLabel(`Select run ${firstId}`)).not.toBeChecked();

  // The page of a run that is not in the history says so, with no Retry: asking again cannot change it.
  const origin = new URL(page.url()).origin;
  await page.goto(`${origin}/#/run/no-such-run`);
  await expect(page.getByRole('alert')).toContainText('No run with id no-such-run');
  await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await page.goto(`${origin}/#/runs`);

  // Delete asks once more, then removes the run from the store.
  await page.getByLabel(`Select run ${secondId}`).check();
  await page.getByRole('button', { name: 'Delete…' }).click();
  await page.getByRole('button', { name: 'Delete 1 run and its files' }).click();
  await expect(page.locator('tr[data-run-id]')).toHaveCount(1);
  expect((await call(page, 'runs.list', {})).total).toBe(1);

  // A long run cancelled from the Live page ends as cancelled, in the page and in the store.
  await page.keyboard.press('n');
  await pickScenario(page, 'pingpong-hog');
  await page.locator('[data-field="plan.duration"] input').fill('60s');
  await page.getByRole('button', { name: 'Start run' }).click();
  // Building gmpstress can take minutes on a busy machine when the Go sources changed.
  await expect(page.locator('.page-header .badge')).toHaveText('running', { timeout: 240_000 });
  const cancelledId = decodeURIComponent(page.url().split('/').pop()!);
  await expect(page.getByTestId('active-runs')).toHaveText('1');
  await page.getByRole('button', { name: 'Cancel run' }).click();
  await expect(page.locator('.page-header .badge')).toHaveText('cancelled', { timeout: 30_000 });
  expect((await call(page, 'runs.get', { id: cancelledId })).run.state).toBe('cancelled');

  // Dark theme: toggled with "t", kept across a reload.
  await page.keyboard.press('t');
  const theme = await page.evaluate(() => document.documentElement.dataset.theme);
  await page.reload();
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
  await page.goto(`${new URL(page.url()).origin}/#/run/${firstId}`);
  await expect(page.getByTestId('run-summary')).toBeVisible();
  await shot(`run-${theme}`);
});
