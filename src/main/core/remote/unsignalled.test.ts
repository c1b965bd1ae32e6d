// How a remote run ends when its host did not answer a stop signal, decided from what the first
// SIGTERM met. The loopback tests (launch.test.ts) play the unanswered SIGTERM (sshd frozen before
// the deadline), a cancel over a frozen link and an unanswered SIGKILL after an answered SIGTERM;
// here every case of the decision, the one whose target had ended unseen included.
import { describe, expect, it } from 'vitest';
import { keptFilesHost } from '../../../shared/kept-files';
import { RemoteRunDir } from './layout';
import { unsignalledEnd, unsignalledError, type Unsignalled } from './unsignalled';

const kept = new RemoteRunDir('261205-053000-1a2b').keptAt('lab');
const BANNER = 'Connection timed out during banner exchange';
const left = 'its process group there may still be running: …';
/** A cancel over a link that stalled before it: the host answered neither signal. */
const cancelled: Unsignalled = { host: 'lab', failed: { signal: 'TERM', reason: BANNER }, term: { quietS: 3, group: null }, termAnswered: false, timedOut: false, left, exit: 137, kept };
/** The deadline's SIGTERM answered (the target still running there), its SIGKILL 5 s later not. */
const overran: Unsignalled = { ...cancelled, failed: { signal: 'KILL', reason: BANNER }, term: { quietS: 7, group: 'running' }, termAnswered: true, timedOut: true };

describe('a run whose host did not answer its stop signal', () => {
  it('says where the host keeps its files, so that the Run page offers to fetch them', () => {
    const error = unsignalledError(cancelled);
    expect(error).toBe(
      `the run's process group on host lab could not be signalled (${BANNER}), and its files were not fetched; its process group there may still be running: …; ` +
        "exit 137 is this machine's ssh client's, not the target's; its files are kept on host lab in ~/.gmpw/runs/261205-053000-1a2b/out, until a run there finds them more than 1 day old",
    );
    // A cancel over a dead link ends the run cancelled with this error.
    expect(unsignalledEnd(cancelled)).toEqual({ error, exitUnknown: true, stalled: false });
    expect(keptFilesHost({ state: 'cancelled', host: 'lab', error, filesFetchedAt: null })).toBe('lab');
  });

  it('takes the deadline for a stalled link only when the SIGTERM says so, whichever signal\'s ssh failed', () => {
    // The SIGTERM answered, the target still running: it overran, and the run times out (not stalled),
    // its error saying which signal went unanswered; the files stay on the host.
    const late = unsignalledEnd(overran);
    expect(late).toEqual({ error: expect.stringMatching(/^the run's process group on host lab got SIGTERM but could not be sent SIGKILL \(Connection timed out during banner exchange\), and its files were not fetched; /), exitUnknown: true, stalled: false });
    expect(keptFilesHost({ state: 'timed-out', host: 'lab', error: late.error, filesFetchedAt: null })).toBe('lab');
    // Answered, but ps could not tell: as the answered SIGTERM of a run whose end came through, an overrun.
    expect(unsignalledEnd({ ...overran, term: { quietS: 7, group: null } }).stalled).toBe(false);
    // Not answered (whichever signal's ssh failed first): a stalled link, whether the target finished unknown.
    for (const signal of ['TERM', 'KILL'] as const) {
      const unanswered = unsignalledEnd({ ...overran, failed: { signal, reason: BANNER }, term: { quietS: 9, group: null }, termAnswered: false });
      expect(unanswered.stalled).toBe(true);
      expect(unanswered.error).toMatch(/^the connection to host lab stalled \(no byte had come from it to the run's terminal in the 9 s before SIGTERM was sent, and a new connection got no answer: Connection timed out during banner exchange\): the run's deadline passed, but whether its target finished is unknown; .*; its files are kept on host lab in ~\//);
    }
    // Answered that the target had ended there unseen (its session stalled), then the SIGKILL not: a stall.
    const unseen = unsignalledEnd({ ...overran, term: { quietS: 6, group: 'ended' } });
    expect(unseen).toEqual({
      error:
        "the connection to host lab stalled (no byte had come from it to the run's terminal in the 6 s before SIGTERM was sent, though the host answered a new connection): the target had ended there before the run's deadline; " +
        `its files could not be fetched: the host did not answer SIGKILL's connection (${BANNER}); ${kept}`,
      exitUnknown: true,
      stalled: true,
    });
    // A cancel is a cancel: no deadline to judge.
    expect(unsignalledEnd({ ...overran, timedOut: false }).stalled).toBe(false);
  });
});
