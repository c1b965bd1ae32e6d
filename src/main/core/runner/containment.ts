// How one run's target is contained: in a cgroup of its own where the machine allows one (so that
// its end ends everything it started, and a CPU limit applies to it alone), else in the process
// group the pty gives it. Either way its processes are recorded until they have all ended, so a
// workbench that dies mid-run leaves nothing running after its next start (leftovers.ts).
import type { CgroupSupport, RunCgroup } from './cgroup';
import { enterCommand } from './cgroup';
import { identify } from '../process/process-identity';
import type { RunLeftovers } from './leftovers';
import { counted } from '../../../shared/plural';

export interface Containment {
  /** The command that starts `file args` contained. */
  command(file: string, args: string[]): { file: string; args: string[] };
  /** Records the started target (its pid leads the run's process group). */
  started(pid: number): void;
  /** The CPU limit in force, read back from the run's group; null: none. */
  readonly cpuLimit: number | null;
  /** How the run is contained, for its terminal ("cgroup v1 …" or why there is no group). */
  readonly description: string;
  /** Ends every process left in the run's group and removes the group and the record. */
  end(): Promise<void>;
}

/** Contains a run; `cpuLimit` in cores (null: none) needs a group with the cpu controller, checked by the runner before. */
export async function contain(runId: string, cpuLimit: number | null, cgroups: CgroupSupport, leftovers: RunLeftovers): Promise<Containment> {
  let group: RunCgroup | null = null;
  let inForce: number | null = null;
  if (cgroups.group) {
    group = cgroups.group(runId);
    // Recorded before it is made: a workbench killed at any moment after leaves a group the next start
    // finds and removes (ending a group that was never made does nothing).
    leftovers.record(runId, { target: null, cgroup: group.record });
    try {
      group.make();
      if (cpuLimit !== null) inForce = group.setCpuLimit(cpuLimit);
    } catch (err) {
      await group.end(); // empty still: only removes it, if made
      leftovers.forget(runId);
      throw err;
    }
  } else if (cpuLimit !== null) {
    throw new Error(`no CPU limit is possible here: ${cgroups.cpuLimitReason}`);
  }
  return {
    cpuLimit: inForce,
    description: group
      ? `in cgroup v${group.version} ${group.paths.join(' and ')}${inForce === null ? '' : `, CPU limit ${counted(inForce, 'core')}`}`
      : `in its process group only (no cgroup: ${cgroups.reason})`,
    command: (file, args) => (group ? enterCommand(group, file, args) : { file, args }),
    started(pid) {
      leftovers.record(runId, { target: identify(pid), cgroup: group?.record ?? null });
    },
    async end() {
      await group?.end();
      leftovers.forget(runId);
    },
  };
}
