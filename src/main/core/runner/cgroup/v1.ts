// A run's group on cgroup v1: one group in the cpu hierarchy (the CPU limit, and the cpu.stat the
// harness samples) and one in the freezer hierarchy, which is how every process is ended: v1 has
// no cgroup.kill, and killing pids one by one races with forks, so the group is frozen first (no
// process in it can run or fork), every pid gets SIGKILL, and the thaw lets them die.
import { dirname, join } from 'node:path';
import { groupPids, makeDir, quotaFor, readText, removeWhenEmpty, waitUntil, writeText } from './group-files';
import type { RunCgroup } from './types';

const FREEZE_TIMEOUT_MS = 2000;

export interface V1Dirs {
  /** null when the cpu controller cannot be used (the run is then contained but not limited). */
  cpu: string | null;
  freezer: string;
}

export class V1RunCgroup implements RunCgroup {
  readonly version = 1;

  constructor(readonly dirs: V1Dirs) {}

  /** The group `name` under `parents`, not made yet. */
  static named(parents: V1Dirs, name: string): V1RunCgroup {
    return new V1RunCgroup({ cpu: parents.cpu && join(parents.cpu, name), freezer: join(parents.freezer, name) });
  }

  make(): this {
    for (const dir of [this.dirs.freezer, this.dirs.cpu]) {
      if (!dir) continue;
      makeDir(dirname(dir));
      makeDir(dir);
    }
    return this;
  }

  get paths(): string[] {
    return [this.dirs.freezer, ...(this.dirs.cpu ? [this.dirs.cpu] : [])];
  }

  get record() {
    return { version: 1 as const, ...this.dirs };
  }

  setCpuLimit(cores: number | null): number | null {
    const dir = this.requireCpu();
    const period = Number(readText(dir, 'cpu.cfs_period_us'));
    writeText(dir, 'cpu.cfs_quota_us', cores === null ? '-1' : String(quotaFor(cores, period)));
    return this.cpuLimit();
  }

  cpuLimit(): number | null {
    const dir = this.requireCpu();
    const quota = Number(readText(dir, 'cpu.cfs_quota_us'));
    return quota < 0 ? null : quota / Number(readText(dir, 'cpu.cfs_period_us'));
  }

  pids(): number[] {
    return groupPids(this.dirs.freezer);
  }

  async end(): Promise<void> {
    const { freezer } = this.dirs;
    if (this.pids().length > 0) {
      writeText(freezer, 'freezer.state', 'FROZEN');
      // A task in uninterruptible sleep keeps the group FREEZING a while; it still cannot fork.
      await waitUntil(() => readText(freezer, 'freezer.state') === 'FROZEN', FREEZE_TIMEOUT_MS);
      for (const pid of this.pids()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
        }
      }
      writeText(freezer, 'freezer.state', 'THAWED');
    }
    await removeWhenEmpty(freezer);
    if (this.dirs.cpu) await removeWhenEmpty(this.dirs.cpu);
  }

  private requireCpu(): string {
    if (!this.dirs.cpu) throw new Error('this run has no group in the cpu hierarchy');
    return this.dirs.cpu;
  }
}
