// Per-run cgroups: what this machine allows, found once. A run's target runs in its own group so
// that ending the run ends everything it started (setsid and double forks included) and so that a
// CPU limit can be set for it alone. cgroup v1 is used when its cpu hierarchy exists, as the Go
// runtime then reads its limit there too; otherwise v2. Where nothing is possible, the reason is
// kept: runs then fall back to their process group, and a CPU limit is refused with that reason.
import { randomBytes } from 'node:crypto';
import { existsSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeDir, readText, writeText } from './group-files';
import { readHierarchies, type Hierarchies } from './hierarchies';
import type { CgroupRecord, RunCgroup } from './types';
import { V1RunCgroup, type V1Dirs } from './v1';
import { V2RunCgroup } from './v2';

export type { CgroupRecord, RunCgroup } from './types';

/** The folder below the process's own group that holds the workbench's run groups. */
const PARENT = 'gmp-workbench';

export interface CgroupSupport {
  /**
   * A run's group, named but not made: its record is written before `make()` creates it, so that
   * a workbench killed at any moment leaves no group that the next start cannot find. Null when
   * this machine allows none (then `reason` says why).
   */
  group: ((runId: string) => RunCgroup) | null;
  reason: string | null;
  /** Why a CPU limit cannot be set; null when it can. */
  cpuLimitReason: string | null;
}

const unsupported = (reason: string): CgroupSupport => ({ group: null, reason, cpuLimitReason: reason });

const errorText = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

const runGroupName = (runId: string): string => `run-${runId}-${randomBytes(4).toString('hex')}`;

/** Creates and removes a probe group: proves the parents are writable and shows which files a run's group has. */
function probe<T>(make: (name: string) => T, check: (group: T) => void, remove: (group: T) => void): void {
  const group = make(`probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    check(group);
  } finally {
    remove(group);
  }
}

function detectV1(h: Hierarchies): CgroupSupport {
  const freezer = h.v1.get('freezer');
  const cpu = h.v1.get('cpu');
  if (!freezer) return unsupported('cgroup v1 without the freezer controller: the processes of a run could not all be ended at once');
  const parents: V1Dirs = { freezer: join(freezer.ownDir, PARENT), cpu: cpu ? join(cpu.ownDir, PARENT) : null };
  let cpuLimitReason: string | null = cpu ? null : 'cgroup v1 without the cpu controller';
  try {
    probe(
      (name) => V1RunCgroup.named(parents, name).make(),
      (group) => {
        if (!existsSync(join(group.dirs.freezer, 'freezer.state'))) throw new Error(`no freezer.state in ${group.dirs.freezer}`);
        if (group.dirs.cpu) {
          try {
            group.setCpuLimit(null);
          } catch (err) {
            cpuLimitReason = `cannot set cpu.cfs_quota_us in ${group.dirs.cpu}: ${errorText(err)}`;
          }
        }
      },
      (group) => [group.dirs.freezer, group.dirs.cpu].forEach((d) => d && rmdirSync(d)),
    );
  } catch (err) {
    return unsupported(`cannot create a cgroup under ${parents.freezer}: ${errorText(err)}`);
  }
  return {
    group: (runId) => V1RunCgroup.named(cpuLimitReason ? { ...parents, cpu: null } : parents, runGroupName(runId)),
    reason: null,
    cpuLimitReason,
  };
}

function detectV2(ownDir: string): CgroupSupport {
  const parent = join(ownDir, PARENT);
  let cpuLimitReason: string | null = null;
  try {
    makeDir(parent);
    // The cpu controller reaches the run groups only if enabled in every subtree_control above them;
    // the process's own group must have it already (delegated), the workbench's folder can then add it.
    if (!readText(parent, 'cgroup.controllers').split(' ').includes('cpu')) {
      cpuLimitReason = `the cpu controller is not delegated to ${ownDir} (not in cgroup.subtree_control of its parent)`;
    } else if (!readText(parent, 'cgroup.subtree_control').split(' ').includes('cpu')) {
      try {
        writeText(parent, 'cgroup.subtree_control', '+cpu');
      } catch (err) {
        cpuLimitReason = `cannot enable the cpu controller in ${parent}/cgroup.subtree_control: ${errorText(err)}`;
      }
    }
    probe(
      (name) => V2RunCgroup.named(parent, name).make(),
      (group) => {
        if (!existsSync(join(group.dir, 'cgroup.kill'))) throw new Error('no cgroup.kill (Linux 5.14 or later needed)');
      },
      (group) => rmdirSync(group.dir),
    );
  } catch (err) {
    return unsupported(`cannot use a cgroup under ${parent}: ${errorText(err)}`);
  }
  return { group: (runId) => V2RunCgroup.named(parent, runGroupName(runId)), reason: null, cpuLimitReason };
}

/** What per-run groups this machine allows this process (tests pass hierarchies of their own). */
export function detectCgroups(h: Hierarchies = readHierarchies(), platform: NodeJS.Platform = process.platform): CgroupSupport {
  if (platform !== 'linux') return unsupported('cgroups exist on Linux only');
  if (h.v1.has('cpu')) return detectV1(h);
  if (h.v2) return detectV2(h.v2.ownDir);
  if (h.v1.size > 0) return detectV1(h);
  return unsupported('no cgroup hierarchy is mounted');
}

/** The group a record describes, to end what a crashed session left in it. */
export function openRecorded(record: CgroupRecord): RunCgroup {
  return record.version === 1 ? new V1RunCgroup({ cpu: record.cpu, freezer: record.freezer }) : new V2RunCgroup(record.dir);
}

/**
 * The command that runs `file args` inside the group: a POSIX shell writes its own pid to each
 * cgroup.procs, then execs the target in its place. The target is thus in the group before its
 * first instruction (the Go runtime reads its CPU limit at start, and nothing it forks can be
 * outside); moving the pid after spawn would race with both. The paths and the target's argv are
 * passed as arguments, never inserted into the script; a failed join ends the wrapper (exit 126)
 * before the target starts, so a run is never silently left outside its group.
 */
export function enterCommand(group: RunCgroup, file: string, args: string[]): { file: string; args: string[] } {
  const script = 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 126; shift; done; shift; exec "$@"';
  const procsFiles = group.paths.map((dir) => join(dir, 'cgroup.procs'));
  return { file: '/bin/sh', args: ['-c', script, 'gmpw-cgroup-enter', ...procsFiles, '--', file, ...args] };
}
