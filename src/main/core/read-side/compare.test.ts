// Comparison warnings, on runs stored in a real SQLite history from result.json documents shaped as
// the harness writes them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storedScenarioRun, tempDataDir } from '../../../../test/support/store-fixtures';
import { Store } from '../store';
import { provenanceWarnings } from './compare';

let data: ReturnType<typeof tempDataDir>;
let store: Store;
beforeEach(() => {
  data = tempDataDir();
  store = Store.open(data.dir);
});
afterEach(() => {
  store.close();
  data.cleanup();
});

const stored = (configured: number, inForce: number, params: Record<string, string>) => storedScenarioRun(store, configured, inForce, params);

describe('provenanceWarnings', () => {
  it('compares the GOMAXPROCS in force, and says when a run did not run at the one it started with', () => {
    const base = stored(2, 2, { hogs: '2' });
    const cand = stored(2, 1, { hogs: '2' });
    expect(base.provenance?.gomaxprocs).toBe(2);
    expect(cand.provenance).toMatchObject({ gomaxprocs: 1, gomaxprocsConfigured: 2, gomaxprocsChanges: [{ t: 0.0018, phase: 'measure', from: 2, to: 1 }] });
    expect(provenanceWarnings(base, [cand])).toEqual([
      `Run ${cand.run.id} ran at GOMAXPROCS 1, not the 2 it started with: the program or the runtime changed it.`,
      `Run ${cand.run.id}: GOMAXPROCS 1 differs from the baseline's 2.`,
    ]);
  });

  it('flags scenario parameters that differ, defaults included, like provenance', () => {
    const base = stored(2, 2, { hogs: '2', spin: '10ms' });
    const cand = stored(2, 2, { hogs: '4', spin: '10ms' });
    const other = stored(2, 2, { hogs: '2' });
    expect(provenanceWarnings(base, [cand, other])).toEqual([
      `Run ${cand.run.id}: parameter hogs 4 differs from the baseline's 2.`,
      `Run ${other.run.id}: parameter spin not set differs from the baseline's 10ms.`,
    ]);
    expect(provenanceWarnings(base, [stored(2, 2, { spin: '10ms', hogs: '2' })])).toEqual([]);
  });
});
