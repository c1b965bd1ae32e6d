// How a remote run ends when its host did not answer a stop signal and the end of its session did
// not come through here (its ssh failed, or was killed after the grace). The fetch is not tried: it
// would wait for the same silent host. So the host keeps the run's files, and the error says where
// (RemoteRunDir.keptAt), which is what has the Run page offer to fetch them later (shared/kept-files.ts).
//
// Whether the runner's deadline met a target that overran or a stalled link is told by the first
// SIGTERM (stall.ts), and by it alone: a host that answered it and then not the SIGKILL 5 s later
// still said where the target was at the deadline.
import type { Finished } from '../process/pty-process';
import { sessionStall, unansweredStall, type TermReport } from './stall';

export interface Unsignalled {
  host: string;
  /** The stop signal whose ssh the host did not answer (the first), and why: ssh's failure in words. */
  failed: { signal: 'TERM' | 'KILL'; reason: string };
  /** What the first SIGTERM found there (null when none was sent), and whether the host answered it. */
  term: TermReport | null;
  termAnswered: boolean;
  /** The runner's deadline stopped the run (not a cancel). */
  timedOut: boolean;
  /** What may still run there (launch.ts: leftRunning). */
  left: string;
  /** The local ssh client's exit status (137 after its SIGKILL): not the target's. */
  exit: number;
  /** Where the host keeps the run's files (RemoteRunDir.keptAt). */
  kept: string;
}

/** The error of a run whose process group on its host could not be signalled (or only sent SIGTERM). */
export function unsignalledError(u: Pick<Unsignalled, 'host' | 'failed' | 'termAnswered' | 'left' | 'exit' | 'kept'>): string {
  const what = u.termAnswered ? `got SIGTERM but could not be sent SIG${u.failed.signal}` : 'could not be signalled';
  return (
    `the run's process group on host ${u.host} ${what} (${u.failed.reason}), and its files were not fetched; ${u.left}; ` +
    `exit ${u.exit} is this machine's ssh client's, not the target's; ${u.kept}`
  );
}

/**
 * How the run ends: `stalled` (failed, not timed-out) only when the deadline's SIGTERM says the link
 * stalled: the host did not answer it, or answered that the target had ended there unseen. A host
 * that answered it with the target still running saw the target overrun: the run timed out, whatever
 * became of the SIGKILL. The exit status is never the target's.
 */
export function unsignalledEnd(u: Unsignalled): Finished & { error: string } {
  const stalled = (error: string) => ({ error, exitUnknown: true, stalled: true });
  if (u.timedOut && u.term !== null && !u.termAnswered) return stalled(unansweredStall(u.host, u.term, u.failed.reason, u.left, u.kept));
  if (u.timedOut && u.term !== null && u.term.group === 'ended') {
    return stalled(sessionStall(u.host, u.term, `the host did not answer SIG${u.failed.signal}'s connection (${u.failed.reason}); ${u.kept}`, false));
  }
  return { error: unsignalledError(u), exitUnknown: true, stalled: false };
}
