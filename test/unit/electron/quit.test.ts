// Electron's quit waits for the core to close, once, however often quitting is asked for.
import { describe, expect, it } from 'vitest';
import { closeBeforeQuit, type QuittableApp } from '../../../src/main/electron/quit';

function fakeApp() {
  let listener: ((event: { preventDefault(): void }) => void) | null = null;
  const log: string[] = [];
  const app: QuittableApp = {
    on: (_event, l) => (listener = l),
    quit: () => {
      log.push('quit asked');
      let prevented = false;
      listener!({ preventDefault: () => (prevented = true) });
      log.push(prevented ? 'held' : 'exited');
    },
  };
  return { app, log };
}

describe('closeBeforeQuit', () => {
  it('holds the quit until the core has closed, closes once, then lets it through', async () => {
    const { app, log } = fakeApp();
    let finish!: () => void;
    let closes = 0;
    closeBeforeQuit(app, () => (closes++, log.push('closing'), new Promise<void>((r) => (finish = r))), () => undefined);
    app.quit();
    app.quit(); // impatient second Cmd-Q while the run is being cancelled
    expect(log).toEqual(['quit asked', 'closing', 'held', 'quit asked', 'held']);
    finish();
    await new Promise((r) => setTimeout(r, 0));
    expect(log.slice(5)).toEqual(['quit asked', 'exited']);
    expect(closes).toBe(1);
  });

  it('still quits when closing fails, and reports the failure', async () => {
    const { app, log } = fakeApp();
    const errors: unknown[] = [];
    closeBeforeQuit(app, () => Promise.reject(new Error('disk gone')), (err) => errors.push(err));
    app.quit();
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(['quit asked', 'held', 'quit asked', 'exited']);
    expect(errors).toEqual([new Error('disk gone')]);
  });
});
