// Which process owns an active run. The app and gmpw may share a data directory; at start-up each
// marks the runs a dead session left active as interrupted, and must not touch runs that another
// live process is executing. A run's owner is a file <data>/active/<run id> holding its pid and
// start time: a pid reused by another process since does not keep the run from being recovered.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProcessId, identify, isSameProcess, parseProcessId } from '../process/process-identity';

export class RunOwnership {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  claim(id: string): void {
    writeFileSync(join(this.dir, id), formatProcessId(identify(process.pid)));
  }

  release(id: string): void {
    rmSync(join(this.dir, id), { force: true });
  }

  /** True unless a live process other than this one claims the run. */
  isAbandoned(id: string): boolean {
    let owner: ReturnType<typeof parseProcessId>;
    try {
      owner = parseProcessId(readFileSync(join(this.dir, id), 'utf8'));
    } catch {
      return true;
    }
    const abandoned = !owner || owner.pid === process.pid || !isSameProcess(owner);
    if (abandoned) this.release(id);
    return abandoned;
  }
}
