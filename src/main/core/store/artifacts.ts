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

/** cpu.pprof → cpu, trace.out → trace, sched.pprof → sched …; anything else is "file". */
export function artifactKind(name: string): string {
  if (KIND_BY_NAME[name]) return KIND_BY_NAME[name];
  const profile = /^([a-z]+)\.pprof$/.exec(name);
  return profile ? profile[1] : 'file';
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
