// The file each capture writes in a run's folder, so that what a run asked for can be checked
// against what it kept: the harness writes KIND.pprof, trace.out and flight.trace; go test writes
// its memory profile, the allocs capture included, as heap.pprof (-test.memprofile).
import type { CaptureKind, Target } from './domain';

export function captureFile(kind: CaptureKind, target: Target['kind']): string {
  if (kind === 'trace') return 'trace.out';
  if (kind === 'flight') return 'flight.trace';
  if (kind === 'allocs' && target === 'bench') return 'heap.pprof';
  return `${kind}.pprof`;
}

/** The captures asked for whose file is not among `files` (the run ended first, or a host's files were not fetched). */
export function capturesNotKept(asked: readonly CaptureKind[], target: Target['kind'], files: readonly string[]): CaptureKind[] {
  return asked.filter((kind) => !files.includes(captureFile(kind, target)));
}
