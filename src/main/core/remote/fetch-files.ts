// A run's out/ folder brought from its host into the local run folder, and only then removed
// there: a fetch cut short anywhere leaves the host's copy as the run's only one (layout.ts: fetch).
// Used after a remote run's exit (launch.ts) and to fetch later what a failed run left there.
import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Host } from '../../../shared/hosts';
import { spaceAllowance } from '../store/disk-space';
import { dropUnsafeEntries, unpackArchive } from './untrusted-files';
import { LOST_MARK, type RemoteRunDir, STATUS_FILE, viaSh } from './layout';
import { closed, SSH_FAILED, sshArgs, sshFailure, sshRun } from './ssh';

/**
 * Where fetched files land before they move into the run folder: a folder of each fetch's own
 * (`.remote-files-XXXXXX`), removed when it ends, so that no fetch unpacks into, or removes, what
 * another is unpacking.
 */
const FETCH_DIR_PREFIX = '.remote-files-';

/**
 * Removes the landing folders that fetches which never ended (their process killed) left in the run
 * folder. Only for a caller that knows no fetch of the run is under way (runner/fetch-kept-run.ts: its claim).
 */
export async function removeLeftLandings(runDir: string): Promise<void> {
  const names = await readdir(runDir).catch(() => []);
  await Promise.all(names.filter((name) => name.startsWith(FETCH_DIR_PREFIX)).map((name) => rm(join(runDir, name), { recursive: true, force: true })));
}

/** Why a fetch failed; `unreached` when ssh itself failed (its 255), so that trying again may do; `kept`, where the host keeps the files then. */
export interface FetchFailure {
  text: string;
  unreached: boolean;
  kept?: string;
}

/** What the host says of the run's end as the fetch begins (layout.ts: fetch). */
export interface HostRecord {
  /** The host's watchdog ended the target after so many seconds without a heartbeat. */
  lost(quietS: number): void;
  /** The target's exit status, as its shell there recorded it (128 + signal for a signal). */
  status(status: number): void;
  /** The files came, but the host's folder of the run could not be removed: what the run's message says of it. */
  copyLeft(text: string): void;
}

/**
 * Brings out/ into the run folder, then removes the remote folder; resolves with why it failed (the
 * remote folder then kept), or null. `record` hears, before the files arrive, what the host
 * recorded of the target's end.
 */
export async function fetchAndRemove(host: Host, remote: RemoteRunDir, runDir: string, record: HostRecord): Promise<FetchFailure | null> {
  const landing = await mkdtemp(join(runDir, FETCH_DIR_PREFIX));
  try {
    const allowance = await spaceAllowance(runDir);
    const ssh = spawn('ssh', sshArgs(host, viaSh(remote.fetch())), { stdio: ['ignore', 'pipe', 'pipe'] });
    const sshClosed = closed(ssh);
    let sshErr = '';
    const heard = new Set<string>();
    ssh.stderr.on('data', (c: Buffer) => {
      sshErr += c.toString('utf8');
      for (const [mark, tell] of [[LOST_MARK, record.lost], [STATUS_FILE, record.status]] as const) {
        const said = new RegExp(`^${mark} (\\d+)$`, 'm').exec(sshErr);
        if (said && !heard.has(mark)) {
          heard.add(mark);
          tell(Number(said[1]));
        }
      }
    });
    const unpackFailure = await unpackArchive(ssh.stdout, landing, allowance);
    if (unpackFailure?.overLimit) ssh.kill('SIGKILL');
    const sshCode = await sshClosed;
    // Until the files are here, the host keeps its folder (layout.ts: fetch).
    const kept = remote.keptAt(host.name);
    if (unpackFailure?.overLimit) return { text: unpackFailure.text, unreached: false, kept };
    if (sshCode !== 0) return { text: sshFailure({ code: sshCode, stdout: '', stderr: sshErr }), unreached: sshCode === SSH_FAILED, kept };
    if (unpackFailure) return { text: unpackFailure.text, unreached: false, kept };
    const dropped = await dropUnsafeEntries(landing);
    await moveInto(landing, runDir);
    // Here now: the host's copy goes. Should this fail, the host's sweep removes it in a day.
    const removed = await sshRun(host, viaSh(remote.remove())).catch((err: Error) => ({ code: null, stdout: '', stderr: err.message }));
    if (removed.code !== 0) record.copyLeft(remote.copyLeftAt(host.name, sshFailure(removed)));
    return dropped.length === 0 ? null : { text: `the host sent links or special files, which were not kept: ${dropped.join(', ')}`, unreached: false };
  } finally {
    await rm(landing, { recursive: true, force: true });
  }
}

/**
 * Moves fetched files into the run folder. metrics.jsonl is there already, mirrored while the run
 * went (and held open by the live reader): the fetched copy only adds what the mirror missed.
 */
async function moveInto(from: string, runDir: string): Promise<void> {
  for (const name of await readdir(from)) {
    const target = join(runDir, name);
    if (name === 'metrics.jsonl') {
      const mirrored = await stat(target).then((s) => s.size, () => 0);
      const fetched = await readFile(join(from, name));
      await appendFile(target, fetched.subarray(mirrored));
    } else {
      await rename(join(from, name), target);
    }
  }
}
