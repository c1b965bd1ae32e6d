// Flame graphs of a stored run with a CPU, a block and a goroutine profile (real profiles from
// test/fixtures/profgen): the page opens on the CPU profile.
import { makeProfiles } from '../support/go-profiles';
import { expect, test } from './fixtures';
import { storeRun } from './stored-runs';

test('the flame graphs open on the CPU profile when the run captured one', async ({ app, gmpw }) => {
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
