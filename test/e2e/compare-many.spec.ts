// Six runs side by side: the metric names wrap in a column that stays put while the runs scroll
// under it (unwrapped, the names took half the page), and the flame section speaks of candidates.
import { expect, test } from './fixtures';
import { storeRun } from './stored-runs';

test('six runs compared: names wrap in a column that stays while the runs scroll, and the flame section says what six runs lack', async ({ app, gmpw }) => {
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) ids.push(await storeRun(gmpw.dataDir, { config: { gomaxprocs: 1 + (i % 2), concurrency: 2 + i }, result: { opsPerSec: 1000 + 100 * i } }));
  await app.setViewportSize({ width: 1400, height: 900 });
  await app.goto(`${gmpw.origin}/#/compare/${ids[0]}/${ids.slice(1).join(',')}`);
  const table = app.getByTestId('compare-metrics');
  const name = table.locator('td.metric-name').filter({ hasText: 'Sched latency p50' }).first();
  await expect(name).toBeVisible();
  const px = await name.evaluate((td) => ({ width: td.getBoundingClientRect().width, em: parseFloat(getComputedStyle(td).fontSize), position: getComputedStyle(td).position }));
  expect(px.width).toBeLessThanOrEqual(22 * px.em + 20); // its max-width and padding
  expect(px.position).toBe('sticky');
  // The first candidates' columns are on the page, not pushed past its edge.
  const firstChange = table.locator('tr[data-metric="opsPerSec"] td').nth(3);
  expect((await firstChange.boundingBox())!.x + (await firstChange.boundingBox())!.width).toBeLessThanOrEqual(1400);
  await expect(app.getByText('No candidate has a profile in common with the baseline; capture the same profiles (e.g. cpu or trace) in the baseline and a candidate to diff them.')).toBeVisible();
});
