// Runs written straight into a `gmpw serve`'s history (its SQLite file and run folders), as another
// process sharing the data directory would: the pages are then checked against known stored data.
import { copyFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Store } from '../../src/main/core/store';
import type { MetricsTick, RunConfigInput } from '../../src/shared/domain';
import { harnessResult, runConfig, type ResultShape } from '../support/store-fixtures';

export interface StoredRunSpec {
  config?: Partial<RunConfigInput>;
  result?: ResultShape;
  /** Files copied into the run's folder and registered as its artifacts. */
  files?: string[];
  /** The metrics series, as the runner saves it from metrics.jsonl. */
  ticks?: MetricsTick[];
  /** The trace's analysis, as gmptrace writes analysis.json (no trace file with it: the timelines read this alone). */
  analysis?: unknown;
}

/** Stores a succeeded run with its result.json and files; returns its id. */
export async function storeRun(dataDir: string, spec: StoredRunSpec = {}): Promise<string> {
  const store = Store.open(dataDir);
  try {
    const config = runConfig(spec.config);
    const id = store.createRun({ config });
    store.transition(id, 'running');
    store.saveResult(id, harnessResult(spec.result, config));
    for (const file of spec.files ?? []) copyFileSync(file, join(store.runDir(id), basename(file)));
    await store.registerFolder(id);
    if (spec.ticks) store.saveSeries(id, spec.ticks);
    if (spec.analysis) store.saveAnalysis(id, spec.analysis);
    store.transition(id, 'succeeded', { exitCode: 0 });
    return id;
  } finally {
    store.close();
  }
}
