// A run's metrics ticks: the stored series once the run has finished, or, while it runs (or when
// saving failed), whatever complete lines its metrics.jsonl holds so far.
import { join } from 'node:path';
import { parseMetricsText, type MetricsTick } from '../../../shared/domain';
import { openRegularFile, readFromStart } from '../regular-file';
import type { Store } from '../store';

export async function runSeries(store: Store, id: string): Promise<MetricsTick[]> {
  store.requireRun(id);
  const stored = store.getSeries(id);
  if (stored) return stored;
  return parseMetricsText(await metricsText(join(store.runDir(id), 'metrics.jsonl')));
}

/** metrics.jsonl as written so far; '' when it is not there, or is not a regular file (a FIFO's open would wait for a writer). */
async function metricsText(path: string): Promise<string> {
  const handle = await openRegularFile(path, { followLink: false }).catch(() => null);
  if (!handle) return '';
  try {
    return (await readFromStart(handle)).toString('utf8');
  } finally {
    await handle.close();
  }
}
