// One stress run at a time on this machine, not only in this process: the app and gmpw, whatever
// data folders they keep, would disturb each other's numbers. (Per user: another user's workbench,
// or one run with sudo, has its own lock; paths.ts, machineLockFile, says why.)
// The lock is SQLite's exclusive lock on that file, which is a lock the kernel keeps for
// the holder (fcntl on POSIX, LockFileEx on Windows). Taking it is one atomic step, and the kernel
// drops it when its holder ends, however it ends: there is no stale lock file to judge and delete
// (a create-then-write file let a second process read it empty, call it stale and take it too),
// and no recorded PID that a recycled, unrelated process could keep "alive". Beside it,
// machine.lock.pid names the holder, for the waiting message only.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3, { type Database } from 'better-sqlite3';

const POLL_MS = 250;

export interface MachineLockOptions {
  /** better-sqlite3's compiled addon for this runtime (Electron). */
  nativeBinding?: string;
}

export class MachineLock {
  private held: Database | null = null;

  constructor(
    private readonly file: string,
    private readonly opts: MachineLockOptions = {},
  ) {}

  /**
   * Waits until this instance holds the lock; rejects with an AbortError when `signal` aborts first.
   * `onWait` is told once, with the holder's pid when it is known.
   */
  async acquire(signal: AbortSignal, onWait?: (holderPid: number | null) => void): Promise<void> {
    let told = false;
    for (;;) {
      signal.throwIfAborted();
      if (this.tryTake()) return;
      if (!told) onWait?.(this.holderPid());
      told = true;
      await sleep(POLL_MS, undefined, { signal });
    }
  }

  /** Lets the next waiter in; a no-op when this instance does not hold the lock. */
  release(): void {
    // Closing the connection ends its transaction, and with it the kernel lock.
    this.held?.close();
    this.held = null;
  }

  private tryTake(): boolean {
    if (this.held) return true;
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const db = new BetterSqlite3(this.file, { timeout: 0, nativeBinding: this.opts.nativeBinding });
    try {
      db.exec('BEGIN EXCLUSIVE');
    } catch (err) {
      db.close();
      if ((err as { code?: string }).code === 'SQLITE_BUSY') return false;
      throw err;
    }
    this.held = db;
    writeFileSync(`${this.file}.pid`, String(process.pid));
    return true;
  }

  private holderPid(): number | null {
    try {
      const pid = Number(readFileSync(`${this.file}.pid`, 'utf8'));
      return Number.isInteger(pid) && pid > 0 ? pid : null;
    } catch {
      return null;
    }
  }
}
