// The Run page of a run whose analysis is of the flight recorder's window (flight.trace, here the
// only trace it wrote): the page says so where the trace's figures are, and does not judge the
// window's exact quantiles against the sampled metric of the whole measured window.
import { hostname } from 'node:os';
import { formatDuration } from '../../src/renderer/src/format';
import { call } from './api-call';
import { expect, test } from './fixtures';

test("a flight-recorder run's page says its trace figures are of the recorder's last window", async ({ app }) => {
  test.setTimeout(240_000);
  const page = app;
  const { runIds } = await call(page, 'runs.start', {
    plan: { target: { kind: 'scenario', id: 'pingpong-hog' }, gomaxprocs: [2], concurrency: [2], duration: '1s', flightRecorder: '300ms', capture: ['flight'] },
  });
  const id = runIds[0]!;
  await expect.poll(async () => (await call(page, 'runs.get', { id })).run.state, { timeout: 200_000, intervals: [500] }).toBe('succeeded');
  const detail = await call(page, 'runs.get', { id });
  expect(detail.analysedTrace).toBe('flight.trace');
  const span = formatDuration(detail.analysis!.meta.duration_s);

  await page.goto(`${page.url().split('#')[0]}#/run/${id}`);
  // Where it ran: this machine, by its own name.
  expect(detail.provenance?.hostname).toBe(hostname());
  await expect(page.getByTestId('ran-on')).toHaveText(`this machine (${hostname()})`);
  await expect(page.getByTestId('flight-trace-note')).toContainText(`the flight recorder's last ${span} of the run, not the whole run`);
  await expect(page.getByTestId('agreement-summary')).toContainText(`The exact figures are of flight.trace, the flight recorder's last ${span} of the run`);
  // Both sources are shown, neither judged against the other.
  const verdicts = page.getByTestId('sched-quantiles').locator('td.verdict');
  await expect(verdicts.first()).toBeVisible();
  for (const text of await verdicts.allTextContents()) expect(text).toBe('—');
});
