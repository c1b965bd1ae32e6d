// Exported reports: a run, a 2-run comparison and an experiment, each exported through the UI (the
// Export report button, a download) and through `gmpw report`, then opened from file:// in a fresh
// browser context where every network request is blocked and counted. A report must load nothing,
// log no error, show the numbers the API returns for the stored runs, and zoom its flame graph on a
// click. The first run carries a hostile label that must show as text and open no dialog. Browser
// mode's artifact download is checked on the way (the file's sha256 is the stored one).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { formatDeltaPercent, formatDuration, formatPercent, formatRate, formatValue } from '../../src/renderer/src/format';
import { flatten, visibleFrames } from '../../src/renderer/src/flame/layout';
import { ROW_HEIGHT } from '../../src/renderer/src/flame/FlameCanvas';
import { largestChanges } from '../../src/renderer/src/report/summary-model';
import { labelShares } from '../../src/shared/flame-labels';
import { cellOf } from '../../src/shared/cell-name';
import { runNames } from '../../src/shared/run-names';
import { call } from './api-call';
import { expect, gmpwServeFixture, test as base } from './fixtures';
import type { GmpwServer } from './gmpw-serve';
import { expectVerdict } from './verdict';

const HOSTILE = '<img src=x onerror=alert(1)></script><script>alert(2)</script>';
const root = resolve(__dirname, '..', '..');

// Its own server and data directory (a worker of its own), so other specs' runs never mix in.
const test = base.extend<object, { gmpw: GmpwServer }>({ gmpw: gmpwServeFixture });

interface OpenedReport {
  page: Page;
  /** Requests other than the report file itself: each one was blocked. */
  requests: string[];
  /** Console errors, uncaught exceptions and dialogs. */
  problems: string[];
  close(): Promise<void>;
}

async function openReport(browser: Browser, file: string): Promise<OpenedReport> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const url = `file://${file}`;
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => {
    if (r.url() !== url) requests.push(r.url());
  });
  await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url);
  await expect(page.locator('.report-title')).toBeVisible();
  return { page, requests, problems, close: () => context.close() };
}

/** Clicks the widest frame under the root of a report's flame graph: it must zoom (the breadcrumb names it). */
async function expectZoomOnClick(scope: ReturnType<Page['locator']>, nodes: Array<{ name: string; total: number; children: number[] }>): Promise<void> {
  const canvas = scope.getByTestId('flame-canvas');
  await expect.poll(async () => Number(await canvas.getAttribute('data-drawn'))).toBeGreaterThan(1);
  const flat = flatten(nodes, (i) => nodes[i].total);
  const box = (await canvas.boundingBox())!;
  const frames = visibleFrames(flat, 0, box.width);
  let widest = -1;
  for (let k = 0; k < frames.count; k++) if (flat.depth[frames.pos[k]] === 1 && (widest < 0 || frames.w[k] > frames.w[widest])) widest = k;
  expect(widest, 'the profile has a frame under its root').toBeGreaterThanOrEqual(0);
  await canvas.click({ position: { x: frames.x[widest] + frames.w[widest] / 2, y: ROW_HEIGHT * 1.5 } });
  await expect(scope.getByRole('navigation', { name: 'Zoom path' })).toContainText(flat.names[frames.pos[widest]]);
}

/**
 * Laid out for paper (A4 is about 700 CSS px wide inside its margins) after the browser's
 * beforeprint: each flame graph is printed as an image of its canvas, and no table runs off the page.
 */
async function expectPrintable(page: Page): Promise<void> {
  await page.setViewportSize({ width: 700, height: 1000 });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  const canvases = await page.locator('canvas.flame-canvas').count();
  expect(canvases).toBeGreaterThan(0);
  await expect(page.locator('img.print-image')).toHaveCount(canvases);
  for (const img of await page.locator('img.print-image').all()) {
    await expect(img).toBeVisible();
    expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);
  }
  await expect(page.locator('canvas.flame-canvas').first()).toBeHidden();
  const cutOff = await page.evaluate(() =>
    [...document.querySelectorAll('table')].filter((t) => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map((t) => t.dataset.testid ?? t.className),
  );
  expect(cutOff, 'tables wider than the page').toEqual([]);
  await page.emulateMedia({ media: 'screen' });
}

async function exportThroughUi(app: Page, origin: string, hash: string, file: string): Promise<void> {
  await app.goto(`${origin}/${hash}`);
  const [download] = await Promise.all([app.waitForEvent('download'), app.getByRole('button', { name: 'Export report' }).click()]);
  await download.saveAs(file);
  await expect(app.getByTestId('export-note')).toContainText(download.suggestedFilename());
}

function exportThroughCli(dataDir: string, args: string[], file: string): { path: string; bytes: number; ms: number } {
  const out = execFileSync(process.execPath, [join(root, 'bin', 'gmpw.mjs'), 'report', '--data-dir', dataDir, '--json', '-o', file, ...args], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out) as { path: string; bytes: number; ms: number };
}

test('reports of a run, a comparison and an experiment open offline and show the stored numbers', async ({ app, gmpw, browser }, testInfo) => {
  test.setTimeout(420_000);
  // Two 1 s runs that form an experiment of two cells (GOMAXPROCS 1 and 2).
  const started = await call(app, 'runs.start', {
    plan: { target: { kind: 'scenario', id: 'pingpong-hog' }, gomaxprocs: [1, 2], concurrency: [2], duration: '1s', capture: ['cpu', 'trace'] },
  });
  const [a, b] = started.runIds;
  const experimentId = started.experimentId!;
  await expect
    .poll(async () => (await call(app, 'runs.list', { filter: { experimentId } })).runs.map((r) => r.state), { timeout: 240_000, intervals: [1000] })
    .toEqual(['succeeded', 'succeeded']);
  await call(app, 'runs.setLabel', { id: a, label: HOSTILE });

  const dir = testInfo.outputPath('reports');
  mkdirSync(dir, { recursive: true });
  const kinds = {
    run: { hash: `#/run/${a}`, cli: [a] },
    compare: { hash: `#/compare/${a}/${b}`, cli: [a, b] },
    experiment: { hash: `#/cells/${experimentId}/`, cli: ['--experiment', experimentId] },
  };
  const files: Array<{ kind: keyof typeof kinds; via: string; file: string }> = [];
  for (const [kind, how] of Object.entries(kinds) as Array<[keyof typeof kinds, (typeof kinds)['run']]>) {
    const ui = join(dir, `ui-${kind}.html`);
    await exportThroughUi(app, gmpw.origin, how.hash, ui);
    const cli = join(dir, `cli-${kind}.html`);
    const written = exportThroughCli(gmpw.dataDir, how.cli, cli);
    expect(written.path).toBe(cli);
    expect(written.bytes).toBeGreaterThan(0);
    files.push({ kind, via: 'ui', file: ui }, { kind, via: 'cli', file: cli });
  }

  // What the app's API says about the stored runs, to compare every report against.
  const detailA = await call(app, 'runs.get', { id: a });
  const detailB = await call(app, 'runs.get', { id: b });
  const cpuA = await call(app, 'runs.flame', { id: a, profile: 'cpu.pprof' });
  const comparison = await call(app, 'compare.runs', { baseline: a, candidates: [b] });
  const cells = await call(app, 'compare.cells', { baseline: { experimentId, cell: cellOf(detailA.run.cell!) } });
  const names = runNames([detailA, detailB]);

  // Browser mode also hands out a run's artifacts: the downloaded CPU profile is the stored one.
  await app.goto(`${gmpw.origin}/${kinds.run.hash}`);
  const stored = detailA.artifacts.find((x) => x.name === 'cpu.pprof')!;
  const [artifact] = await Promise.all([app.waitForEvent('download'), app.getByTestId('artifacts').getByRole('link', { name: 'cpu.pprof' }).click()]);
  expect(artifact.suggestedFilename()).toBe('cpu.pprof');
  expect(createHash('sha256').update(readFileSync(await artifact.path())).digest('hex')).toBe(stored.sha256);

  for (const { kind, via, file } of files) {
    const report = await openReport(browser, file);
    const { page } = report;
    try {
      await expect(page.getByRole('button', { name: 'Export report' }), `${via} ${kind}: no export inside a report`).toHaveCount(0);
      if (kind === 'run') {
        await expect(page.locator('.report-title')).toHaveText(`Run ${HOSTILE}`);
        await expect(page.getByRole('heading', { level: 1 }).filter({ hasText: HOSTILE }).first()).toBeVisible();
        expect(await page.locator('img[src="x"]').count(), 'the label made no element').toBe(0);
        await expect(page.getByTestId('ops-per-sec')).toHaveText(formatRate(detailA.result?.ops_per_s ?? detailA.run.opsPerSec));
        await expect(page.getByTestId('sched-p99')).toHaveText(formatDuration(detailA.run.schedP99));
        await expect(page.getByTestId('report-summary')).toContainText(formatRate(detailA.result?.ops_per_s ?? detailA.run.opsPerSec));
        await expect(page.getByRole('link', { name: 'Run again with changes' })).toHaveCount(0);
        await expect(page.locator('section[data-profile]')).toHaveCount(detailA.profiles.length);
        await expect(page.getByTestId('static-terminal')).not.toBeEmpty();
        await expectZoomOnClick(page.locator('section[data-profile="cpu.pprof"]'), cpuA.nodes);
        // The harness labels its CPU samples by phase: a report, which cannot pick them, gives the shares.
        const phase = labelShares(cpuA.labels).find((k) => k.key === 'phase');
        expect(phase, 'the harness labels its samples by phase').toBeDefined();
        const cpuSection = page.locator('section[data-profile="cpu.pprof"]');
        await expect(cpuSection.getByTestId('flame-labels')).toContainText(`phase: ${phase!.values.map((v) => `${v.value} ${formatPercent(v.share)}`).join(', ')}`);
        await expect(cpuSection.getByTestId('flame-focus')).toHaveCount(0);
        if (via === 'cli') {
          mkdirSync(join(root, 'artifacts', 'screenshots'), { recursive: true });
          await page.mouse.move(0, 0);
          await page.screenshot({ path: join(root, 'artifacts', 'screenshots', 'report.png') });
        }
      } else if (kind === 'compare') {
        for (const m of comparison.metrics.filter((x) => x.baseline !== null)) {
          const row = page.locator(`[data-testid=compare-metrics] tr[data-metric="${m.key}"] td`);
          await expect(row.nth(1)).toHaveText(formatValue(m.baseline, m.unit));
          await expect(row.nth(2)).toHaveText(formatValue(m.candidates[0].value, m.unit));
          await expect(row.nth(3)).toHaveText(formatDeltaPercent(m.candidates[0].deltaPct));
        }
        for (const warning of comparison.warnings) await expect(page.getByRole('status')).toContainText(warning);
        // The summary's first "largest change" is the API's ranked first (summary-model.test.ts has the rule).
        const [top] = largestChanges(comparison.metrics, names);
        await expect(page.getByTestId('report-summary').locator('.report-changes li').first()).toHaveText(top!);
        // Throughput (GOMAXPROCS 1 against 2) moved: it leads.
        const throughput = comparison.metrics.find((m) => m.key === 'opsPerSec')!;
        if (Math.abs(throughput.candidates[0].deltaPct ?? 0) >= 2) expect(top).toContain(`Throughput: ${formatValue(throughput.baseline, throughput.unit)}`);
        await expect.poll(async () => Number(await page.getByTestId('diff-flame-canvas').getAttribute('data-drawn'))).toBeGreaterThan(1);
        // The comparison holds each run's page: the candidate's numbers are the stored ones.
        await page.locator('.topbar').getByRole('link', { name: names[1] }).click();
        await expect(page.getByTestId('ops-per-sec')).toHaveText(formatRate(detailB.result?.ops_per_s ?? detailB.run.opsPerSec));
        // Another page of the report points back to the summary rather than dropping it silently.
        await expect(page.getByTestId('report-summary')).toHaveCount(0);
        await expect(page.getByTestId('report-summary-elsewhere').getByRole('link')).toHaveAttribute('href', /^#\/compare\//);
        // One heading: the run's own; the report's title is named in that line instead.
        await expect(page.locator('.report-title')).toHaveCount(0);
        await expect(page.getByTestId('report-summary-elsewhere')).toContainText(`Part of the report Comparison of 2 runs`);
        await expect.poll(async () => Number(await page.getByTestId('flame-canvas').first().getAttribute('data-drawn'))).toBeGreaterThan(1);
      } else {
        // The report's one experiment is all its picker offers.
        await expect(page.getByTestId('cells-experiment').locator('option')).toHaveCount(1);
        // One run per cell: no change could be judged, and the summary says that rather than "None."
        await expect(page.getByTestId('report-summary')).toContainText('None could be judged: every comparison has too few runs.');
        for (const m of cells.metrics) {
          const row = page.locator(`[data-testid=cells-metrics] tr[data-metric="${m.key}"]`);
          await expect(row.locator('td').nth(1)).toContainText(`${m.baseline.n === 0 ? '—' : formatValue(m.baseline.median, m.unit)}`);
          await expectVerdict(row.locator('td.verdict'), m.candidates[0].verdict);
        }
      }
      if (via === 'ui' && kind !== 'experiment') await expectPrintable(page);
      expect(report.requests, `${via} ${kind}: network requests`).toEqual([]);
      expect(report.problems, `${via} ${kind}: errors and dialogs`).toEqual([]);
    } finally {
      await report.close();
    }
  }
});
