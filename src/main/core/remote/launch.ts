// A run's process on a remote host, behind the same PtyProcess the runner supervises locally:
// the target is copied into the run's folder there, started through `ssh -tt` in a local pty (so
// its terminal streams as a local one does), its metrics.jsonl mirrored into the local run folder
// by a second ssh while it runs (which also carries the heartbeats that keep it alive there), and
// its files brought back and its folder removed after the exit.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { closeSync, createReadStream, openSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Host } from '../../../shared/hosts';
import { exitStatus } from '../process/exit-message';
import { spawnInPty, type Finished, type Launch, type PtyExit, type PtyProcess } from '../process/pty-process';
import { GUARDED_MARK, HEARTBEAT_S, LOST_AFTER_S, RemoteRunDir, viaSh } from './layout';
import { closed, linkLostLine, sessionFailure, SSH_FAILED, sshArgs, sshFailure, sshRun } from './ssh';
import { fetchAndRemove, type FetchFailure } from './fetch-files';
import { sweepReport } from './sweep';
import { groupState, sessionStall, type TermReport } from './stall';
import { unsignalledEnd, type Unsignalled } from './unsignalled';

/** How long the metrics mirror may take to end after the target did, before it is stopped. */
const MIRROR_LINGER_MS = 3000;
/** How long the target's session must outlive the follower's before that is news (not one lost link). */
const FOLLOWER_GONE_NOTICE_MS = 2000;
/**
 * Seconds a stop signal's ssh may take to reach the host (the host's own ConnectTimeout wins): below
 * the runner's grace before SIGKILL, so that a host that does not answer is known by then.
 */
const SIGNAL_CONNECT_TIMEOUT_S = 4;
/**
 * Pauses before the fetch is tried again when ssh could not reach the host for it, after a run
 * whose session ended without ssh's own failure (the target's end came through, or this machine
 * stopped it): a link that drops as the run ends should not cost its results (the host keeps its
 * copy until the files are here, layout.ts: fetch).
 */
const FETCH_RETRY_PAUSES_MS = [2_000, 5_000];
/** What becomes of a target the workbench lost touch with (layout.ts: follow, sweep): `guarded` when its watchdog ran. */
const leftRunning = (guarded: boolean): string =>
  guarded
    ? `its process group there may still be running: the host's watchdog ends it ${LOST_AFTER_S} s after the last heartbeat it got, and the next run on the host if it has not`
    : "its process group there may still be running: no watchdog guards it (the session that follows the run never started one), and the next run on the host ends it";

export function remoteLauncher(host: Host, runDir: string): Launch {
  return async (opts) => {
    const remote = new RemoteRunDir(basename(runDir));
    // The upload first ends what earlier runs left running there, and says what it met.
    const uploaded = await sshRun(host, viaSh(remote.upload()), { input: createReadStream(opts.file) }).catch((err: Error) => ({ code: null, stdout: '', stderr: err.message }));
    for (const line of sweepReport(host.name, uploaded.stdout)) opts.onData(`gmpw: ${line}\r\n`);
    if (uploaded.code !== 0) return notStarted(`could not copy the target to host ${host.name}: ${sshFailure(uploaded)}`, opts.onData);

    let seen = '';
    let lastByteAt = Date.now();
    const term = spawnInPty({
      file: 'ssh',
      args: sshArgs(host, viaSh(remote.run(opts.env, opts.args)), ['-tt']),
      // The ssh client needs this machine's environment (HOME, SSH_AUTH_SOCK); the target gets opts.env there.
      env: localEnvironment(),
      cwd: runDir,
      onData: (text) => {
        lastByteAt = Date.now();
        seen = (seen + text).slice(-4096);
        opts.onData(text);
      },
    });
    let ended = false;
    let endedAt = 0;
    const exited = term.exited.then((exit) => ((ended = true), (endedAt = Date.now()), exit));
    // The follower's session ended while the target's went on: no live metrics, and no heartbeats,
    // so the host's watchdog is about to end the target. Said once the target's session outlived it
    // by a moment (a lost link ends both, and says so itself).
    // A session that ended before its watchdog ran (it never connected) guards nothing there.
    let followerGone: { at: number; reason: string; guarded: boolean } | null = null;
    let goneNotice: NodeJS.Timeout | undefined;
    const mirror = followRun(host, remote, join(runDir, 'metrics.jsonl'), (reason, guarded) => {
      if (ended) return;
      followerGone = { at: Date.now(), reason, guarded };
      const what = guarded
        ? `ended (${reason}): no more live metrics, and without its heartbeats the host's watchdog ends the target within ${LOST_AFTER_S} s`
        : `could not start (${reason}): no live metrics, and no watchdog on the host ends the target should the link be lost`;
      goneNotice = setTimeout(() => {
        if (!ended) say(opts.onData, `the session that follows the run on host ${host.name} ${what}`);
      }, FOLLOWER_GONE_NOTICE_MS);
    });
    // Stop signals under way, and the first the host could not be given (it did not answer), if so;
    // what the first SIGTERM found there, and whether the host answered it, to tell a stalled link
    // from an overrun (stall.ts, unsignalled.ts).
    const signalling: Promise<void>[] = [];
    let unsignalled: Unsignalled['failed'] | null = null;
    let termReport: TermReport | null = null;
    let termAnswered = false;
    const signalRemote = (signal: 'TERM' | 'KILL') => {
      const report: TermReport | null = signal === 'TERM' && termReport === null ? (termReport = { quietS: Math.round((Date.now() - lastByteAt) / 1000), group: null }) : null;
      const sent = sshRun(host, viaSh(remote.stop(signal)), {
        extra: ['-o', `ConnectTimeout=${SIGNAL_CONNECT_TIMEOUT_S}`],
        timeoutMs: (SIGNAL_CONNECT_TIMEOUT_S + 3) * 1000,
      }).catch((err: Error) => ({ code: null, stdout: '', stderr: err.message }));
      signalling.push(
        sent.then((result) => {
          if (report && result.code === 0) {
            termAnswered = true;
            report.group = groupState(result.stdout);
          }
          if (result.code === 0 || unsignalled !== null) return;
          unsignalled = { signal, reason: sshFailure(result) };
          say(opts.onData, `could not send SIG${signal} to the run's process group on host ${host.name}: ${unsignalled.reason}`);
        }),
      );
    };
    return {
      pid: term.pid,
      exited,
      signalGroup(signal) {
        // After the exit only stragglers could be left, and finish() kills those with the folder.
        // A host that did not answer SIGTERM is not asked again: the local ssh's SIGKILL ends the
        // run here, and the host's watchdog ends it there once the heartbeats stop.
        if (!ended && unsignalled === null) signalRemote(signal === 'SIGKILL' ? 'KILL' : 'TERM');
        if (signal === 'SIGKILL') term.signalGroup('SIGKILL');
      },
      async finish({ cancel, timedOut }) {
        const exit = await exited;
        clearTimeout(goneNotice);
        await Promise.all(signalling);
        // The session's end did not come through: ssh failed, or was killed here after the grace.
        const endUnseen = exit.exitCode === SSH_FAILED || exit.signal !== null;
        // The host did not answer a stop signal and the session did not end by itself there: the
        // target's end is unknown, and a fetch would wait for the same host in vain.
        if (unsignalled !== null && endUnseen) {
          await mirror.stop({ now: true });
          const end = unsignalledEnd({
            host: host.name, failed: unsignalled, term: termReport, termAnswered, timedOut,
            left: leftRunning(mirror.guarded()), exit: exitStatus(exit.exitCode, exit.signal), kept: remote.keptAt(host.name),
          });
          say(opts.onData, end.error);
          return end;
        }
        await mirror.stop();
        let quietS: number | null = null;
        let recorded: number | null = null;
        let copyLeft: string | null = null;
        const retries = exit.exitCode === SSH_FAILED ? [] : FETCH_RETRY_PAUSES_MS;
        const fetchError = await fetchWithRetries(retries, host, (s) => say(opts.onData, s), () => fetchAndRemove(host, remote, runDir, { lost: (s) => (quietS ??= s), status: (s) => (recorded = s), copyLeft: (s) => (copyLeft = s) }), cancel);
        // What the host recorded is the target's status, whatever the session's end carried; a copy
        // of the files left there is said in the terminal, and in the error of a run that has one.
        const settled = (finished: Finished): Finished => {
          const ended = recorded === null ? finished : { ...finished, exitUnknown: false, recordedStatus: recorded };
          if (copyLeft === null) return ended;
          say(opts.onData, copyLeft);
          return ended.error === null ? ended : { ...ended, error: `${ended.error}; ${copyLeft}` };
        };
        const gone = followerGone as { at: number; reason: string; guarded: boolean } | null;
        if (quietS !== null) {
          // The link held to the end (the fetch came through): the heartbeats stopped on this side.
          const why = gone ? `the session carrying its heartbeats ended (${gone.reason})` : 'this machine asleep, or the workbench stalled';
          const lost = `the host's watchdog ended the target after ${quietS} s without a heartbeat (${why}): the run was cut short`;
          return settled(targetExit(say(opts.onData, fetchError ? `${lost}; the run's files could not be fetched: ${fetchError}` : lost)));
        }
        // A target that ended there as the deadline came, its end seen here, was merely late.
        if (timedOut && endUnseen && termReport?.group === 'ended') return settled(stalledExit(say(opts.onData, sessionStall(host.name, termReport, fetchError, recorded !== null))));
        if (exit.exitCode === SSH_FAILED && fetchError) {
          // A status recorded there says the target ended; else it may run on.
          const left = recorded === null ? `; ${leftRunning(mirror.guarded())}` : '';
          return settled(unknownExit(say(opts.onData, `the connection to host ${host.name} was lost (${sessionFailure(seen, host.sshOptions)}); the run's files could not be fetched: ${fetchError}${left}`)));
        }
        const lost = exit.exitCode === SSH_FAILED ? linkLostLine(seen) : null;
        if (lost !== null) {
          // The link came back for the fetch: the files are the target's, and so is the status its
          // host recorded. The run still fails: its terminal was cut, which may have held the target up.
          const what = recorded !== null ? 'its files and its exit status were fetched' : 'its files were fetched, its exit status is unknown';
          return settled(unknownExit(say(opts.onData, `the connection to host ${host.name} was lost (${lost}) before the target's end was seen: ${what}`)));
        }
        if (gone?.guarded && endedAt - gone.at >= (LOST_AFTER_S - HEARTBEAT_S) * 1000) {
          const before = Math.round((endedAt - gone.at) / 1000);
          const cut = `the session carrying the run's heartbeats to host ${host.name} ended ${before} s before its target did (${gone.reason}): the host's watchdog ends a target ${LOST_AFTER_S} s after the last heartbeat, so the run may have been cut short`;
          return settled(targetExit(say(opts.onData, fetchError ? `${cut}; its files could not be fetched: ${fetchError}` : cut)));
        }
        const unfetched = fetchError ? `the run's files could not be fetched from host ${host.name}: ${fetchError}` : null;
        if (exit.exitCode === SSH_FAILED && recorded === null) {
          // ssh's 255, quiet, and no status there: a signal ended the target with its shell (a
          // SIGKILL: the kernel's out-of-memory killer, a stop), or ssh failed without a word.
          const unrecorded = `the session on host ${host.name} ended with ssh's status 255 and the host recorded no exit status for the target: a SIGKILL ended it with its shell there, or ssh failed without saying why`;
          return settled(unknownExit(say(opts.onData, unfetched ? `${unrecorded}; ${unfetched}` : unrecorded)));
        }
        return settled(targetExit(unfetched ? say(opts.onData, unfetched) : null));
      },
    };
  };
}

function localEnvironment(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Writes the reason into the run's terminal too, and returns it. */
function say(onData: (text: string) => void, reason: string): string {
  onData(`\r\ngmpw: ${reason}\r\n`);
  return reason;
}

/** The exit status came through from the host: the target's. */
const targetExit = (error: string | null): Finished => ({ error, exitUnknown: false, stalled: false });
/** The exit status is the ssh client's (ssh failed, or was killed here): the target's is unknown. */
const unknownExit = (error: string): Finished => ({ error, exitUnknown: true, stalled: false });
/** The runner's deadline met a stalled link, not a target known to overrun (stall.ts). */
const stalledExit = (error: string): Finished => ({ error, exitUnknown: true, stalled: true });

/** A process that never started: it has "exited" as ssh does when it fails, and says why once finished. */
function notStarted(reason: string, onData: (text: string) => void): PtyProcess {
  const exit: PtyExit = { exitCode: SSH_FAILED, signal: null };
  return { pid: -1, exited: Promise.resolve(exit), signalGroup: () => undefined, finish: async () => unknownExit(say(onData, reason)) };
}

/**
 * A second ssh session appending the remote metrics.jsonl to the local one, for the live view, and
 * sending the heartbeats without which the host ends the target (RemoteRunDir.follow): one line on
 * its stdin at once and every HEARTBEAT_S until it ends. `onEnd` hears why it ended, unless stop() ended
 * it, and whether its watchdog had started on the host.
 */
function followRun(host: Host, remote: RemoteRunDir, localFile: string, onEnd: (reason: string, guarded: boolean) => void): { stop(opts?: { now?: boolean }): Promise<void>; guarded(): boolean } {
  const fd = openSync(localFile, 'a');
  const child = spawn('ssh', sshArgs(host, viaSh(remote.follow())), { stdio: ['pipe', fd, 'pipe'] });
  closeSync(fd);
  let stopping = false;
  let stderr = '';
  let guarded = false;
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString('utf8')).slice(-2048);
    guarded ||= new RegExp(`^${GUARDED_MARK}$`, 'm').test(stderr);
  });
  const { stdin } = child;
  // An ssh gone (a lost link) closes the pipe: a heartbeat written then is dropped, not thrown.
  stdin?.on('error', () => undefined);
  const beat = () => {
    if (stdin?.writable) stdin.write('\n');
  };
  beat();
  const heartbeats = setInterval(beat, HEARTBEAT_S * 1000);
  const ended = closed(child).then((code) => {
    clearInterval(heartbeats);
    // Exit 0 is the follower's own end: its target's process is gone.
    if (!stopping && code !== 0) onEnd(sshFailure({ code, stdout: '', stderr: stderr.replace(new RegExp(`^${GUARDED_MARK}\\n`, 'm'), '') }), guarded);
  });
  return {
    guarded: () => guarded,
    async stop({ now = false } = {}) {
      stopping = true;
      const timer = setTimeout(() => child.kill('SIGKILL'), now ? 0 : MIRROR_LINGER_MS);
      await ended;
      clearTimeout(timer);
    },
  };
}

/**
 * The fetch, tried again after each pause while ssh could not reach the host; the last failure in
 * words, or null. A cancel ends a pause (or forgoes it): the run is over, and the host keeps the
 * files, which the failure says.
 */
async function fetchWithRetries(pauses: readonly number[], host: Host, say: (line: string) => void, fetch: () => Promise<FetchFailure | null>, cancel: AbortSignal): Promise<string | null> {
  for (let attempt = 0; ; attempt++) {
    const failure = await fetch();
    if (failure === null) return null;
    const pause = pauses[attempt];
    const again = failure.unreached && pause !== undefined;
    if (again && !cancel.aborted) {
      say(`the run's files could not be fetched from host ${host.name} (${failure.text}): trying again in ${pause / 1000} s`);
      if (await pauseUnlessCancelled(pause, cancel)) continue;
    }
    const notes = [attempt > 0 ? `${attempt + 1} attempts` : null, again ? 'not tried again: the run was cancelled' : null].filter((n) => n !== null);
    return [`${failure.text}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`, ...(failure.kept ? [failure.kept] : [])].join('; ');
  }
}

/** Waits `ms`; false when `cancel` ended the wait first. */
function pauseUnlessCancelled(ms: number, cancel: AbortSignal): Promise<boolean> {
  return sleep(ms, true, { signal: cancel }).catch(() => false);
}
