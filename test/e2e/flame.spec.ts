// Flame graphs of a stored run with a CPU, a block and a goroutine profile (real profiles from
// test/fixtures/profgen): the page opens on the CPU profile, whose samples a label picks.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPercent, formatValue } from '../../src/renderer/src/format';
import { labelShares } from '../../src/shared/flame-labels';
import { makeProfiles } from '../support/go-profiles';
import { call } from './api-call';
import { expect, test } from './fixtures';
import { storeRun } from './stored-runs';

test('the flame graphs open on the CPU profile when the run captured one, and a label picks its samples', async ({ app, gmpw }) => {
  // The default 300 ms of work: a 50 ms CPU profile held no sample once on a loaded CI machine.
  const { sets, cleanup } = makeProfiles(['base']);
  try {
    const id = await storeRun(gmpw.dataDir, { files: [sets.base.block, sets.base.cpu, sets.base.goroutine] });
    await app.goto(`${gmpw.origin}/#/run/${id}`);
    const tabs = app.getByRole('tablist', { name: 'Profiles' });
    // block sorts first by name: it was the default before.
    await expect(tabs.getByRole('tab')).toHaveText(['block', 'cpu', 'goroutine']);
    await expect(tabs.getByRole('tab', { name: 'cpu' })).toHaveAttribute('aria-selected', 'true');
    await expect(app.getByTestId('flame-graph')).toContainText('cpu/nanoseconds');
    // Its samples by label (profgen's pprof.Do labels): picking one draws the tree runs.flame gives for it.
    const picker = app.getByTestId('flame-focus');
    const whole = await call(app, 'runs.flame', { id, profile: 'cpu.pprof' });
    const shares = labelShares(whole.labels);
    await expect(picker.locator('option:not([disabled])')).toHaveText([`all (${formatValue(whole.labels.total, whole.unit)})`, ...shares.flatMap((k) => k.values.map((v) => `${k.key}=${v.value} (${formatPercent(v.share)})`))]);
    expect(shares.map((k) => k.key)).toEqual(['part', 'variant']);
    await picker.selectOption({ label: `part=own (${formatPercent(shares[0]!.values.find((v) => v.value === 'own')!.share)})` });
    const own = await call(app, 'runs.flame', { id, profile: 'cpu.pprof', focus: { key: 'part', value: 'own' } });
    expect(own.total).toBeLessThan(whole.total);
    await expect(app.getByTestId('flame-focus-share')).toHaveText(`the samples labelled part=own: ${formatValue(own.total, own.unit)} of the profile's ${formatValue(whole.total, whole.unit)} (${formatPercent(own.total / whole.total)})`);
    await expect(app.getByTestId('flame-graph')).toContainText(`total ${formatValue(own.total, own.unit)}`);
    await picker.selectOption({ index: 0 });
    await expect(app.getByTestId('flame-graph')).toContainText(`total ${formatValue(whole.total, whole.unit)}`);
    await expect(app.getByTestId('flame-focus-share')).toHaveText('');
    // A block profile may be the runtime's or derived from a trace: each says which.
    await expect(app.getByTestId('profile-origin')).toHaveText("cpu.pprof: written by the program's runtime (pprof): sampled");
    await tabs.getByRole('tab', { name: 'block' }).click();
    await expect(app.getByTestId('profile-origin')).toHaveText("block.pprof: written by the program's runtime (pprof): sampled");
    // Every goroutine there was, not a sample of them.
    await tabs.getByRole('tab', { name: 'goroutine' }).click();
    await expect(app.getByTestId('profile-origin')).toHaveText("goroutine.pprof: written by the program's runtime (pprof): all of them when it was written, not a sample");
  } finally {
    cleanup();
  }
});

test('a profile that cannot be read says so, naming the file, and offers no Retry: reading it again cannot help', async ({ app, gmpw }) => {
  const dir = mkdtempSync(join(tmpdir(), 'gmpw-corrupt-profile-'));
  try {
    const garbage = join(dir, 'cpu.pprof');
    writeFileSync(garbage, 'not a profile at all, and not gzip either\n');
    const id = await storeRun(gmpw.dataDir, { files: [garbage] });
    await app.goto(`${gmpw.origin}/#/run/${id}`);
    const alert = app.getByRole('alert').filter({ hasText: 'cpu.pprof' });
    await expect(alert).toContainText('cpu.pprof is not a readable pprof profile: ');
    await expect(alert.getByRole('button', { name: 'Retry' })).toHaveCount(0);
    await expect(app.getByTestId('flame-graph')).toHaveCount(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
