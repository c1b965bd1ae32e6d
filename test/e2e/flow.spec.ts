// The whole flow a user goes through, in headless Chromium over browser mode, on real runs:
// configure and start a short scenario run, watch its terminal and live charts, open it (latency
// charts, flame graph), run a second configuration (another GOMAXPROCS), and compare both with a
// differential flame graph. Numbers on screen are checked against what the API returns for the
// stored runs, formatted by the same helpers the UI uses.
import { runLine } from '../../src/renderer/src/report/summary-model';
import type { Page } from '@playwright/test';
import { formatCount, formatDeltaPercent, formatDuration, formatPercent, formatRate, formatValue } from '../../src/renderer/src/format';
import { flatten, nameMatcher, searchFrames, visibleFrames, type FlatFlame } from '../../src/renderer/src/flame/layout';
import { ROW_HEIGHT } from '../../src/renderer/src/flame/FlameCanvas';
import { sandwich } from '../../src/renderer/src/flame/sandwich';
import { withLightWeight } from '../support/cgroup-weight';
import { call } from './api-call';
import { expect, testWithOwnHistory as test } from './fixtures';
import { pickScenario } from './new-run';


const SCENARIO = 'pingpong-hog';

/** Fills the New run form for the scenario and starts it; returns the run id from the Live page URL. */
async function startRun(page: Page, gomaxprocs: string, duration: string, beforeStart: () => Promise<void> = async () => undefined): Promise<string> {
  // Esc leaves whatever field has focus, so "n" is a shortcut and not typed text.
  await page.keyboard.press('Escape');
  await page.keyboard.press('n');
  await expect(page.getByRole('heading', { name: 'New run' })).toBeVisible();
  await pickScenario(page, SCENARIO);
  await page.locator('[data-field="plan.concurrency"] input').fill('4');
  await page.locator('[data-field="plan.gomaxprocs"] input').fill(gomaxprocs);
  await page.locator('[data-field="plan.duration"] input').fill(duration);
  await expect(page.getByTestId('grid-preview')).toContainText(`GOMAXPROCS ${gomaxprocs} = one run`); // pingpong-hog ignores the concurrency
  await beforeStart();
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page).toHaveURL(/#\/live\/[A-Za-z0-9_-]+$/, { timeout: 60_000 });
  return decodeURIComponent(page.url().split('/').pop()!);
}

/** Waits on the Live page until the run has finished and its analysis is stored. */
async function waitUntilDone(page: Page): Promise<void> {
  await expect(page.getByRole('link', { name: 'Open the run' })).toBeVisible({ timeout: 300_000 });
  await expect(page.locator('.page-header .badge')).toHaveText('succeeded');
}

/** What the Live page showed at one moment: recorded in the page on every DOM change. */
interface LiveSnapshot {
  state: string;
  ticks: number;
  terminal: number;
  summary: boolean;
}

/**
 * Starts recording, inside the page, the Live page's state badge, the live charts' tick count and
 * the terminal's text each time the DOM changes. Polling from the test could miss a short running
 * phase on a busy machine; a MutationObserver sees every rendered state, in order.
 */
async function recordLiveView(page: Page, summaryMark: string): Promise<void> {
  await page.evaluate((mark) => {
    const log: LiveSnapshot[] = [];
    (window as unknown as { __liveLog: LiveSnapshot[] }).__liveLog = log;
    const snapshot = () => {
      const text = document.querySelector('[data-testid=terminal]')?.textContent ?? '';
      const s: LiveSnapshot = {
        state: document.querySelector('.page-header .badge')?.textContent ?? '',
        ticks: Number(document.querySelector('.chart-grid[data-ticks]')?.getAttribute('data-ticks') ?? 0),
        terminal: text.replace(/\s+/g, '').length,
        summary: text.includes(mark),
      };
      const last = log[log.length - 1];
      if (!last || last.state !== s.state || last.ticks !== s.ticks || last.terminal !== s.terminal || last.summary !== s.summary) log.push(s);
    };
    snapshot();
    new MutationObserver(snapshot).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  }, summaryMark);
}

const liveLog = (page: Page) => page.evaluate(() => (window as unknown as { __liveLog: LiveSnapshot[] }).__liveLog);

/** Share of each canvas row (top to bottom) that has painted pixels, read from the flame canvas. */
async function paintedRows(page: Page): Promise<{ width: number; rows: number[] }> {
  return page.getByTestId('flame-canvas').evaluate((el: HTMLCanvasElement, rowHeight) => {
    const ctx = el.getContext('2d')!;
    const ratio = el.height / (el.clientHeight || 1);
    const rows: number[] = [];
    for (let top = 0; top + rowHeight <= el.clientHeight; top += rowHeight) {
      // A line inside the frame boxes (each box is rowHeight - 1 tall), above their labels.
      const line = ctx.getImageData(0, Math.floor((top + 2) * ratio), el.width, 1).data;
      let painted = 0;
      for (let i = 3; i < line.length; i += 4) if (line[i] > 0) painted++;
      rows.push(painted / el.width);
    }
    return { width: el.clientWidth, rows };
  }, ROW_HEIGHT);
}

/** The share of the width covered at each depth, and how many frames share it, by the same layout the canvas draws. */
function coverageByDepth(flat: FlatFlame, width: number, rows: number): { share: number[]; frames: number[] } {
  const share = new Array<number>(rows).fill(0);
  const frames = new Array<number>(rows).fill(0);
  const v = visibleFrames(flat, 0, width);
  for (let k = 0; k < v.count; k++) {
    const d = flat.depth[v.pos[k]];
    if (d >= rows) continue;
    share[d] += v.w[k] / width;
    frames[d]++;
  }
  return { share: share.map((s) => Math.min(1, s)), frames };
}

/** Checks the canvas rows against the layout: icicle draws depth 0 on top, flame at the bottom. */
function expectOrientation(painted: { width: number; rows: number[] }, flat: FlatFlame, orientation: 'icicle' | 'flame'): void {
  const n = painted.rows.length;
  const { share, frames } = coverageByDepth(flat, painted.width, n);
  for (let row = 0; row < n; row++) {
    const depth = orientation === 'icicle' ? row : n - 1 - row;
    // Each box leaves a one-pixel gap and may smear over one more pixel at either edge.
    const tolerance = 0.02 + (2 * frames[depth]) / painted.width;
    expect(Math.abs(painted.rows[row] - share[depth]), `${orientation}: row ${row} draws depth ${depth}`).toBeLessThanOrEqual(tolerance);
  }
}

test.describe.configure({ mode: 'serial' });

test('run, watch, study and compare two GOMAXPROCS settings', async ({ app, shot }) => {
  test.setTimeout(600_000);
  const page = app;

  // ---- an empty history says what to do
  await expect(page.getByRole('heading', { name: 'No runs yet' })).toBeVisible();

  // ---- New run: inline validation, then a valid plan
  await page.keyboard.press('n');
  await pickScenario(page, SCENARIO);
  await expect(page.getByRole('heading', { level: 3 })).not.toBeEmpty();
  // The catalog's `backquoted` names show as code, not as backquotes.
  const mechanisms = page.locator('.scenario-mechanism');
  await expect(mechanisms.locator('code').first()).toBeVisible();
  expect((await mechanisms.allTextContents()).filter((t) => t.includes('`'))).toEqual([]);
  // A field half typed says nothing; left, it says what is wrong, before any Start.
  await page.locator('[data-field="plan.gomaxprocs"] input').fill('0');
  await expect(page.locator('[data-field="plan.gomaxprocs"] .field-error')).toHaveCount(0);
  await page.locator('[data-field="plan.duration"] input').fill('2');
  await expect(page.locator('[data-field="plan.gomaxprocs"] .field-error')).not.toBeEmpty();
  await expect(page.locator('[data-field="plan.duration"] .field-error')).toHaveCount(0);
  await page.getByRole('button', { name: /^Start/ }).click();
  await expect(page.locator('[data-field="plan.duration"] .field-error')).toHaveText('a Go duration such as 500ms, 2s or 1m');
  await page.locator('[data-field="plan.gomaxprocs"] input').fill('1,2');
  await page.locator('[data-field="plan.repeat"] input').fill('3');
  await page.locator('[data-field="plan.duration"] input').fill('2s');
  await expect(page.getByTestId('grid-preview')).toContainText('GOMAXPROCS 1, 2 × 3 repetitions = 6 runs');
  await expect(page.getByTestId('grid-preview')).toContainText('measured time 12.0 s');
  await page.locator('[data-field="plan.repeat"] input').fill('1');
  await shot('new-run');
  // An error only the core can find (the path does not exist) shows next to its field.
  await page.getByRole('radio', { name: 'Go benchmark' }).click();
  await page.locator('[data-field="plan.target.pkg"] input').fill('/nonexistent/pkg');
  await page.getByRole('button', { name: /^Start/ }).click();
  await expect(page.locator('[data-field="plan.target.pkg"] .field-error')).toContainText('/nonexistent/pkg does not exist');
  await page.getByRole('radio', { name: 'Built-in scenario' }).click();

  // ---- first run, watched live: the charts gain ticks while the badge reads "running", and the
  // terminal receives the run's output while it is on screen. What the page showed is recorded in
  // the page itself: a 5 s run on a busy machine (whose first run also builds gmpstress) can be
  // over before a poll from here sees it running.
  // Recorded from before the click (the app changes pages without reloading), so a start answered late
  // on a loaded machine cannot hide the run's first seconds.
  // pingpong-hog at GOMAXPROCS 2 spins on both CPUs of a 2-CPU machine: its group gets the least
  // CPU weight while it is watched, or the browser drawing it gets no CPU until it ends.
  const first = await withLightWeight(async () => {
    const id = await startRun(page, '2', '5s', () => recordLiveView(page, `${SCENARIO}:`));
    const charts = page.locator('.chart-grid[data-ticks]');
    // The first run builds gmpstress, which can take minutes on a busy machine after Go source changes.
    await expect(charts).toBeVisible({ timeout: 240_000 });
    await expect(page.getByTestId('chart-goroutines').locator('.recharts-area, .recharts-line').first()).toBeVisible();
    await expect(page.getByRole('progressbar').first()).toBeVisible();
    await shot('live');
    await waitUntilDone(page);
    return id;
  });
  await expect(page.getByTestId('terminal')).toContainText(`${SCENARIO}:`);
  const seen = await liveLog(page);
  const whileRunning = seen.filter((s) => s.state === 'running');
  expect(whileRunning.length, `the badge read "running" (seen: ${[...new Set(seen.map((s) => s.state))].join(', ')})`).toBeGreaterThan(0);
  const runningTicks = whileRunning.map((s) => s.ticks).filter((t) => t > 0);
  expect(runningTicks.length, `the live charts had ticks while running (seen: ${JSON.stringify(seen)})`).toBeGreaterThan(0);
  expect(Math.max(...runningTicks), 'the live charts gained ticks while running').toBeGreaterThan(Math.min(...runningTicks));
  // The terminal is filled from the stored log once, when the page opens: the summary line was
  // not there while the run was active and arrived live, without a reload.
  expect(seen.some((s) => s.state === 'running' && !s.summary), 'no summary line while running').toBe(true);
  expect(seen[seen.length - 1].summary, 'the summary line arrived live').toBe(true);
  expect(seen[seen.length - 1].terminal, 'the terminal grew').toBeGreaterThan(Math.min(...whileRunning.map((s) => s.terminal)));

  // ---- the Run page shows the stored numbers
  await page.getByRole('link', { name: 'Open the run' }).click();
  await expect(page).toHaveURL(new RegExp(`#/run/${first}$`));
  const detail = await call(page, 'runs.get', { id: first });
  expect(detail.result, 'result.json was read').not.toBeNull();
  expect(detail.analysis, 'the trace was analysed').not.toBeNull();
  await expect(page.getByTestId('ops-per-sec')).toHaveText(formatRate(detail.result!.ops_per_s));
  await expect(page.getByTestId('sched-p99')).toHaveText(formatDuration(detail.run.schedP99));
  // …with where it comes from: the trace (every transition) or the runtime's sample.
  await expect(page.getByTestId('sched-p99').locator('xpath=following-sibling::span[1]')).toHaveText(detail.run.schedSource!);
  const p99Row = page.locator('[data-testid=sched-quantiles] tr[data-quantile=p99]');
  await expect(p99Row.locator('td[data-column=exact]')).toHaveText(formatDuration(detail.schedLatency.exact!.p99));
  await expect(p99Row.locator('td[data-column=sampled]')).toHaveText(formatDuration(detail.schedLatency.sampled!.p99));
  // The program's goroutines' waits lead; every goroutine's, which the metric samples, are beside
  // them when the runtime's own waited too, with how many those were.
  const sl = detail.analysis!.sched_latency;
  const runtimeWaits = sl.all.count - sl.program!.count;
  expect(detail.schedLatency.exact!.p99).toBe(sl.program!.p99);
  await expect(p99Row.locator('td[data-column=exact-all]')).toHaveCount(runtimeWaits > 0 ? 1 : 0);
  if (runtimeWaits > 0) {
    await expect(p99Row.locator('td[data-column=exact-all]')).toHaveText(formatDuration(sl.all.p99));
    await expect(page.getByTestId('runtime-waits')).toHaveText(`${formatCount(runtimeWaits)} of the trace's ${formatCount(sl.all.count)} waits were the runtime's own goroutines' (GC workers, sweeper, scavenger, tracer): left out of the program's figures; "all goroutines" holds them, as the runtime's sample does.`);
  }
  await expect(page.getByTestId('agreement-summary')).toContainText(/agree|differ|too few/);
  // The samples it rests on are those it judges: every goroutine's waits.
  await expect(page.getByTestId('agreement-summary')).toContainText(`Samples: ${formatCount(sl.all.count)} exact${runtimeWaits > 0 ? ' (all goroutines)' : ''}`);
  await expect(page.getByTestId('agreement-summary')).toContainText(/The exact figures cover the whole .+ trace \(start-up and wind-down included\), the sampled ones the .+ measured window\./);
  // Exact and sampled distributions are both drawn (every goroutine's exact one too when the runtime's waited).
  await expect(page.locator('[data-testid=latency-cdf]').first().locator('.recharts-line')).toHaveCount(runtimeWaits > 0 ? 3 : 2);
  // (as bars, or as outlines past two series)
  await expect(page.locator('[data-testid=latency-histogram]').locator(runtimeWaits > 0 ? '.recharts-line' : '.recharts-bar').first()).toBeVisible();
  await expect(page.getByTestId('provenance')).toContainText(detail.provenance!.goVersion);
  // pingpong-hog ignores the concurrency (always two pairs), as its result.json says: no number is shown as if it drove the load.
  expect(detail.run.concurrencyUsed).toBe(false);
  await expect(page.getByTestId('concurrency')).toHaveText(`not used: ${SCENARIO} ignores it (4 was passed to it)`);
  await expect(page.getByTestId('trace-goroutines')).toBeVisible();
  // pingpong-hog times no operation, and says so where a scenario's op latency is drawn.
  expect(detail.result!.op_latency).toBeNull();
  await expect(page.getByText('No operation was timed in the measured window: the scenario times none, or none of those it times ended within the window.')).toBeVisible();
  // Latency by cause: one row per cause that occurred, most total wait first, with its count.
  // (the program's goroutines' waits, as the quantiles above)
  const byCause = Object.entries(detail.analysis!.sched_latency.program_by_cause!)
    .filter(([, h]) => h.count > 0)
    .sort((a, b) => b[1].sum_s - a[1].sum_s);
  expect(byCause.length, 'the trace has goroutines that became runnable').toBeGreaterThan(0);
  const causeRows = page.locator('[data-testid=by-cause] tbody tr');
  await expect(causeRows).toHaveCount(byCause.length);
  expect(await causeRows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-cause')))).toEqual(byCause.map(([cause]) => cause));
  for (const [cause, h] of byCause) {
    const count = page.locator(`[data-testid=by-cause] tr[data-cause="${cause}"] td`).nth(1);
    await expect(count).toHaveText(formatCount(h.count));
    await expect(count).toHaveAttribute('title', formatPercent(h.count / detail.analysis!.sched_latency.program!.count));
  }
  // P utilisation: one labelled heatmap row per P of the trace.
  const procs = detail.analysis!.procs;
  expect(procs.length, 'the trace has Ps').toBeGreaterThan(0);
  const heatmap = page.locator('.heatmap', { has: page.getByTestId('proc-heatmap') });
  await expect(heatmap.locator('.heatmap-labels span')).toHaveText(procs.map((p) => `P${p.p}`));
  expect((await page.getByTestId('proc-heatmap').boundingBox())!.height).toBeCloseTo(procs.length * 14, 0);
  await expect(heatmap.locator('.heatmap-caption')).toHaveText(`${Math.max(...procs.map((p) => p.util.length))} windows of ${detail.analysis!.meta.window_s * 1000} ms; darker = busier`);
  // The axis is the trace's time: the last window, cut by the trace's end, is only as wide as the
  // time it covers, so 2 px left of where it begins is still the window before it.
  const { window_s, duration_s } = detail.analysis!.meta;
  const lastWindow = procs[0]!.util.length - 1;
  await page.getByTestId('proc-heatmap').scrollIntoViewIfNeeded();
  const strip = (await page.getByTestId('proc-heatmap').boundingBox())!;
  await page.mouse.move(strip.x + ((lastWindow * window_s) / duration_s) * strip.width - 2, strip.y + 3);
  await expect(heatmap.locator('.heatmap-caption')).toContainText(`P${procs[0]!.p} at ${((lastWindow - 1) * window_s).toFixed(2)} s:`);

  // Flame graph of the CPU profile: its total, a drawn canvas, and a search whose matched share
  // equals the one computed here from the same tree.
  expect(detail.profiles).toContain('cpu.pprof');
  await page.getByRole('tab', { name: 'sched' }).click();
  await expect(page.getByTestId('profile-origin')).toHaveText("sched.pprof: derived from the execution trace by gmptrace: every event of every goroutine, the runtime's own included, not a sample");
  await page.getByRole('tab', { name: 'cpu' }).click();
  const flame = await call(page, 'runs.flame', { id: first, profile: 'cpu.pprof' });
  const flameGraph = page.getByTestId('flame-graph');
  await expect(flameGraph).toContainText(`total ${formatValue(flame.total, flame.unit)}`);
  await expect.poll(async () => Number(await page.getByTestId('flame-canvas').getAttribute('data-drawn'))).toBeGreaterThan(1);
  const flat = flatten(flame.nodes, (i) => flame.nodes[i].total);
  await flameGraph.getByRole('searchbox').fill('runtime.');
  const expected = searchFrames(flat, nameMatcher('runtime.')!);
  await expect(page.getByTestId('flame-matched')).toHaveText(`${expected.matchCount} frames · matched ${formatPercent(expected.share)}`);
  await flameGraph.getByRole('searchbox').fill('');
  // Icicle (root on top) by default; the toggle redraws it as a flame (root at the bottom) and back.
  // Every canvas row is compared with the width the layout gives its depth.
  const canvasRows = Math.round((await page.getByTestId('flame-canvas').boundingBox())!.height / ROW_HEIGHT);
  const { share: depthShare } = coverageByDepth(flat, 1000, canvasRows);
  expect(depthShare[0] - depthShare[canvasRows - 1], 'the root row and the deepest row differ enough to tell the orientations apart').toBeGreaterThan(0.3);
  const orientation = flameGraph.getByRole('radiogroup', { name: 'Orientation' });
  await expect(orientation.getByRole('radio', { name: 'Icicle ↓' })).toHaveAttribute('aria-checked', 'true');
  expectOrientation(await paintedRows(page), flat, 'icicle');
  await orientation.getByRole('radio', { name: 'Flame ↑' }).click();
  await expect(orientation.getByRole('radio', { name: 'Flame ↑' })).toHaveAttribute('aria-checked', 'true');
  await expect.poll(async () => (await paintedRows(page)).rows[canvasRows - 1], { message: 'the root is drawn in the bottom row' }).toBeGreaterThan(0.98);
  expectOrientation(await paintedRows(page), flat, 'flame');
  await orientation.getByRole('radio', { name: 'Icicle ↓' }).click();
  await expect.poll(async () => (await paintedRows(page)).rows[0], { message: 'the root is back in the top row' }).toBeGreaterThan(0.98);
  expectOrientation(await paintedRows(page), flat, 'icicle');
  // Click the widest frame below the root: it zooms (breadcrumb) and becomes the sandwich subject.
  const canvas = page.getByTestId('flame-canvas');
  const box = (await canvas.boundingBox())!;
  const frames = visibleFrames(flat, 0, box.width);
  let widest = -1;
  for (let k = 0; k < frames.count; k++) if (flat.depth[frames.pos[k]] === 1 && (widest < 0 || frames.w[k] > frames.w[widest])) widest = k;
  const clickedName = flat.names[frames.pos[widest]];
  await canvas.click({ position: { x: frames.x[widest] + frames.w[widest] / 2, y: ROW_HEIGHT * 1.5 } });
  await expect(flameGraph.getByRole('navigation', { name: 'Zoom path' })).toContainText(clickedName);
  await flameGraph.getByRole('button', { name: `Sandwich: ${clickedName}` }).click();
  const expectedSandwich = sandwich(flame.nodes, clickedName);
  await expect(page.getByTestId('sandwich')).toContainText(`Callees of ${clickedName} (${expectedSandwich.occurrences} call sites)`);
  await flameGraph.getByRole('button', { name: 'Back to the whole profile' }).click();
  await expect(page.getByTestId('artifacts')).toContainText('go tool trace');
  await page.getByRole('heading', { name: 'Scheduler latency' }).scrollIntoViewIfNeeded();
  await page.mouse.move(0, 0); // no chart tooltip in the screenshot
  await shot('run');

  // ---- a second configuration from the first: "Run again with changes", GOMAXPROCS=1
  await page.getByRole('link', { name: 'Run again with changes' }).click();
  await expect(page.locator(`[data-scenario="${SCENARIO}"]`)).toHaveAttribute('aria-selected', 'true');
  // …and in view in the list, not below its fold.
  await expect(page.locator(`[data-scenario="${SCENARIO}"]`)).toBeInViewport();
  await expect(page.locator('[data-field="plan.gomaxprocs"] input')).toHaveValue('2');
  await expect(page.locator('[data-field="plan.duration"] input')).toHaveValue('5s');
  await page.locator('[data-field="plan.gomaxprocs"] input').fill('1');
  await page.locator('[data-field="plan.duration"] input').fill('2s');
  await expect(page.getByTestId('grid-preview')).toContainText('GOMAXPROCS 1 = one run');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page).toHaveURL(/#\/live\/[A-Za-z0-9_-]+$/, { timeout: 60_000 });
  const second = decodeURIComponent(page.url().split('/').pop()!);
  await waitUntilDone(page);

  // ---- history: both runs, select (first = baseline) and compare with "c"
  await page.keyboard.press('r');
  const rows = page.locator('tr[data-run-id]');
  await expect(rows).toHaveCount(2);
  const firstSummary = (await call(page, 'runs.list', {})).runs.find((r) => r.id === first)!;
  await expect(page.locator(`tr[data-run-id="${first}"]`)).toContainText(formatRate(firstSummary.opsPerSec));
  await page.getByLabel(`Select run ${first}`).check();
  await page.getByLabel(`Select run ${second}`).check();
  await shot('runs');
  await page.keyboard.press('c');
  await expect(page).toHaveURL(new RegExp(`#/compare/${first}/${second}$`));

  // ---- Compare: metric deltas as the core computed them, overlays, scaling, diff flame graph
  const comparison = await call(page, 'compare.runs', { baseline: first, candidates: [second] });
  const throughput = comparison.metrics.find((m) => m.unit === 'ops/s')!;
  const metricRow = page.locator(`[data-testid=compare-metrics] tr[data-metric="${throughput.key}"] td`);
  await expect(metricRow.nth(1)).toHaveText(formatValue(throughput.baseline, throughput.unit));
  await expect(metricRow.nth(2)).toHaveText(formatValue(throughput.candidates[0].value, throughput.unit));
  await expect(metricRow.nth(3)).toHaveText(formatDeltaPercent(throughput.candidates[0].deltaPct));
  for (const warning of comparison.warnings) await expect(page.getByRole('status')).toContainText(warning);
  // Each run's setup in force is said beside it, whether or not a warning names a difference.
  await expect(page.getByTestId('run-setup')).toHaveText([runLine(comparison.baseline), runLine(comparison.candidates[0])]);
  await expect(page.getByTestId('run-setup').nth(1)).toContainText('GOMAXPROCS 1');
  await expect(page.locator('[data-testid=latency-cdf] .recharts-line')).toHaveCount(2);
  // Both traced by this gmptrace: the lines are of the program's waits, exact, and say so.
  await expect(page.getByTestId('latency-sources')).toHaveText("Each line: every wait of the program's goroutines in its trace, exact (the runtime's own left out).");
  await expect(page.getByTestId('scaling-chart')).toBeVisible();
  // Both runs were traced: the line is of exact values only, and says so.
  expect([comparison.baseline, ...comparison.candidates].every((d) => d.schedLatency.exact !== null)).toBe(true);
  await expect(page.getByTestId('scaling-chart').locator('.chart-legend')).toContainText('sched p99 (exact), right axis');
  await expect.poll(async () => Number(await page.getByTestId('diff-flame-canvas').getAttribute('data-drawn')), { timeout: 30_000 }).toBeGreaterThan(1);
  const diff = await call(page, 'compare.diffFlame', { baseline: first, candidate: second, profile: 'cpu.pprof', normalisation: 'per-second' });
  // Each list counts the changes beyond chance and folds the thinly sampled rest, as the core decides.
  for (const [list, entries] of [['vanished', diff.vanished], ['appeared', diff.appeared]] as const) {
    const beyond = entries.filter((e) => e.beyondChance).length;
    await expect(page.getByTestId(list).getByRole('heading')).toHaveText(new RegExp(`\\(${beyond}\\)$`));
    const folded = page.getByTestId(`${list}-chance`);
    if (beyond === entries.length) await expect(folded).toHaveCount(0);
    else await expect(folded.locator('summary')).toHaveText(new RegExp(`^${entries.length - beyond} more with too few samples to tell from chance`));
  }
  // What each side was divided by, as the core says: the CPU profile covers each measured window.
  await expect(page.getByTestId('diff-basis')).toContainText(`: ${diff.basis.baseline}; `);
  await expect(page.getByTestId('diff-basis')).toContainText(`: ${diff.basis.candidate}.`);
  expect(diff.basis.baseline).toMatch(/^the [\d.]+ s measured window$/);
  await page.mouse.move(0, 0);
  await shot('compare');

  // Either run can be the baseline: the deltas flip sign.
  await page.getByRole('link', { name: 'make baseline' }).click();
  await expect(page).toHaveURL(new RegExp(`#/compare/${second}/${first}$`));
  const flipped = (await call(page, 'compare.runs', { baseline: second, candidates: [first] })).metrics.find((m) => m.key === throughput.key)!;
  await expect(page.locator(`[data-testid=compare-metrics] tr[data-metric="${throughput.key}"] td`).nth(3)).toHaveText(formatDeltaPercent(flipped.candidates[0].deltaPct));
});
