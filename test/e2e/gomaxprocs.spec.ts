// The GOMAXPROCS that ran, on the pages (issue 9, item 1): a scenario that changes GOMAXPROCS on
// purpose (stw-gomaxprocs-churn) shows the value in force, the configured one beside it, every
// change, and every parameter it ran with, all as the stored run says; the New run form pre-fills a
// scenario's suggested GOMAXPROCS. Checked against runs.get through the API.
import { LISTED_GOMAXPROCS_CHANGES, changeClockNote, gomaxprocsChangeText, gomaxprocsText, gomaxprocsVariation, unlistedChangesText } from '../../src/shared/gomaxprocs';
import { buildSeconds } from '../../src/shared/run-times';
import { formatTimestamp } from '../../src/renderer/src/format';
import { call } from './api-call';
import { expect, test } from './fixtures';
import { pickScenario } from './new-run';

test('the Run page and the history show the GOMAXPROCS in force, its changes and every parameter', async ({ app }) => {
  test.setTimeout(240_000);
  const page = app;

  // The form takes the suggestion of a scenario written for GOMAXPROCS 1, and leaves a typed value alone.
  await page.keyboard.press('n');
  await pickScenario(page, 'pingpong-hog');
  await expect(page.locator('[data-field="plan.gomaxprocs"] input')).toHaveValue('1');
  await page.locator('[data-field="plan.gomaxprocs"] input').fill('2');
  await pickScenario(page, 'stw-gomaxprocs-churn');
  await expect(page.locator('[data-field="plan.gomaxprocs"] input')).toHaveValue('2');

  const started = await call(page, 'runs.start', {
    plan: { target: { kind: 'scenario', id: 'stw-gomaxprocs-churn' }, gomaxprocs: [2], concurrency: [1], duration: '300ms', capture: [] },
  });
  const id = started.runIds[0]!;
  await expect.poll(async () => (await call(page, 'runs.get', { id })).run.state, { timeout: 200_000, intervals: [500] }).toBe('succeeded');
  const detail = await call(page, 'runs.get', { id });
  const p = detail.provenance!;
  // The scenario switches GOMAXPROCS back and forth: the harness saw changes, and the page must list them.
  expect(p.gomaxprocsChanges.length).toBeGreaterThan(0);
  expect(Object.keys(detail.params).sort()).toEqual(expect.arrayContaining(['procs-a', 'procs-b']));

  await page.goto(`${page.url().split('#')[0]}#/run/${encodeURIComponent(id)}`);
  const shown = page.getByTestId('gomaxprocs');
  await expect(shown).toContainText(gomaxprocsText(detail.config.gomaxprocs, p.gomaxprocs, p.gomaxprocsConfigured));
  const changes = page.getByTestId('gomaxprocs-changes').locator('li');
  // The first 10 one per line, the rest counted; their range in the window said beside the value.
  const listed = Math.min(p.gomaxprocsChanges.length, LISTED_GOMAXPROCS_CHANGES);
  await expect(changes).toHaveCount(p.gomaxprocsChanges.length > listed ? listed + 1 : listed);
  await expect(changes.first()).toHaveText(gomaxprocsChangeText(p.gomaxprocsChanges[0]!));
  if (p.gomaxprocsChanges.length > listed) await expect(changes.last()).toHaveText(unlistedChangesText(p.gomaxprocsChanges, p.gomaxprocsChangesDropped)!);
  // Their times are the harness's clock, which the page says, as the trace's views use the trace's.
  await expect(page.getByTestId('gomaxprocs-clock')).toHaveText(`(${changeClockNote(detail.analysedTrace)})`);
  const variation = gomaxprocsVariation(p.gomaxprocsChanges);
  expect(variation, 'the scenario changes GOMAXPROCS inside the measured window').not.toBeNull();
  await expect(page.getByTestId('gomaxprocs-variation')).toHaveText(variation!);
  for (const [name, value] of Object.entries(detail.params)) await expect(page.getByTestId('run-summary')).toContainText(`${name}=${value}`);
  // The workbench's own scenarios need no build: no time before the target's start to state.
  expect(buildSeconds(detail.run)).toBeNull();
  await expect(page.getByTestId('run-started')).toHaveText(formatTimestamp(detail.run.startedAt));

  await page.keyboard.press('r');
  await expect(page.locator(`tr[data-run-id="${id}"] td.num`).first()).toHaveText(gomaxprocsText(detail.run.gomaxprocs, detail.run.gomaxprocsInForce));
});
