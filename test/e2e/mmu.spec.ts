// Minimum mutator utilisation (issue 13, MMU): the Run page shows the curve and the MMU at 1, 10
// and 100 ms and over the whole trace as the API's stored analysis has them; Compare overlays two
// runs in their colours; an exported comparison report carries the same chart and numbers.
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Locator } from '@playwright/test';
import type { RunDetail } from '../../src/shared/contract';
import { mmuAt, mmuPercent, QUOTED_WINDOWS_S } from '../../src/shared/mmu';
import { formatDuration } from '../../src/renderer/src/format';
import { runNames } from '../../src/shared/run-names';
import { SERIES_COLORS } from '../../src/renderer/src/charts/palette';
import { call } from './api-call';
import { expect, gmpwServeFixture, test as base } from './fixtures';
import type { GmpwServer } from './gmpw-serve';

const root = resolve(__dirname, '..', '..');
const test = base.extend<object, { gmpw: GmpwServer }>({ gmpw: gmpwServeFixture });

/** The MMU table's row for a run shows the stored values: "—" where the trace is not longer than the window. */
async function expectRow(row: Locator, detail: RunDetail): Promise<void> {
  const curve = detail.analysis!.mmu!;
  for (const w of QUOTED_WINDOWS_S) {
    const p = mmuAt(curve, w);
    await expect(row.locator(`td[data-window="${w}"]`)).toHaveText(p ? mmuPercent(p.mmu) : '—');
  }
  await expect(row.locator('td[data-window="whole"]')).toHaveText(mmuPercent(curve.points[curve.points.length - 1]!.mmu));
  // The span those figures cover, said beside them: the trace (longer than the measured window) and its GC cycles.
  await expect(row.getByTestId('mmu-trace-length')).toHaveText(formatDuration(detail.analysis!.meta.duration_s));
  await expect(row.getByTestId('mmu-gc-cycles')).toHaveText(String(detail.analysis!.gc.cycles));
}

/** The chart draws one line per run, in the run's colour, over a log axis labelled in µs and ms. */
async function expectChart(chart: Locator, colors: string[]): Promise<void> {
  const lines = chart.locator('.recharts-line path.recharts-curve');
  await expect(lines).toHaveCount(colors.length);
  for (let i = 0; i < colors.length; i++) await expect(lines.nth(i)).toHaveAttribute('stroke', colors[i]!);
  await expect(chart.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value')).toContainText(['1µs', '10µs', '100µs', '1ms', '10ms', '100ms']);
}

test('the MMU curve of a GC-heavy run on its Run page, two runs overlaid on Compare and in a report', async ({ app, gmpw }, testInfo) => {
  test.setTimeout(360_000);
  const started = await call(app, 'runs.start', {
    plan: { target: { kind: 'scenario', id: 'gc-assist-pressure' }, gomaxprocs: [1, 2], concurrency: [4], duration: '1s', capture: ['trace'] },
  });
  const [a, b] = started.runIds as [string, string];
  await expect
    .poll(async () => (await call(app, 'runs.list', { filter: { experimentId: started.experimentId! } })).runs.map((r) => r.state), { timeout: 300_000, intervals: [1000] })
    .toEqual(['succeeded', 'succeeded']);
  const details = [await call(app, 'runs.get', { id: a }), await call(app, 'runs.get', { id: b })];
  for (const d of details) {
    const curve = d.analysis?.mmu;
    expect(curve, `run ${d.run.id} has an MMU curve`).toBeDefined();
    expect(curve!.flags).toEqual(['stw', 'background', 'assist']);
    // 1 µs up to the trace's length (a 1 s run): six window sizes a decade, plus the whole trace.
    expect(curve!.points.length).toBeGreaterThanOrEqual(35);
    expect(curve!.points[0]!.window_s).toBe(1e-6);
    expect(mmuAt(curve!, 0.1)).not.toBeNull();
  }

  const origin = app.url().split('#')[0];
  await app.goto(`${origin}#/run/${encodeURIComponent(a)}`);
  const panel = app.getByTestId('mmu');
  await expectRow(panel.getByTestId('mmu-table').locator('tbody tr'), details[0]!);
  await expectChart(panel.getByTestId('mmu-chart'), [SERIES_COLORS[0]!]);

  const names = runNames(details);
  const expectCompare = async (page: typeof app) => {
    const compare = page.getByTestId('mmu');
    const rows = compare.getByTestId('mmu-table').locator('tbody tr');
    await expect(rows).toHaveCount(2);
    for (let i = 0; i < 2; i++) {
      await expect(rows.nth(i)).toHaveAttribute('data-run', names[i]!);
      await expectRow(rows.nth(i), details[i]!);
    }
    await expectChart(compare.getByTestId('mmu-chart'), [SERIES_COLORS[0]!, SERIES_COLORS[1]!]);
  };
  await app.goto(`${origin}#/compare/${encodeURIComponent(a)}/${encodeURIComponent(b)}`);
  await expectCompare(app);

  // The exported report renders the same page from the recorded answers.
  const file = testInfo.outputPath('compare.html');
  execFileSync(process.execPath, [join(root, 'bin', 'gmpw.mjs'), 'report', '--data-dir', gmpw.dataDir, '-o', file, a, b], { cwd: root, encoding: 'utf8' });
  const report = await app.context().browser()!.newPage();
  try {
    await report.goto(`file://${file}`);
    await expectCompare(report);
  } finally {
    await report.close();
  }
});
