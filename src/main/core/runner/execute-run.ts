// One run from its first state change to its one terminal state: build (once per plan), spawn in
// a pty, stream the terminal, follow metrics, watch the clock, then analyse and store the outcome.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MetricsTick, RunConfig, RunState } from '../../../shared/domain';
import type { EventBus } from '../events';
import type { Store } from '../store';
import type { PreparedTarget, TargetDriver } from '../targets';
import { PrepareError } from '../targets';
import type { Toolchain } from '../toolchain';
import { goDurationSeconds } from '../go-duration';
import { exitDescription, exitStatus, failureLine } from './exit-message';
import { MetricsTail } from './metrics-tail';
import { spawnInPty } from './pty-process';
import { runEnvironment } from './run-env';
import { TerminalSink } from './terminal-sink';
import { analyseTrace } from './trace-analysis';

export interface RunnerTimings {
  /** Seconds past a target's deadline before the watchdog sends SIGTERM. */
  termGraceS: number;
  /** Seconds after SIGTERM (watchdog or cancel) before SIGKILL of the process group. */
  killGraceS: number;
}

/** What the runs of one plan share: the target, its build (done once), and where it goes. */
export interface PlanWork {
  driver: TargetDriver;
  config: RunConfig;
  workDir: string;
  prepared: Promise<PreparedTarget> | null;
  /** Aborts the build when every run of the plan was cancelled. */
  build: AbortController;
}

/** Cancellation of one run, requested from outside while it executes. */
export class RunControl {
  cancelled = false;
  private readonly listeners: (() => void)[] = [];

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.listeners.splice(0).forEach((l) => l());
  }

  onCancel(listener: () => void): () => void {
    if (this.cancelled) listener();
    else this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }
}

export interface RunDeps {
  store: Store;
  events: EventBus;
  toolchain: Toolchain;
  timings: RunnerTimings;
  /** Called about every 250 ms while the process runs. */
  onProgress: (elapsed: number, total: number) => void;
}

interface Ending {
  state: RunState;
  exitCode: number | null;
  error: string | null;
}

export async function executeRun(id: string, config: RunConfig, plan: PlanWork, control: RunControl, deps: RunDeps): Promise<RunState> {
  const { store, events } = deps;
  const dir = store.runDir(id);
  const setState = (state: RunState, exitCode: number | null = null, error: string | null = null): void => {
    store.transition(id, state, { exitCode, error });
    events.emit('run.state', { runId: id, state, exitCode, error });
  };
  const sink = new TerminalSink(join(dir, 'terminal.log'), (data) => events.emit('run.output', { runId: id, data }));
  let ending: Ending;
  try {
    ending = await buildAndRun(id, config, plan, control, deps, sink, setState);
  } catch (err) {
    ending = { state: 'failed', exitCode: null, error: `workbench error: ${(err as Error).message}` };
    sink.write(`\r\ngmpw: ${ending.error}\r\n`);
  }
  await sink.close();
  await store.registerFolder(id).catch(() => undefined);
  setState(ending.state, ending.exitCode, ending.error);
  events.emit('runs.changed', {});
  return ending.state;
}

async function prepareOnce(plan: PlanWork, deps: RunDeps, sink: TerminalSink, setState: (s: RunState) => void): Promise<PreparedTarget> {
  if (plan.prepared) {
    try {
      return await plan.prepared;
    } catch (err) {
      // The build failed for an earlier run of this plan: every run keeps the compiler's words.
      if (err instanceof PrepareError) sink.write(err.output.replace(/\r?\n/g, '\r\n'));
      throw err;
    }
  }
  setState('building');
  plan.prepared = plan.driver.prepare(plan.config.target, {
    workDir: plan.workDir,
    go: () => deps.toolchain.go(),
    output: sink.write,
    signal: plan.build.signal,
  });
  return plan.prepared;
}

async function buildAndRun(
  id: string,
  config: RunConfig,
  plan: PlanWork,
  control: RunControl,
  deps: RunDeps,
  sink: TerminalSink,
  setState: (state: RunState, exitCode?: number | null, error?: string | null) => void,
): Promise<Ending> {
  const dir = deps.store.runDir(id);
  let prepared: PreparedTarget | null;
  try {
    // A build shared with later runs of the plan goes on; this run stops waiting for it when cancelled.
    let offCancel = () => {};
    const cancelled = new Promise<null>((resolve) => (offCancel = control.onCancel(() => resolve(null))));
    prepared = await Promise.race([prepareOnce(plan, deps, sink, setState), cancelled]).finally(offCancel);
  } catch (err) {
    if (control.cancelled) return { state: 'cancelled', exitCode: null, error: null };
    if (err instanceof PrepareError) return { state: 'failed', exitCode: null, error: err.message };
    throw err;
  }
  if (control.cancelled || !prepared) return { state: 'cancelled', exitCode: null, error: null };

  const spec = prepared.spec(config, dir);
  const ticks: MetricsTick[] = [];
  const tail = new MetricsTail(join(dir, 'metrics.jsonl'), (tick) => {
    ticks.push(tick);
    deps.events.emit('run.metrics', { runId: id, tick });
  });
  setState('running');
  const proc = spawnInPty({ file: spec.file, args: spec.args, env: runEnvironment(config, spec.env), cwd: spec.cwd ?? dir, onData: sink.write });
  tail.start();

  const startedAt = Date.now();
  const total = goDurationSeconds(config.warmup) + goDurationSeconds(config.duration);
  const progress = setInterval(() => deps.onProgress((Date.now() - startedAt) / 1000, total), 250);
  const timers: NodeJS.Timeout[] = [];
  let timedOut = false;
  let stoppedOnPurpose = false;
  const stop = (): void => {
    proc.signalGroup('SIGTERM');
    timers.push(setTimeout(() => proc.signalGroup('SIGKILL'), deps.timings.killGraceS * 1000));
  };
  timers.push(
    setTimeout(() => {
      timedOut = true;
      sink.write(`\r\ngmpw: no end after ${spec.deadline + deps.timings.termGraceS}s: stopping the target (SIGTERM)\r\n`);
      stop();
    }, (spec.deadline + deps.timings.termGraceS) * 1000),
  );
  const offCancel = control.onCancel(stop);

  const attached = new AbortController();
  let attachError: Error | null = null;
  const attach = prepared.attach?.({ runDir: dir, config, output: sink.write, signal: attached.signal }).then(
    () => {
      stoppedOnPurpose = true;
      proc.signalGroup('SIGTERM');
      timers.push(setTimeout(() => proc.signalGroup('SIGKILL'), deps.timings.killGraceS * 1000));
    },
    (err: Error) => {
      if (!attached.signal.aborted) attachError = err;
      proc.signalGroup('SIGTERM');
    },
  );

  const exit = await proc.exited;
  // Whatever the target left behind in its group goes with it.
  proc.signalGroup('SIGKILL');
  attached.abort();
  await attach;
  offCancel();
  clearInterval(progress);
  timers.forEach(clearTimeout);
  await tail.stop();
  if (ticks.length > 0) deps.store.saveSeries(id, ticks);

  const status = exitStatus(exit.exitCode, exit.signal);
  if (control.cancelled) return { state: 'cancelled', exitCode: status, error: null };
  if (timedOut) return { state: 'timed-out', exitCode: status, error: `did not finish within ${spec.deadline + deps.timings.termGraceS}s` };
  if (attachError) return { state: 'failed', exitCode: status, error: `capture failed: ${(attachError as Error).message}` };
  if (status !== 0 && !stoppedOnPurpose) {
    const why = failureLine(sink.text);
    return { state: 'failed', exitCode: status, error: `${exitDescription(exit.exitCode, exit.signal)}${why ? `: ${why}` : ''}` };
  }

  setState('analysing');
  const failure = await analyse(id, config, prepared, control, deps, sink);
  if (control.cancelled) return { state: 'cancelled', exitCode: status, error: null };
  return failure ? { state: 'failed', exitCode: status, error: failure } : { state: 'succeeded', exitCode: status, error: null };
}

/** Stores what the run produced; returns why it failed when the output is unusable. */
async function analyse(id: string, config: RunConfig, prepared: PreparedTarget, control: RunControl, deps: RunDeps, sink: TerminalSink): Promise<string | null> {
  const { store } = deps;
  const dir = store.runDir(id);
  const resultFile = join(dir, 'result.json');
  if (existsSync(resultFile)) {
    // A result.json this workbench cannot read is kept as is (the store notes the problem); the
    // run itself went fine, so it still succeeds.
    const checked = store.saveResult(id, JSON.parse(await readFile(resultFile, 'utf8')));
    if (checked.problem) sink.write(`\r\ngmpw: result.json kept but not understood: ${checked.problem}\r\n`);
  } else if (config.target.kind === 'scenario' || config.target.kind === 'program') {
    return 'the target wrote no result.json (does the program call stress.Main?)';
  }
  if (prepared.collect) {
    try {
      const collected = await prepared.collect(dir, sink.text);
      if (collected.opsPerSec !== undefined) store.saveThroughput(id, collected.opsPerSec);
    } catch (err) {
      return (err as Error).message;
    }
  }
  await saveTraceAnalysis(id, control, deps);
  return null;
}

export async function saveTraceAnalysis(id: string, control: RunControl, deps: Pick<RunDeps, 'store' | 'toolchain'>): Promise<void> {
  const { store } = deps;
  const dir = store.runDir(id);
  if (!existsSync(join(dir, 'trace.out'))) {
    store.saveAnalysis(id, null, 'No execution trace was captured (add trace to the capture set).');
    return;
  }
  let gmptrace: string;
  try {
    gmptrace = await (await deps.toolchain.tools()).gmptrace();
  } catch (err) {
    store.saveAnalysis(id, null, `trace not analysed: gmptrace could not be built (${(err as Error).message.split('\n')[0]})`);
    return;
  }
  const abort = new AbortController();
  const off = control.onCancel(() => abort.abort());
  const outcome = await analyseTrace(gmptrace, dir, abort.signal);
  off();
  store.saveAnalysis(id, outcome.analysis, outcome.note);
}
