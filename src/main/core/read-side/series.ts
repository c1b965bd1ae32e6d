// A run's metrics ticks: the stored series once the run has finished, or, while it runs (or when
// saving failed), whatever complete lines its metrics.jsonl holds so far.
import { join } from 'node:path';
import type { MetricsTick } from '../../../shared/domain';
import { metricsFileTicks } from '../metrics-file';
import type { Store } from '../store';

export async function runSeries(store: Store, id: string): Promise<MetricsTick[]> {
  store.requireRun(id);
  const stored = store.getSeries(id);
  if (stored) return stored;
  return metricsFileTicks(join(store.runDir(id), 'metrics.jsonl'));
}
