import { describe, expect, it } from 'vitest';
import { keptFilesHost } from '../../../shared/kept-files';
import { RemoteRunDir } from './layout';
import { unsignalledError } from './unsignalled';

const kept = new RemoteRunDir('261205-053000-1a2b').keptAt('lab');
const base = { host: 'lab', reason: 'Connection timed out during banner exchange', left: 'its process group there may still be running: …', exit: 137, kept };

describe('a run whose host did not answer its stop signal', () => {
  it('says where the host keeps its files, so that the Run page offers to fetch them', () => {
    const error = unsignalledError(base);
    expect(error).toBe(
      "the run's process group on host lab could not be signalled (Connection timed out during banner exchange), and its files were not fetched; its process group there may still be running: …; " +
        "exit 137 is this machine's ssh client's, not the target's; its files are kept on host lab in ~/.gmpw/runs/261205-053000-1a2b/out, until a run there finds them more than 1 day old",
    );
    // A cancel over a dead link ends the run cancelled with this error.
    expect(keptFilesHost({ state: 'cancelled', host: 'lab', error, filesFetchedAt: null })).toBe('lab');
  });
});
