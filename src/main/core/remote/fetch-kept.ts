// The files a finished remote run left on its host (its fetch did not come through: the link, the
// disk, a cancel) brought into its run folder later, by the fetch a run's end uses: the host's copy
// is removed only once the files are here.
import type { Host } from '../../../shared/hosts';
import { fetchAndRemove } from './fetch-files';
import { KEPT_MARK, RemoteRunDir, viaSh } from './layout';
import { SSH_FAILED, sshFailure, sshRun } from './ssh';

export type KeptFetch =
  /**
   * Here now; `notes` say what the fetch met (links or special files not kept, the host's watchdog's
   * end of the target); `status` is the target's exit status as the host recorded it, when it did.
   */
  | { outcome: 'fetched'; notes: string[]; status: number | null }
  /** The host keeps nothing of the run (it came back with it, or a later run there removed it after a day). */
  | { outcome: 'none' }
  /** ssh could not reach the host (its 255) to ask: nothing was touched, here or there. */
  | { outcome: 'unreached'; reason: string }
  /** Not fetched, and still on the host: why, and where. */
  | { outcome: 'failed'; reason: string; kept: string };

export async function fetchKept(host: Host, runId: string, runDir: string): Promise<KeptFetch> {
  const remote = new RemoteRunDir(runId);
  const asked = await sshRun(host, viaSh(remote.kept())).catch((err: Error) => ({ code: null, stdout: '', stderr: err.message }));
  if (asked.code === SSH_FAILED) return { outcome: 'unreached', reason: sshFailure(asked) };
  if (asked.code !== 0) return { outcome: 'failed', reason: sshFailure(asked), kept: remote.keptAt(host.name) };
  if (!new RegExp(`^${KEPT_MARK}$`, 'm').test(asked.stdout)) return { outcome: 'none' };
  const notes: string[] = [];
  let status: number | null = null;
  const failure = await fetchAndRemove(host, remote, runDir, {
    lost: (quietS) => notes.push(`the host's watchdog had ended the target after ${quietS} s without a heartbeat: the run was cut short`),
    status: (recorded) => (status = recorded),
    copyLeft: (text) => notes.push(text),
  });
  if (failure === null) return { outcome: 'fetched', notes, status };
  // A failure that names no place the host keeps the files came after they were moved here.
  return failure.kept === undefined ? { outcome: 'fetched', notes: [...notes, failure.text], status } : { outcome: 'failed', reason: failure.text, kept: failure.kept };
}
