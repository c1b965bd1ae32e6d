// Artifact files: what kind a file in a run folder is, and its size and sha256 (streamed, so a
// multi-gigabyte trace never sits in memory).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

const KIND_BY_NAME: Record<string, string> = {
  'terminal.log': 'log',
  'result.json': 'result',
  'metrics.jsonl': 'metrics',
  'analysis.json': 'analysis',
  'trace.out': 'trace',
  'flight.trace': 'flight',
};

/** Kinds that are not a profile's: an imported trace.pprof is a profile, not a trace. */
const NOT_PROFILE_KINDS = new Set([...Object.values(KIND_BY_NAME), 'file']);

/**
 * cpu.pprof → cpu, trace.out → trace, sched.pprof → sched, trace-block.pprof (derived from the trace
 * beside a captured block.pprof) → block, trace.pprof → profile …; anything else is "file".
 */
export function artifactKind(name: string): string {
  if (KIND_BY_NAME[name]) return KIND_BY_NAME[name];
  const profile = /^(?:trace-)?([a-z]+)\.pprof$/.exec(name);
  if (!profile) return 'file';
  return NOT_PROFILE_KINDS.has(profile[1]) ? 'profile' : profile[1];
}

/**
 * Why a stored artifact row is not one the workbench writes, or null when it is: every artifact is
 * a plain file directly in its run's folder, of the kind its name gives, with a sha256 in hex.
 */
export function artifactRowProblem(runId: string, row: { name: string; kind: string; path: string; size: number; sha256: string }): string | null {
  if (!/^[^/\\\0]+$/.test(row.name) || row.name === '.' || row.name === '..') return 'its name is not a file name';
  if (row.path !== `runs/${runId}/${row.name}`) return `its path ${JSON.stringify(row.path)} is not in the run's folder`;
  if (row.kind !== artifactKind(row.name)) return `its kind ${JSON.stringify(row.kind)} is not ${artifactKind(row.name)}`;
  if (!/^[0-9a-f]{64}$/.test(row.sha256)) return 'its sha256 is not 64 hex digits';
  if (!Number.isSafeInteger(row.size) || row.size < 0) return 'its size is not a byte count';
  return null;
}

export async function measureFile(path: string): Promise<{ size: number; sha256: string }> {
  const info = await stat(path);
  if (!info.isFile()) throw new Error(`${path} is not a regular file`);
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: hash.digest('hex') };
}
