// Whether the runner's deadline met a remote target that overran, or a link that had stopped
// carrying bytes (a frozen host or sshd, dropped packets). ssh's keep-alives notice a dead link only
// after ServerAliveInterval × CountMax (15 s, ssh.ts), later than a short run's deadline, so a
// stalled link used to be reported as the target's timeout. The stop signal's ssh is a fresh
// connection with a short ConnectTimeout (launch.ts): whether the host answered it, and what it
// said of the run's process group (layout.ts: stop), tell the two apart.
import { GROUP_MARK } from './layout';

/** What the first SIGTERM found on the host: how long the session had been silent, and the run's group then. */
export interface TermReport {
  /**
   * Seconds from the last byte the run's own session brought (its terminal) to the SIGTERM: the
   * follower's session is another connection, and a target that printed nothing for a while makes
   * it longer than the stall.
   */
  quietS: number;
  /** null when the host did not answer or could not tell. */
  group: 'running' | 'ended' | null;
}

/** The state of the run's group that RemoteRunDir.stop printed, or null. */
export function groupState(stdout: string): TermReport['group'] {
  const said = new RegExp(`^${GROUP_MARK} (running|ended)$`, 'm').exec(stdout);
  return said ? (said[1] as 'running' | 'ended') : null;
}

/** Says what was measured (TermReport.quietS), not that nothing came for so long: the target may have been quiet. */
const stalled = (host: string, quietS: number, how: string): string =>
  `the connection to host ${host} stalled (no byte had come from it to the run's terminal in the ${quietS} s before SIGTERM was sent, ${how})`;

/**
 * The host did not answer the stop signal's new connection either: the link (or the host) stalled,
 * and whether the target finished within the deadline is unknown. `left` says what may still run
 * there, `kept` where its files stay.
 */
export function unansweredStall(host: string, report: TermReport, unanswered: string, left: string, kept: string): string {
  return `${stalled(host, report.quietS, `and a new connection got no answer: ${unanswered}`)}: the run's deadline passed, but whether its target finished is unknown; ${left}; ${kept}`;
}

/**
 * The host answered, and the target had ended there though its session never said so: that session
 * stalled (its sshd stopped, or its packets lost), not the target. Its exit status is the one the
 * host recorded (`recorded`), else unknown.
 */
export function sessionStall(host: string, report: TermReport, fetchError: string | null, recorded: boolean): string {
  const status = recorded ? 'its files and its exit status were fetched' : 'its files were fetched, its exit status is unknown';
  const files = fetchError ? `its files could not be fetched: ${fetchError}` : status;
  return `${stalled(host, report.quietS, 'though the host answered a new connection')}: the target had ended there before the run's deadline; ${files}`;
}
