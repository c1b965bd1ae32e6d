// A run on a remote host from the New run form, in headless Chromium over browser mode: a throwaway
// sshd on 127.0.0.1 is added as a host, the Machines picker checks it and sends the run there, and
// the run page names the host it ran on.
import { availableParallelism } from 'node:os';
import { call } from './api-call';
import { expect, test } from './fixtures';
import { pickScenario } from './new-run';
import { startSshd, sshdAvailable } from '../support/sshd';

test('the Machines picker checks a host and runs a scenario there', async ({ app, shot }) => {
  test.skip(!sshdAvailable(), 'needs OpenSSH: /usr/sbin/sshd and ssh');
  test.setTimeout(240_000);
  const page = app;
  // The host says it has one CPU more than this machine: a run there without a concurrency uses its count.
  const sshd = await startSshd({ reportedCpus: availableParallelism() + 1 });
  try {
    await call(page, 'hosts.add', { name: 'loop', destination: sshd.destination, sshOptions: sshd.sshOptions });
    await page.keyboard.press('Escape');
    await page.keyboard.press('n');
    await expect(page.getByRole('heading', { name: 'New run' })).toBeVisible();
    await pickScenario(page, 'chan-sync-pingpong');
    await page.locator('[data-field="plan.duration"] input').fill('1s');
    // One run a machine: the grid preview would otherwise default to 4 a cell.
    await page.locator('[data-field="plan.repeat"] input').fill('1');

    const machines = page.locator('[data-field="plan.hosts"]');
    await machines.locator('.host-row', { hasText: 'loop' }).getByRole('button', { name: 'Check' }).click();
    const check = await call(page, 'hosts.check', { name: 'loop' });
    await expect(page.getByTestId('host-check-loop')).toContainText(`${check.goos}/${check.goarch}, ${check.numCpu} CPUs, kernel ${check.kernel}`);

    // Both machines: host becomes a dimension of the grid.
    await machines.locator('.host-row', { hasText: 'loop' }).getByRole('checkbox').check();
    await expect(page.getByTestId('grid-preview')).toContainText("hosts local, loop × GOMAXPROCS default × concurrency (each machine's CPU count) = 2 runs");
    await expect(page.locator('[data-field="plan.concurrency"] input')).toHaveAttribute('placeholder', "auto: each machine's CPU count");
    // A CPU limit beside a host is refused as soon as both are chosen, not first at Start; "max" clears it.
    const cpuLimit = page.locator('[data-field="plan.cpuLimit"]');
    await cpuLimit.locator('input').fill('0.5');
    await expect(cpuLimit.locator('.field-error')).toHaveText('a CPU limit applies on this machine only (its cgroups); leave it at max for runs on hosts');
    await cpuLimit.locator('input').fill('max');
    await expect(cpuLimit.locator('.field-error')).toHaveCount(0);
    // This machine off: one run, on the host.
    await machines.locator('.host-row', { hasText: 'this machine' }).getByRole('checkbox').uncheck();
    await expect(page.getByTestId('grid-preview')).toContainText('one run');
    await shot('machines');
    await page.getByRole('button', { name: 'Start run' }).click();
    await expect(page).toHaveURL(/#\/live\/[A-Za-z0-9_-]+$/, { timeout: 60_000 });
    const id = decodeURIComponent(page.url().split('/').pop()!);
    await expect(page.getByRole('link', { name: 'Open the run' })).toBeVisible({ timeout: 200_000 });
    await expect(page.locator('.page-header .badge')).toHaveText('succeeded');
    await expect(page.getByTestId('terminal')).toContainText('gmpw: host loop:');

    await page.getByRole('link', { name: 'Open the run' }).click();
    await expect(page.getByTestId('provenance')).toContainText('host loop');
    // The history says where it ran.
    await page.keyboard.press('r');
    await expect(page.getByTestId('run-host').first()).toHaveText(' on loop');
    // Runs on two machines: the history filters by host, as runs.list does.
    const local = (await call(page, 'runs.start', { plan: { target: { kind: 'scenario', id: 'idle' }, duration: '200ms', concurrency: [1], gomaxprocs: ['default'] } })).runIds[0]!;
    await expect(page.locator(`tr[data-run-id="${local}"]`)).toBeVisible();
    await page.locator('label.filter', { hasText: 'Host' }).locator('select').selectOption('loop');
    await expect(page.locator('tr[data-run-id]')).toHaveCount((await call(page, 'runs.list', { filter: { host: 'loop' } })).runs.length);
    await expect(page.locator(`tr[data-run-id="${id}"]`)).toBeVisible();
    await expect(page.locator(`tr[data-run-id="${local}"]`)).toHaveCount(0);
    await page.locator('label.filter', { hasText: 'Host' }).locator('select').selectOption('local');
    await expect(page.locator(`tr[data-run-id="${local}"]`)).toBeVisible();
    await expect(page.locator(`tr[data-run-id="${id}"]`)).toHaveCount(0);
    const detail = await call(page, 'runs.get', { id });
    expect(detail.config.host).toBe('loop');
    expect(detail.config.concurrency).toBe(check.numCpu);
    expect(check.numCpu).toBe(availableParallelism() + 1);
    expect(detail.provenance?.host).toBe('loop');
  } finally {
    sshd.stop();
  }
});
