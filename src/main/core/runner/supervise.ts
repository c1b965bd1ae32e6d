// Watches a target process from spawn to exit: the watchdog (SIGTERM past its deadline, SIGKILL
// of the group after a grace), cancellation, and an attached capture (endpoint targets) that ends
// the process when it is done. Whatever the process left in its process group is killed when it
// exits; the caller then ends what its containment holds (the run's cgroup: setsid children too).
import type { RunConfig } from '../../../shared/domain';
import type { PreparedTarget, ProcessSpec } from '../targets/types';
import type { Containment } from './containment';
import type { Launch, PtyExit } from '../process/pty-process';
import { spawnInPty } from '../process/pty-process';
import { exitOfStatus } from '../process/exit-message';
import type { RunControl } from './run-control';

export interface RunnerTimings {
  /** Seconds past a target's deadline before the watchdog sends SIGTERM. */
  termGraceS: number;
  /** Seconds after SIGTERM (watchdog or cancel) before SIGKILL of the process group. */
  killGraceS: number;
}

export interface Supervision {
  spec: ProcessSpec;
  env: Record<string, string>;
  cwd: string;
  runDir: string;
  config: RunConfig;
  attach: PreparedTarget['attach'];
  output: (text: string) => void;
  control: RunControl;
  timings: RunnerTimings;
  containment: Containment;
  /** Where the process starts when not here (a remote host); a local pty, contained, when not given. */
  launch?: Launch;
}

export interface Supervised {
  exit: PtyExit;
  /** The watchdog had to stop it, and the target overran (not a stalled link to its host: PtyProcess.finish). */
  timedOut: boolean;
  /** The attached capture finished and asked for the stop (its exit status is then expected). */
  stoppedOnPurpose: boolean;
  attachError: Error | null;
  /** Why the files of a process that ran elsewhere could not be brought back (PtyProcess.finish). */
  finishError: string | null;
  /** The exit status is not the target's (PtyProcess.finish): none is recorded. */
  exitUnknown: boolean;
}

/** Seconds after which the watchdog stops the process. */
export const watchdogSeconds = (s: Supervision): number => s.spec.deadline + s.timings.termGraceS;

export async function supervise(s: Supervision): Promise<Supervised> {
  // A process elsewhere is not entered into this machine's cgroup; its local ssh is recorded, so a
  // workbench that dies mid-run has it ended at its next start.
  const proc = s.launch
    ? await s.launch({ file: s.spec.file, args: s.spec.args, env: s.env, cwd: s.cwd, onData: s.output })
    : spawnInPty({ ...s.containment.command(s.spec.file, s.spec.args), env: s.env, cwd: s.cwd, onData: s.output });
  if (proc.pid > 0) s.containment.started(proc.pid);
  const timers: NodeJS.Timeout[] = [];
  const outcome: Omit<Supervised, 'exit'> = { timedOut: false, stoppedOnPurpose: false, attachError: null, finishError: null, exitUnknown: false };
  const stop = (): void => {
    proc.signalGroup('SIGTERM');
    timers.push(setTimeout(() => proc.signalGroup('SIGKILL'), s.timings.killGraceS * 1000));
  };
  timers.push(
    setTimeout(() => {
      outcome.timedOut = true;
      s.output(`\r\ngmpw: no end after ${watchdogSeconds(s)}s: stopping the target (SIGTERM)\r\n`);
      stop();
    }, watchdogSeconds(s) * 1000),
  );
  const offCancel = s.control.onCancel(stop);

  const attached = new AbortController();
  const attach = s.attach?.({ runDir: s.runDir, config: s.config, output: s.output, signal: attached.signal }).then(
    () => {
      outcome.stoppedOnPurpose = true;
      stop();
    },
    (err: Error) => {
      if (!attached.signal.aborted) outcome.attachError = err;
      stop();
    },
  );

  let exit = await proc.exited;
  proc.signalGroup('SIGKILL');
  attached.abort();
  await attach;
  offCancel();
  timers.forEach(clearTimeout);
  if (proc.finish) {
    // The cancel still reaches a process whose files are coming back (a fetch waiting to try again).
    const finishing = new AbortController();
    const offFinishCancel = s.control.onCancel(() => finishing.abort());
    const finished = await proc.finish({ cancel: finishing.signal, timedOut: outcome.timedOut }).finally(offFinishCancel);
    outcome.finishError = finished.error;
    outcome.exitUnknown = finished.exitUnknown;
    if (finished.recordedStatus !== undefined) exit = exitOfStatus(finished.recordedStatus);
    outcome.timedOut &&= !finished.stalled;
  }
  return { exit, ...outcome };
}
