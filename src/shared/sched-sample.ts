// The runtime's sample of scheduler latency (/sched/latencies:seconds) across Go releases: before
// Go 1.26 it holds another population (golang/go#79391; runs of Go 1.24 and 1.25 here held 29–41
// waits of 0–64 ns in 50–61 samples, where Go 1.26 held 1–3 in 17–28 and the trace none under
// 128 ns), so a sample is read, compared and judged only beside samples of its own side of 1.26.
import { isGo126OrLater } from './go-release';

/** Whether the Go that ran samples as Go 1.26 and later do. */
export const samplesAsGo126 = isGo126OrLater;

/** Said beside a sample of a Go before 1.26. */
export const SAMPLED_BEFORE_GO126 = "Go before 1.26 samples another population here (golang/go#79391): not comparable with a Go 1.26+ run's sample, nor with the trace's waits";

/**
 * For a table of runs' latencies, some sampled: which of them were sampled by a Go before 1.26, and
 * that their figures are another population ("the sampled latencies of R (go1.22.12): Go before…");
 * null when none was.
 */
export function sampledBeforeGo126Note(runs: readonly { id: string; sampled: boolean; goVersion: string | null }[]): string | null {
  const before = runs.filter((r) => r.sampled && r.goVersion !== null && !samplesAsGo126(r.goVersion));
  if (before.length === 0) return null;
  return `the sampled latencies of ${before.map((r) => `${r.id} (${r.goVersion})`).join(', ')}: ${SAMPLED_BEFORE_GO126}`;
}
