// Compare's scheduler-latency charts on stored runs with known samples: the CDF's tooltip lists
// every run's curve wherever the pointer is, the step outlines (3+ runs) draw the last bin with its
// width, and the bars' decade ticks sit on bin edges.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { storeRun } from './stored-runs';

async function compare(app: Page, origin: string, dataDir: string, samples: number[][]): Promise<void> {
  const ids = [];
  for (const schedSamples of samples) ids.push(await storeRun(dataDir, { result: { schedSamples } }));
  await app.goto(`${origin}/#/compare/${ids[0]}/${ids.slice(1).join(',')}`);
}

// Three runs whose latencies lie a decade apart: their CDFs have no bucket bound in common.
const DECADES_APART = [
  [1.1e-6, 1.1e-6, 1.1e-6, 2e-6],
  [1.2e-5, 2e-5],
  [1.5e-4, 3e-4],
];

test('the CDF tooltip lists every run wherever the pointer is', async ({ app, gmpw }) => {
  await compare(app, gmpw.origin, gmpw.dataDir, DECADES_APART);
  const chart = app.getByTestId('latency-cdf');
  await chart.scrollIntoViewIfNeeded();
  const plot = (await chart.locator('.recharts-xAxis .recharts-cartesian-axis-line').boundingBox())!;
  const tooltip = chart.locator('.recharts-tooltip-wrapper');
  for (let share = 0.05; share < 1; share += 0.1) {
    await app.mouse.move(plot.x + plot.width * share, plot.y - 40);
    // With a curve's own points, only the curves with a bound at the hovered x were listed.
    await expect(tooltip.locator('.recharts-tooltip-item'), `at ${share.toFixed(2)} of the axis`).toHaveCount(3);
  }
  // Right of every rise, as drawn: each run at 100%.
  await expect(tooltip.locator('.recharts-tooltip-item-value')).toHaveText(['100.0%', '100.0%', '100.0%']);
});

test('the step outlines of 3 runs draw the last bin with its width', async ({ app, gmpw }) => {
  await compare(app, gmpw.origin, gmpw.dataDir, DECADES_APART);
  const chart = app.getByTestId('latency-histogram');
  await chart.scrollIntoViewIfNeeded();
  // Five bins a decade: a bin's width is a fifth of the gap between decade ticks.
  const ticks = await chart.locator('.recharts-xAxis .recharts-cartesian-axis-tick-line').evaluateAll((lines) => lines.map((l) => Number(l.getAttribute('x1'))));
  const bin = (ticks[1] - ticks[0]) / 5;
  const curves = chart.locator('.recharts-line-curve');
  await expect(curves).toHaveCount(3);
  for (const d of await curves.evaluateAll((paths) => paths.map((p) => p.getAttribute('d')!))) {
    const points = [...d.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
    // The horizontal run the outline ends with: stepAfter on a category axis ended on a vertical stroke.
    const last = points[points.length - 1];
    let from = points.length - 1;
    while (from > 0 && points[from - 1].y === last.y) from--;
    expect(last.x - points[from].x, d).toBeGreaterThan(bin - 1);
  }
});

test('the bars\' decade ticks sit on bin edges', async ({ app, gmpw }) => {
  // Samples in the bins that start at 1 µs and at 10 µs.
  await compare(app, gmpw.origin, gmpw.dataDir, [[1.1e-6, 1.1e-6, 3e-6, 1.2e-5], [1.1e-6, 1.2e-5]]);
  const chart = app.getByTestId('latency-histogram');
  await chart.scrollIntoViewIfNeeded();
  await expect(chart.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value')).toHaveText(['1µs', '10µs']);
  // The first run's bars: the second run's start at the first's centres.
  const bars = chart.locator('.recharts-bar').first().locator('.recharts-bar-rectangle');
  const edges = (await Promise.all((await bars.all()).map((bar) => bar.boundingBox()))).map((b) => b!.x);
  for (const tick of await chart.locator('.recharts-xAxis .recharts-cartesian-axis-tick-line').all()) {
    const box = (await tick.boundingBox())!;
    const x = box.x + box.width / 2;
    // A bar starts there (1 px of category gap aside); before, the tick was at the bar's centre.
    expect(Math.min(...edges.map((e) => Math.abs(e - x))), `tick at ${x}, bar edges ${edges.join(' ')}`).toBeLessThan(2);
  }
});

test('the tail view draws the share above each latency on a log axis, down to one sample', async ({ app, gmpw }) => {
  // 999 waits near 1 µs and one of 10 ms: the CDF is flat at 99.9% from 2 µs on, the tail is not.
  const samples = [...Array.from({ length: 999 }, () => 1.1e-6), 1e-2];
  const ids = [await storeRun(gmpw.dataDir, { result: { schedSamples: samples } }), await storeRun(gmpw.dataDir, { result: { schedSamples: samples } })];
  await app.goto(`${gmpw.origin}/#/compare/${ids[0]}/${ids[1]}`);
  const chart = app.getByTestId('latency-cdf');
  await chart.scrollIntoViewIfNeeded();
  await chart.getByRole('radio', { name: 'Tail: share above (log)' }).click();
  await expect(chart).toHaveAttribute('data-view', 'tail');
  // The caption says the view shown.
  await expect(chart.locator('xpath=..').locator('figcaption')).toHaveText('Tail: share of transitions above each latency (log axes)');
  // Decades down to one sample in a thousand.
  await expect(chart.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value')).toHaveText(['100%', '10%', '1%', '0.1%']);
  // Between the body and the slowest wait, each run's tail holds that one wait: 0.1% above.
  const plot = (await chart.locator('.recharts-xAxis .recharts-cartesian-axis-line').boundingBox())!;
  const tooltip = chart.locator('.recharts-tooltip-wrapper');
  await app.mouse.move(plot.x + plot.width * 0.6, plot.y - 40);
  await expect(tooltip.locator('.recharts-tooltip-label')).toContainText(/^above /);
  await expect(tooltip.locator('.recharts-tooltip-item-value')).toHaveText(['0.1%', '0.1%']);
  await chart.getByRole('radio', { name: 'Share below' }).click();
  await expect(chart.locator('xpath=..').locator('figcaption')).toHaveText('CDF: share of transitions below each latency (log time axis)');
  await app.mouse.move(plot.x + plot.width * 0.6, plot.y - 40);
  await expect(tooltip.locator('.recharts-tooltip-item-value')).toHaveText(['99.9%', '99.9%']);
});
