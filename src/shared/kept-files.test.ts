import { describe, expect, it } from 'vitest';
import { keptFiles, keptFilesHost, keptFilesText } from './kept-files';

const kept = keptFilesText('lab', '.gmpw/runs/r1/out', 1);
const failed = { state: 'failed' as const, host: 'lab', error: `the run's files could not be fetched from host lab: session refused; ${kept}`, filesFetchedAt: null };

describe('keptFilesHost', () => {
  it('reads the host from the clause keptFilesText writes', () => {
    expect(kept).toBe('its files are kept on host lab in ~/.gmpw/runs/r1/out, until a run there finds them more than 1 day old');
    expect(keptFilesHost(failed)).toBe('lab');
    // Wherever the clause sits in the error, and whichever way the run ended without succeeding.
    expect(keptFilesHost({ ...failed, state: 'cancelled', error: `cancelled while its fetch waited; ${kept}; nothing else` })).toBe('lab');
    expect(keptFilesHost({ ...failed, state: 'timed-out' })).toBe('lab');
  });

  it('reads the folder and the whole clause too, as the error wrote them', () => {
    expect(keptFiles(failed)).toEqual({ host: 'lab', folder: '~/.gmpw/runs/r1/out', clause: kept });
    expect(keptFiles({ ...failed, error: `cancelled while its fetch waited; ${kept}; nothing else` })?.clause).toBe(kept);
    expect(keptFiles({ ...failed, error: `${keptFilesText('lab', '.gmpw/runs/r1/out', 3)}.` })?.clause).toBe(keptFilesText('lab', '.gmpw/runs/r1/out', 3));
    expect(keptFiles({ ...failed, host: 'lab2' })).toBeNull();
  });

  it('is null for a run whose host keeps nothing, or whose kept files came since', () => {
    expect(keptFilesHost({ ...failed, filesFetchedAt: '2026-12-05T06:00:00.000Z' })).toBeNull();
    expect(keptFilesHost({ ...failed, error: "the run's files could not be fetched from host lab: session refused" })).toBeNull();
    expect(keptFilesHost({ ...failed, error: null })).toBeNull();
    expect(keptFilesHost({ ...failed, state: 'running' })).toBeNull();
    expect(keptFilesHost({ ...failed, state: 'succeeded' })).toBeNull();
    expect(keptFilesHost({ ...failed, host: 'local' })).toBeNull();
    // An error that names another host than the run's says nothing of this run's files.
    expect(keptFilesHost({ ...failed, host: 'lab2' })).toBeNull();
  });
});
