// Which process owns an active run. The app and gmpw may share a data directory; at start-up each
// marks the runs a dead session left active as interrupted, and must not touch runs that another
// live process is executing. A run's owner is a file <data>/active/<run id> holding its pid.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Whether a process with this pid exists (EPERM: it does, owned by someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class RunOwnership {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  claim(id: string): void {
    writeFileSync(join(this.dir, id), String(process.pid));
  }

  release(id: string): void {
    rmSync(join(this.dir, id), { force: true });
  }

  /** True unless a live process other than this one claims the run. */
  isAbandoned(id: string): boolean {
    let pid: number;
    try {
      pid = Number(readFileSync(join(this.dir, id), 'utf8'));
    } catch {
      return true;
    }
    const abandoned = !Number.isInteger(pid) || pid === process.pid || !isAlive(pid);
    if (abandoned) this.release(id);
    return abandoned;
  }
}
