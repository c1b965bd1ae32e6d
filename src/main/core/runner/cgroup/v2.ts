// A run's group on cgroup v2: one group for everything; cpu.max is the CPU limit (when the cpu
// controller is enabled for the parent's children) and cgroup.kill (Linux 5.14+) ends every
// process in it in one write, however many forked or called setsid.
import { join } from 'node:path';
import { groupPids, makeDir, quotaFor, readText, removeWhenEmpty, writeText } from './group-files';
import type { RunCgroup } from './types';

export class V2RunCgroup implements RunCgroup {
  readonly version = 2;

  constructor(readonly dir: string) {}

  /** The group `name` under `parent`, not made yet. */
  static named(parent: string, name: string): V2RunCgroup {
    return new V2RunCgroup(join(parent, name));
  }

  make(): this {
    makeDir(this.dir);
    return this;
  }

  get paths(): string[] {
    return [this.dir];
  }

  get record() {
    return { version: 2 as const, dir: this.dir };
  }

  setCpuLimit(cores: number | null): number | null {
    const period = Number(readText(this.dir, 'cpu.max').split(' ')[1]);
    writeText(this.dir, 'cpu.max', `${cores === null ? 'max' : quotaFor(cores, period)} ${period}`);
    return this.cpuLimit();
  }

  cpuLimit(): number | null {
    const [quota, period] = readText(this.dir, 'cpu.max').split(' ');
    return quota === 'max' ? null : Number(quota) / Number(period);
  }

  pids(): number[] {
    return groupPids(this.dir);
  }

  async end(): Promise<void> {
    if (this.pids().length > 0) writeText(this.dir, 'cgroup.kill', '1');
    await removeWhenEmpty(this.dir);
  }
}
