// A run started by `gmpw run` in another process, on the same data directory, while the page is
// open: it appears on the Live page, updates (ticks from its metrics.jsonl) and finishes, with no
// reload; the history lists it. An experiment another process runs is counted from the history.
// And a run of this process whose page opens mid-run is not taken for another process's: it shows
// the runner's own progress from the first frame.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { call } from './api-call';
import { expect, test } from './fixtures';

const gmpw = join(resolve(__dirname, '..', '..'), 'bin', 'gmpw.mjs');

test('a run started from the CLI appears, updates and finishes live', async ({ app, gmpw: server }) => {
  test.setTimeout(240_000);
  await app.goto(`${server.origin}/#/live`);
  await expect(app.getByText('Nothing is running')).toBeVisible();

  const cli = spawn(process.execPath, [gmpw, 'run', '--scenario', 'idle', '--duration', '8s', '--concurrency', '1', '--data-dir', server.dataDir, '--json'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GMPW_MACHINE_LOCK: server.machineLock } });
  let stdout = '';
  let stderr = '';
  cli.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  cli.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  // 'close', not 'exit': by then the last of its output has been read.
  const exited = new Promise<number | null>((done) => cli.once('close', (code) => done(code)));
  try {
    // Appears (the first build of gmpstress in this data directory may take a while) and runs.
    await expect(app.locator('h1 .badge')).toHaveText('running', { timeout: 180_000 });
    const runId = (await app.locator('h1 code').textContent())!;
    // Updates: ticks arrive while it runs (8 s: long enough that a loaded machine checks it still running).
    await expect.poll(async () => Number(await app.locator('.chart-grid').getAttribute('data-ticks')), { timeout: 10_000 }).toBeGreaterThan(3);
    await expect(app.locator('h1 .badge')).toHaveText('running');
    // What runs, and how far it is: by its own metrics, since its runner is the other process.
    await expect(app.getByTestId('live-target')).toHaveText(/^idle · GOMAXPROCS .+ · 8s$/);
    const bar = app.locator('[aria-label="This run"]');
    await expect(bar).toContainText(/of 8\.00 s by its own metrics \(another process runs it\)/);
    // Only its own process can cancel it: the page says where, instead of a button that cannot.
    await expect(app.getByRole('button', { name: 'Cancel run' })).toHaveCount(0);
    await expect(app.getByTestId('cancel-elsewhere')).toHaveText('Another process runs it (gmpw run, or another window of the workbench): cancel it there');
    await expect.poll(async () => Number(await bar.getByRole('progressbar').getAttribute('aria-valuenow'))).toBeGreaterThan(0);
    // Finishes.
    await expect(app.locator('h1 .badge')).toHaveText('succeeded', { timeout: 60_000 });
    await expect(app.getByRole('link', { name: 'Open the run' })).toBeVisible();
    expect(await exited, stderr).toBe(0);
    expect(stdout).toContain(runId);

    // The history lists it without a reload of the page.
    await app.keyboard.press('r');
    await expect(app.locator(`tr[data-run-id="${runId}"]`)).toContainText('succeeded');
    expect((await call(app, 'runs.get', { id: runId })).run.state).toBe('succeeded');
  } finally {
    if (cli.exitCode === null) cli.kill('SIGINT');
    await exited;
  }
});

test("a run of this process, its Live page opened mid-run, shows the runner's progress from the first frame", async ({ app, gmpw: server }) => {
  test.setTimeout(240_000);
  const plan = { target: { kind: 'scenario', id: 'idle' }, duration: '8s', concurrency: [1], gomaxprocs: ['default'] };
  const [id] = (await call(app, 'runs.start', { plan })).runIds;
  // Ten ticks in: the page used to wait for ten ticks without a progress event and then call the run
  // another process's, until this process's next progress event (every 250 ms) said otherwise.
  await expect.poll(async () => (await call(app, 'runs.series', { id: id! })).ticks.length, { timeout: 180_000 }).toBeGreaterThanOrEqual(10);
  // Every text the bar shows from the page's first frame, recorded inside the page.
  await app.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __bar: string[] }).__bar = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[aria-label="This run"]')?.textContent;
      if (text && text !== seen.at(-1)) seen.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await app.goto('about:blank');
  await app.goto(`${server.origin}/#/live/${id}`);
  const bar = app.locator('[aria-label="This run"]');
  await expect(bar).toContainText(/of 8\.00 s/);
  await expect(app.locator('h1 .badge')).toHaveText('succeeded', { timeout: 60_000 });
  const seen = await app.evaluate(() => (window as unknown as { __bar: string[] }).__bar);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.filter((text) => text.includes('another process'))).toEqual([]);
});

test("an experiment another process runs is counted from the history: its runs, and how many have ended", async ({ app, gmpw: server }) => {
  test.setTimeout(240_000);
  await app.goto(`${server.origin}/#/live`);
  // The data directory is shared with the other specs of this worker: count only the runs this CLI adds.
  const before = new Set((await call(app, 'runs.list', {})).runs.map((r) => r.id));
  const cli = spawn(process.execPath, [gmpw, 'run', '--scenario', 'idle', '--duration', '2s', '--concurrency', '1', '--repeat', '3', '--data-dir', server.dataDir], { stdio: 'ignore', env: { ...process.env, GMPW_MACHINE_LOCK: server.machineLock } });
  const exited = new Promise<number | null>((done) => cli.once('close', (code) => done(code)));
  try {
    const bar = app.locator('[aria-label="Experiment"]');
    // Each count shows while the runs after it wait (2 s runs): the page passes through them in order.
    await expect(bar).toContainText('0 of 3 runs done', { timeout: 180_000 });
    await expect(bar).toContainText('1 of 3 runs done', { timeout: 60_000 });
    await expect(bar).toContainText('2 of 3 runs done', { timeout: 60_000 });
    expect(await exited).toBe(0);
    await expect(bar).toContainText('3 of 3 runs done');
    const added = (await call(app, 'runs.list', {})).runs.filter((r) => !before.has(r.id));
    expect(added.map((r) => r.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(new Set(added.map((r) => r.experimentId)).size).toBe(1);
    expect(added[0]!.experimentId).not.toBeNull();
    // Once every run has ended, the page leads to the experiment's statistics per cell.
    await app.getByTestId('live-cells').click();
    await expect(app).toHaveURL(new RegExp(`#/cells/${added[0]!.experimentId}`));
    await expect(app.getByTestId('cells-page')).toBeVisible();
  } finally {
    if (cli.exitCode === null) cli.kill('SIGINT');
    await exited;
  }
});
