// The files a failed remote run's host kept, fetched from its Run page: a throwaway sshd on
// 127.0.0.1 refuses the run's own fetch (its files stay there) and the page's first try, then lets
// the second in; the page then shows what runs.get says of the run.
import { call } from './api-call';
import { expect, test } from './fixtures';
import { formatDuration, formatTimestamp } from '../../src/renderer/src/format';
import { startSshd, sshdAvailable } from '../support/sshd';
import { ERROR_BEFORE_FETCH } from '../../src/shared/kept-files';

test("a failed remote run's kept files are fetched from its page, a failed try said in place", async ({ app, gmpw, shot }) => {
  test.skip(!sshdAvailable(), 'needs OpenSSH: /usr/sbin/sshd and ssh');
  test.setTimeout(240_000);
  const page = app;
  // The run's own fetch and the page's first are refused as a host's command filter would (status 1: no retries).
  const sshd = await startSshd({ refuse: { text: 'tar -cf', times: 2, status: 1 } });
  try {
    await call(page, 'hosts.add', { name: 'keep', destination: sshd.destination, sshOptions: sshd.sshOptions });
    const plan = { target: { kind: 'scenario', id: 'chan-sync-pingpong' }, duration: '300ms', concurrency: [1], gomaxprocs: [1], capture: ['trace'], hosts: ['keep'] };
    const id = (await call(page, 'runs.start', { plan })).runIds[0]!;
    await expect.poll(async () => (await call(page, 'runs.get', { id })).run.state, { timeout: 200_000, intervals: [500] }).toBe('failed');
    const before = (await call(page, 'runs.get', { id })).run;
    const kept = `its files are kept on host keep in ~/.gmpw/runs/${id}/out, until a run there finds them more than 1 day old`;
    expect(before.error).toContain(kept);

    await page.goto(`${gmpw.origin}/#/run/${id}`);
    const summary = page.getByTestId('run-summary');
    await expect(summary).toContainText(before.error!);
    await expect(page.getByTestId('no-trace-figures')).toBeVisible();
    const fetchButton = summary.getByRole('button', { name: 'Fetch the files kept on host keep' });

    // Held until the page has shown that it is fetching.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/runs.fetchKept', async (route) => {
      await held;
      await route.continue();
    });
    await fetchButton.click();
    const fetching = summary.getByRole('button', { name: 'Fetching from host keep…' });
    await expect(fetching).toBeDisabled();
    release();
    // The host refused: said under the button, the run's error and the button as they were.
    await expect(summary.getByRole('alert')).toHaveText(`the files of run ${id} could not be fetched from host keep: session refused; ${kept}`);
    await expect(fetchButton).toBeEnabled();
    await expect(summary).toContainText(before.error!);
    expect((await call(page, 'runs.get', { id })).run.filesFetchedAt).toBeNull();
    await shot('refused');

    await fetchButton.click();
    await expect(page.getByTestId('files-fetched')).toBeVisible({ timeout: 60_000 });
    const d = await call(page, 'runs.get', { id });
    expect([d.run.state, d.run.error]).toEqual([before.state, before.error]);
    await expect(page.getByTestId('files-fetched')).toHaveText(` · files fetched later from host keep, at ${formatTimestamp(d.run.filesFetchedAt)}`);
    await expect(summary).toContainText(`(${ERROR_BEFORE_FETCH}) ${d.run.error}`);
    await expect(summary.getByRole('button')).toHaveCount(0);
    await expect(summary.getByRole('alert')).toHaveCount(0);
    // The files and their analysis are the page's now.
    await expect(page.getByTestId('artifacts').locator('tbody tr')).toHaveCount(d.artifacts.length);
    for (const name of ['result.json', 'trace.out', 'analysis.json']) expect(d.artifacts.map((a) => a.name)).toContain(name);
    await expect(page.getByTestId('sched-p99')).toHaveText(formatDuration(d.run.schedP99));
    await expect(page.getByTestId('no-trace-figures')).toHaveCount(0);
    await expect(page.locator('section#goroutines')).toBeVisible();
    // The flame graphs of the trace's profiles, the first drawn (no CPU profile was asked for); the
    // panel had none to pick from before they came.
    const profiles = page.locator('section#profiles');
    await expect(profiles.getByRole('tab')).toHaveCount(d.profiles.length);
    await expect(profiles.getByRole('tab', { selected: true })).toHaveText(d.profiles[0]!.replace(/\.pprof$/, ''));
    await expect(profiles.getByTestId('flame-graph')).toBeVisible();
    await expect(profiles.getByRole('alert')).toHaveCount(0);
    await shot('fetched');
  } finally {
    sshd.stop();
  }
});
