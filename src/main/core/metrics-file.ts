// A run's metrics.jsonl read whole, after the fact (a finished run's fallback, a kept remote run's
// fetch): line by line into a bounded series, as a day's run writes gigabytes, more than one string
// holds (series-buffer.ts merges ticks past its bound, exactly).
import { createInterface } from 'node:readline';
import { parseTick, type MetricsTick } from '../../shared/domain';
import { SeriesBuffer } from '../../shared/series-buffer';
import { openRegularFile } from './regular-file';

/** The ticks of the metrics.jsonl at `path`; none when it is not there or is not a regular file (a FIFO's open would wait for a writer). */
export async function metricsFileTicks(path: string): Promise<MetricsTick[]> {
  const handle = await openRegularFile(path, { followLink: false }).catch(() => null);
  if (!handle) return [];
  const series = new SeriesBuffer();
  try {
    const lines = createInterface({ input: handle.createReadStream({ start: 0, autoClose: false }), crlfDelay: Infinity });
    for await (const line of lines) {
      const tick = parseTick(line);
      if (tick) series.add(tick);
    }
  } finally {
    await handle.close();
  }
  return series.ticks();
}
