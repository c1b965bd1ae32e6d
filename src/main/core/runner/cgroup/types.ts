// A run's own cgroup, whichever version backs it.

/** What is kept on disk to find a run's group again after a crash. */
export type CgroupRecord = { version: 1; cpu: string | null; freezer: string } | { version: 2; dir: string };

export interface RunCgroup {
  readonly version: 1 | 2;
  /** The group's directories, one per hierarchy; the target joins each before it executes. */
  readonly paths: string[];
  readonly record: CgroupRecord;
  /** Creates the group's directories (its record can be kept before, so a crash in between leaves nothing unnamed). */
  make(): this;
  /** Sets the CPU limit (cores; null: none) and returns the limit in force, read back from the group. */
  setCpuLimit(cores: number | null): number | null;
  /** The limit in force, in cores; null: none. */
  cpuLimit(): number | null;
  pids(): number[];
  /** Ends every process in the group, waits until it is empty and removes it. */
  end(): Promise<void>;
}
