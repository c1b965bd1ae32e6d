// Open waits on the Run page (issue 9, item 5): goroutines still runnable when the trace ended are
// stated as lower bounds, listed with their start function, and starvation is a banner. Checked
// against the stored analysis that runs.get returns, whatever this machine's run left open.
import { openBesideP99Text, openWaitLine, openWaitsText, starvedText } from '../../src/shared/open-waits';
import { call } from './api-call';
import { expect, test } from './fixtures';

test('the Run page states the open waits of the stored analysis, starvation as a banner', async ({ app }) => {
  test.setTimeout(240_000);
  const page = app;
  // 8 ping-pong pairs at GOMAXPROCS 2 leave goroutines runnable at the end of the trace.
  const started = await call(page, 'runs.start', {
    plan: { target: { kind: 'scenario', id: 'chan-sync-pingpong' }, gomaxprocs: [2], concurrency: [8], duration: '500ms', capture: ['trace'] },
  });
  const id = started.runIds[0]!;
  await expect.poll(async () => (await call(page, 'runs.get', { id })).run.state, { timeout: 200_000, intervals: [500] }).toBe('succeeded');
  const waits = (await call(page, 'runs.get', { id })).analysis?.sched_latency.open_waits;
  expect(waits, 'gmptrace reports open waits').toBeDefined();

  await page.goto(`${page.url().split('#')[0]}#/run/${encodeURIComponent(id)}`);
  const panel = page.getByTestId('open-waits');
  await expect(panel).toContainText(openWaitsText(waits!));
  const starved = starvedText(waits!);
  if (starved) await expect(page.getByTestId('starved')).toHaveText(starved);
  else await expect(page.getByTestId('starved')).toHaveCount(0);
  // The summary's p99 holds only waits that ended: the goroutines left runnable are said beside it.
  const detail = await call(page, 'runs.get', { id });
  const beside = openBesideP99Text(waits!, detail.run.schedP99!, detail.analysis!.sched_latency.program !== undefined);
  if (beside) await expect(page.getByTestId('sched-p99-open')).toHaveText(`· ${beside}`);
  else await expect(page.getByTestId('sched-p99-open')).toHaveCount(0);
  const items = panel.locator('ul.open-waits li');
  if (waits!.goroutines.length > 0) await expect(items.first()).toHaveText(openWaitLine(waits!.goroutines[0]!));
  else await expect(items).toHaveCount(0);
});
