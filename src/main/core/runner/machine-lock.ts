// One stress run at a time on this machine, not only in this process: the app and gmpw may share
// a data directory, and two runs side by side would disturb each other's numbers (docs/ARCHITECTURE.md §3).
// The holder writes "<pid> <start time> <token>" to <data>/runner.lock, created exclusively; a lock
// whose process is gone is taken over, also when its pid now names another process (the start time
// differs), which must not block every run until that process ends.
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatProcessId, identify, isSameProcess, parseProcessId } from './process-identity';

const POLL_MS = 250;

export class MachineLock {
  private readonly mine = `${formatProcessId(identify(process.pid))} ${randomBytes(6).toString('hex')}`;

  constructor(private readonly file: string) {}

  /** Waits until this process holds the lock; rejects with an AbortError when `signal` aborts first. */
  async acquire(signal: AbortSignal, onWait?: (holderPid: number) => void): Promise<void> {
    let told = false;
    for (;;) {
      try {
        writeFileSync(this.file, this.mine, { flag: 'wx' });
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = this.holder();
      if (holder === this.mine) return;
      const recorded = holder ? parseProcessId(holder) : null;
      if (!recorded || !isSameProcess(recorded)) {
        rmSync(this.file, { force: true }); // left by a process that died holding it
        continue;
      }
      if (!told) onWait?.(recorded.pid);
      told = true;
      await sleep(POLL_MS, undefined, { signal });
    }
  }

  release(): void {
    if (this.holder() === this.mine) rmSync(this.file, { force: true });
  }

  private holder(): string | null {
    try {
      return readFileSync(this.file, 'utf8');
    } catch {
      return null;
    }
  }
}
