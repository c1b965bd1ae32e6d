// How a remote run ends when its host did not answer a stop signal and the end of its session did
// not come through here (its ssh failed, or was killed after the grace). The fetch is not tried: it
// would wait for the same silent host. So the host keeps the run's files, and the error says where
// (RemoteRunDir.keptAt), which is what has the Run page offer to fetch them later (shared/kept-files.ts).

export interface Unsignalled {
  host: string;
  /** Why the host did not answer: ssh's failure in words. */
  reason: string;
  /** What may still run there (launch.ts: leftRunning). */
  left: string;
  /** The local ssh client's exit status (137 after its SIGKILL): not the target's. */
  exit: number;
  /** Where the host keeps the run's files (RemoteRunDir.keptAt). */
  kept: string;
}

/** The error of a run whose process group on its host could not be signalled. */
export function unsignalledError(u: Unsignalled): string {
  return (
    `the run's process group on host ${u.host} could not be signalled (${u.reason}), and its files were not fetched; ${u.left}; ` +
    `exit ${u.exit} is this machine's ssh client's, not the target's; ${u.kept}`
  );
}
