// The Go benchmark format export of stored runs (real SQLite history, result.json as the harness writes it).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storedScenarioRun, tempDataDir } from '../../../../test/support/store-fixtures';
import { parseBenchfmt } from '../benchfmt';
import { Store } from '../store';
import { exportBenchfmt } from './benchfmt-export';

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

describe('exportBenchfmt', () => {
  it('names each run by every parameter it ran with and the GOMAXPROCS in force; the configured one is a key when it differs', () => {
    const params = { 'hog-work': '1000000', 'light-work': '1000' };
    const overridden = storedScenarioRun(store, 2, 1, params);
    const honest = storedScenarioRun(store, 2, 2, params);
    const { results } = parseBenchfmt(exportBenchfmt([overridden, honest]).text);
    expect(results.map((r) => r.name)).toEqual(['PingpongHog/hog-work=1000000/light-work=1000/concurrency=8-1', 'PingpongHog/hog-work=1000000/light-work=1000/concurrency=8-2']);
    expect(results[0].config['gomaxprocs-configured']).toBe('2');
    expect(results[1].config).not.toHaveProperty('gomaxprocs-configured');
  });
});
