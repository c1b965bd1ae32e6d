// A run started by `gmpw run` in another process, on the same data directory, while the page is
// open: it appears on the Live page, updates (ticks from its metrics.jsonl) and finishes, with no
// reload; the history lists it.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { call } from './api-call';
import { expect, test } from './fixtures';

const gmpw = join(resolve(__dirname, '..', '..'), 'bin', 'gmpw.mjs');

test('a run started from the CLI appears, updates and finishes live', async ({ app, gmpw: server }) => {
  test.setTimeout(240_000);
  await app.goto(`${server.origin}/#/live`);
  await expect(app.getByText('Nothing is running')).toBeVisible();

  const cli = spawn(process.execPath, [gmpw, 'run', '--scenario', 'idle', '--duration', '8s', '--concurrency', '1', '--data-dir', server.dataDir, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
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
    await expect(app.getByTestId('live-target')).toHaveText(/^idle · GOMAXPROCS .+ · concurrency 1 · 8s$/);
    const bar = app.locator('[aria-label="This run"]');
    await expect(bar).toContainText(/of 8\.00 s by its own metrics \(another process runs it\)/);
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
