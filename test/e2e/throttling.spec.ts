// The Run page of a CPU-limited run: the throttling chart (throttled time per second of each tick on the time axis
// of scheduler latency and the trace's windows) and the summary show what the API computed from the
// run's ticks. A real 1 s run of cpu-quota-throttle-tail at GOMAXPROCS 2 under a 0.5-CPU limit.
import { windowOverrun } from '../../src/shared/measured-window';
import { throttlingPerTick } from '../../src/shared/throttling';
import { momentBelow } from '../../src/renderer/src/charts/live-series';
import { throttlingTickSpans } from '../../src/renderer/src/charts/throttling-rows';
import { formatDuration } from '../../src/renderer/src/format';
import { withHeavyWeight } from '../support/cgroup-weight';
import { call } from './api-call';
import { expect, test } from './fixtures';

test('a CPU-limited run draws its throttling with scheduler latency and states the window\'s figures', async ({ app, shot }) => {
  test.setTimeout(240_000);
  const page = app;
  const { cpuLimitReason } = await call(page, 'runner.capabilities', {});
  test.skip(cpuLimitReason !== null, `no CPU limit on this machine: ${cpuLimitReason}`);
  const id = await withHeavyWeight(async () => {
    const { runIds } = await call(page, 'runs.start', {
      plan: { target: { kind: 'scenario', id: 'cpu-quota-throttle-tail' }, gomaxprocs: [2], concurrency: [2], duration: '1s', cpuLimit: [0.5], capture: ['trace'] },
    });
    await expect.poll(async () => (await call(page, 'runs.get', { id: runIds[0] })).run.state, { timeout: 200_000, intervals: [500] }).toBe('succeeded');
    return runIds[0];
  });
  const detail = await call(page, 'runs.get', { id });
  const t = detail.throttling!;
  expect(t.throttled).toBeGreaterThan(0);

  await page.goto(`${page.url().split('#')[0]}#/run/${id}`);
  await expect(page.getByTestId('throttling')).toContainText(`${t.throttled} of ${t.periods} CFS periods`);
  await expect(page.getByTestId('gomaxprocs-origin')).toContainText('set by the GOMAXPROCS variable, above the 0.5-core limit');
  // The limit in force, as the harness watched it through the window: the one configured here.
  expect(detail.provenance!.cgroupCpuLimit).toBe(0.5);
  await expect(page.getByTestId('cpu-limit')).toHaveText("0.5 cores in force during the measured window (the run's own cgroup)");
  // Under half a core the harness's own timer may fire late: the page says so exactly when the
  // window ran more than 5% past the second asked for.
  const overrun = windowOverrun('1s', detail.result!.wall_s);
  if (overrun === null) await expect(page.getByTestId('window-overrun')).toHaveCount(0);
  else await expect(page.getByTestId('window-overrun')).toContainText(`${formatDuration(overrun)} past the 1s asked for`);
  // What the scenario counted itself (env.Report: the periods its probe saw throttled), as result.json has it.
  const values = detail.result!.values!;
  expect(Object.keys(values).sort()).toEqual(['cgroup_cpu_limit', 'nr_throttled', 'throttled_time']);
  await page.locator('#window').scrollIntoViewIfNeeded();
  const shown = page.getByTestId('scenario-values');
  await expect(shown.locator('tr[data-value-name=nr_throttled] td').nth(1)).toHaveText(`${values.nr_throttled.value!.toLocaleString('en-US')} periods`);
  await expect(shown.locator('tr[data-value-name=throttled_time] td').nth(1)).toHaveText(formatDuration(values.throttled_time.value));
  await expect(shown.locator('tr[data-value-name=cgroup_cpu_limit] td').nth(1)).toHaveText(`0.5${values.cgroup_cpu_limit.unit ? ` ${values.cgroup_cpu_limit.unit}` : ''}`);
  const chart = page.getByTestId('throttling-chart');
  await expect(chart).toBeVisible();
  // One time axis for the three series: the sampler's ticks and the trace's windows.
  const legend = chart.locator('.chart-legend li');
  await expect(legend.nth(0)).toHaveText('throttled time per second (summed over CPUs)');
  await expect(legend.nth(1)).toHaveText('p99 (sampled)');
  await expect(legend.nth(2)).toHaveText('p99 (trace window)');
  await expect(chart.locator('.recharts-line:not(.highlights)')).toHaveCount(3);
  const ticks = (await call(page, 'runs.series', { id })).ticks;
  const lastTick = ticks[ticks.length - 1].t;
  const throttled = throttlingTickSpans(throttlingPerTick(ticks), momentBelow(ticks), new Map());
  expect(throttled.filter((d) => d.throttled !== null).length, 'ticks with throttled time to draw').toBeGreaterThan(0);
  const windows = detail.analysis!.windows;
  // The trace's windows fall within the ticks' span (both count from the harness's start of the run).
  expect(windows[0].t).toBeLessThan(ticks[1].t);
  expect(windows[windows.length - 1].t).toBeLessThanOrEqual(lastTick + 0.2);
  // The tooltip lists what is drawn under the pointer: the tick's throttled time and the trace
  // window's p99 in force there, wherever the pointer is (rows of one kind listed only that kind).
  const windowS = detail.analysis!.meta.window_s;
  await chart.scrollIntoViewIfNeeded();
  const plot = (await chart.locator('.recharts-cartesian-grid').boundingBox())!;
  const tooltip = chart.locator('.recharts-tooltip-wrapper');
  for (let share = 0.02; share < 0.98; share += 0.06) {
    await page.mouse.move(plot.x + plot.width * share, plot.y + plot.height / 2);
    await expect(tooltip.locator('.recharts-tooltip-label')).toContainText(/^[\d.]+–[\d.]+ s$/);
    // Label and items read at once, from one rendering of the tooltip.
    const shown = await tooltip.evaluate((el) => ({
      label: el.querySelector('.recharts-tooltip-label')!.textContent!,
      names: [...el.querySelectorAll('.recharts-tooltip-item-name')].map((n) => n.textContent),
    }));
    // The label names the row's interval, "0.100–0.150 s": it starts at t.
    const t = Number(shown.label.split('–')[0]);
    // The label has the ms: a window starting within half of one of t is the row's own.
    const window = windows.find((w) => w.t - 5e-4 <= t && t < w.t + windowS);
    // A tick has throttled time to show unless no CFS period ended in it or it is a moment (the
    // window's split can be either): the chart's own rule, on the ticks runs.series gave.
    // The label has the ms: a span starting within half of one of t is the row's own, unless two do
    // (a moment and the tick after it), when the label cannot tell which the pointer is on.
    const starting = throttled.filter((d) => Math.abs(d.from - t) < 5e-4);
    const tick = starting.length > 1 ? undefined : (starting[0] ?? throttled.find((d) => d.from <= t && t < d.to));
    if (t < lastTick && tick?.throttled != null) expect(shown.names, shown.label).toContain('throttled time per second (summed over CPUs)');
    if (tick && tick.throttled == null) expect(shown.names, shown.label).not.toContain('throttled time per second (summed over CPUs)');
    if (window?.p99 != null) expect(shown.names, shown.label).toContain('p99 (trace window)');
  }
  await shot('throttling');
});
