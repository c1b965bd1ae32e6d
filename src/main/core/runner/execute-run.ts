// One run from its first state change to its one terminal state: build (once per plan), run the
// process under supervision with its terminal and metrics streamed, then store what it produced.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunConfig, RunState } from '../../../shared/domain';
import type { EventBus } from '../events';
import { goDurationSeconds } from '../../../shared/go-duration';
import { diskFullError, IllegalTransition, type Store } from '../store';
import type { PrepareContext, PreparedTarget, TargetDriver } from '../targets';
import { LOCAL_HOST } from '../../../shared/hosts';
import { buildsFromSource, PrepareError } from '../targets';
import { GoReleaseUnavailable, type GoToolchain, type Toolchain } from '../toolchain';
import { goMinorOf, LEAK_PROFILE_MINOR } from '../../../shared/go-release';
import { goExperimentsFor, leakProfileRelease } from '../../../shared/run-rules';
import { BUILD_INFO_FILE, readBuildInfo } from '../toolchain/build-info';
import type { CgroupSupport } from './cgroup';
import { contain } from './containment';
import { exitDescription, exitStatus, failureLine } from '../process/exit-message';
import type { RunLeftovers } from './leftovers';
import { MetricsTail } from './metrics-tail';
import type { RunControl } from './run-control';
import { runEnvironment } from './run-env';
import { storeUnfinishedRunOutputs, storeRunOutputs } from './run-outputs';
import { supervise, watchdogSeconds, type RunnerTimings, type Supervised, type Supervision } from './supervise';
import { TerminalSink } from './terminal-sink';
import { SeriesBuffer } from '../../../shared/series-buffer';

/** What the runs of one plan and Go release share: the target, its build (done once), and where it goes. */
export interface PlanWork {
  driver: TargetDriver;
  config: RunConfig;
  workDir: string;
  prepared: Promise<PreparedTarget> | null;
  /** Aborts the build when every run of the plan was cancelled. */
  build: AbortController;
  /** Runs of the plan without a terminal state yet; the build folder goes with the last. */
  unfinished: number;
  /** `go version -m` of the executable the plan's runs spawn, read once by its first run. */
  buildInfo?: Promise<string | null>;
}

export interface RunDeps {
  store: Store;
  events: EventBus;
  toolchain: Toolchain;
  timings: RunnerTimings;
  /** Per-run cgroups as this machine allows them, and where running targets are recorded for a restart. */
  cgroups: CgroupSupport;
  leftovers: RunLeftovers;
  /** Called about every 250 ms while the process runs. */
  onProgress: (elapsed: number, total: number) => void;
}

interface Ending {
  state: RunState;
  exitCode: number | null;
  error: string | null;
}

type SetState = (state: RunState) => void;

/** A run as each of its steps sees it: which, how it is stopped, what it works with and where it writes. */
interface RunAt {
  id: string;
  config: RunConfig;
  control: RunControl;
  deps: RunDeps;
  sink: TerminalSink;
  setState: SetState;
}

const cancelled = (exitCode: number | null = null): Ending => ({ state: 'cancelled', exitCode, error: null });

export async function executeRun(id: string, config: RunConfig, plan: PlanWork, control: RunControl, deps: RunDeps): Promise<RunState> {
  const { store, events } = deps;
  const setState = (state: RunState, exitCode: number | null = null, error: string | null = null): void => {
    store.transition(id, state, { exitCode, error });
    events.emit('run.state', { runId: id, state, exitCode, error });
  };
  const sink = new TerminalSink(join(store.runDir(id), 'terminal.log'), (data) => events.emit('run.output', { runId: id, data }));
  const run: RunAt = { id, config, control, deps, sink, setState };
  let ending: Ending;
  try {
    const prepared = await prepareUnlessCancelled(plan, run);
    if (prepared) await keepBuildInfo(plan, prepared, config, store.runDir(id), deps);
    ending = prepared ? await runPrepared(run, prepared) : cancelled();
  } catch (thrown) {
    const exitCode = thrown instanceof FailedAfterTargetEnded ? thrown.exitCode : null;
    const caught = thrown instanceof FailedAfterTargetEnded ? thrown.failure : thrown;
    // A write that found the disk full says which disk, and what to do: the file's, when the error
    // names one (the module cache of a Go release, a temporary file), else the run folder's (the
    // run's own writes go to descriptors, whose errors name no file).
    const where = (caught as { path?: unknown }).path;
    const err = diskFullError(caught, `run ${id}`, typeof where === 'string' ? where : store.runDir(id)) ?? (caught as Error);
    ending =
      err instanceof PrepareError
        ? { state: control.cancelled ? 'cancelled' : 'failed', exitCode: null, error: control.cancelled ? null : err.message }
        : { state: 'failed', exitCode, error: `workbench error: ${err.message}` };
    if (!(err instanceof PrepareError)) sink.write(`\r\ngmpw: ${ending.error}\r\n`);
  }
  await sink.close();
  // Its files are part of how it ended: on a full disk the reserve holds their rows too.
  await store.registerFolder(id, true).catch(() => undefined);
  try {
    setState(ending.state, ending.exitCode, ending.error);
  } catch (err) {
    // The history cannot be written (a full disk past the reserve): the runner still says how it
    // ended. Else another process ended it meanwhile (the store allows one terminal state), and its
    // state stands.
    if (!(err instanceof IllegalTransition)) throw new UnrecordedEnding(ending, err as Error);
  }
  events.emit('runs.changed', {});
  return store.requireRun(id).state;
}

/** A failure after the target ended (a store write on a full disk): the run fails keeping the target's exit status. */
class FailedAfterTargetEnded extends Error {
  constructor(
    readonly exitCode: number | null,
    readonly failure: Error,
  ) {
    super(failure.message, { cause: failure });
  }
}

/** A run's ending that the history could not record: how it ended, and why it is not written. */
export class UnrecordedEnding extends Error {
  constructor(
    readonly ending: Ending,
    cause: Error,
  ) {
    super(cause.message, { cause });
    this.name = 'UnrecordedEnding';
  }
}

/** The plan's prepared target (built by its first run), or null when this run was cancelled meanwhile. */
async function prepareUnlessCancelled(plan: PlanWork, { control, deps, sink, setState }: RunAt): Promise<PreparedTarget | null> {
  if (control.cancelled) return null;
  if (plan.prepared) {
    // The build failed for an earlier run of this plan: every run keeps the compiler's words.
    plan.prepared.catch((err: unknown) => {
      if (err instanceof PrepareError) sink.write(err.output.replace(/\r?\n/g, '\r\n'));
    });
  } else {
    const { target, goVersion, host } = plan.config;
    // A remote host is checked and the target built for its platform first: building too.
    if (buildsFromSource(target, goVersion) || host !== LOCAL_HOST) setState('building');
    const signal = plan.build.signal;
    let go: ReturnType<PrepareContext['go']> | null = null;
    const goExperiments = goExperimentsFor(plan.config.capture);
    // Fetched once per plan, on the driver's first ask; a release the proxy refuses fails the build,
    // as does one without an experiment the captures need (a local Go older than the leak profile).
    const releaseGo = () => (go ??= deps.toolchain.release(goVersion, { output: sink.write, signal }).then((g) => withExperiments(g, goExperiments)).catch(asPrepareError));
    plan.prepared = plan.driver.prepare(target, { workDir: plan.workDir, go: releaseGo, output: sink.write, signal, goExperiments });
  }
  // A build shared with later runs of the plan goes on; this run stops waiting for it when cancelled.
  let offCancel = () => {};
  const onCancel = new Promise<null>((resolve) => (offCancel = control.onCancel(() => resolve(null))));
  return Promise.race([plan.prepared, onCancel]).finally(offCancel);
}

/** Keeps the executable's own account of the Go that built it with the run (toolchain/build-info.ts). */
async function keepBuildInfo(plan: PlanWork, prepared: PreparedTarget, config: RunConfig, runDir: string, deps: RunDeps): Promise<void> {
  const { file, executable = file } = prepared.spec(config, runDir);
  plan.buildInfo ??= deps.toolchain.go().then((go) => readBuildInfo(go, executable));
  const text = await plan.buildInfo;
  if (text !== null) await writeFile(join(runDir, BUILD_INFO_FILE), text);
}

/** The toolchain, when it has the experiments asked for: the leak profile's came with Go 1.26. */
function withExperiments(go: GoToolchain, experiments: readonly string[]): GoToolchain {
  const minor = goMinorOf(go.version);
  if (experiments.includes('goroutineleakprofile') && minor !== null && minor < LEAK_PROFILE_MINOR) {
    const message = leakProfileRelease(go.version);
    throw new PrepareError(message, message);
  }
  return go;
}

function asPrepareError(err: unknown): never {
  throw err instanceof GoReleaseUnavailable ? new PrepareError(err.message, err.message) : err;
}

/**
 * The run's process, then each that follows it (ProcessSpec.followedBy) while they exit 0 and the
 * run is not cancelled: the outcome of the last one started.
 */
async function superviseInTurn(first: Supervision, config: RunConfig, dir: string, control: RunControl): Promise<Supervised> {
  let outcome = await supervise(first);
  for (const spec of first.spec.followedBy ?? []) {
    if (control.cancelled || outcome.timedOut || outcome.exit.exitCode !== 0) break;
    const env = first.launch ? runEnvironment(config, spec.env, {}) : runEnvironment(config, spec.env);
    outcome = await supervise({ ...first, spec, env, cwd: spec.cwd ?? dir });
  }
  return outcome;
}

async function runPrepared(run: RunAt, prepared: PreparedTarget): Promise<Ending> {
  const { id, config, control, deps, sink, setState } = run;
  const dir = deps.store.runDir(id);
  await prepared.beforeStart?.().catch((err: Error) => {
    sink.write(`gmpw: ${err.message}\r\n`);
    throw err;
  });
  const spec = prepared.spec(config, dir);
  const series = new SeriesBuffer();
  const tail = new MetricsTail(join(dir, 'metrics.jsonl'), (tick) => {
    series.add(tick);
    deps.events.emit('run.metrics', { runId: id, tick });
  });
  const containment = await contain(id, config.cpuLimit === 'max' ? null : config.cpuLimit, deps.cgroups, deps.leftovers);
  // A remote target is contained by its host's sshd session; here runs only its ssh client.
  if (!prepared.launch) sink.write(`gmpw: the target runs ${containment.description}\r\n`);
  setState('running');
  const startedAt = Date.now();
  const total = goDurationSeconds(config.warmup) + goDurationSeconds(config.duration);
  const progress = setInterval(() => deps.onProgress((Date.now() - startedAt) / 1000, total), 250);
  tail.start();
  const supervision = {
    spec,
    // A process on another machine inherits nothing of this one's environment, only the run's own.
    env: prepared.launch ? runEnvironment(config, spec.env, {}) : runEnvironment(config, spec.env),
    cwd: spec.cwd ?? dir,
    runDir: dir,
    config,
    attach: prepared.attach,
    output: sink.write,
    control,
    timings: deps.timings,
    containment,
    launch: prepared.launch?.(dir),
  };
  const stopWatching = async () => {
    clearInterval(progress);
    await containment.end();
  };
  const supervised = await superviseInTurn(supervision, config, dir, control).catch(async (err: unknown) => {
    await stopWatching();
    throw err;
  });
  const { exit, exitUnknown } = supervised;
  // A remote target's status when the link was lost or the host did not answer is the ssh client's.
  const status = exitUnknown ? null : exitStatus(exit.exitCode, exit.signal);
  try {
    await stopWatching();
    return await afterTargetEnded(run, prepared, { supervised, supervision, status, tail, series });
  } catch (err) {
    throw new FailedAfterTargetEnded(status, err as Error);
  }
}

/** What the target's ending and outputs make of the run, once it has ended with `status`. */
async function afterTargetEnded(
  { id, config, control, deps, sink, setState }: RunAt,
  prepared: PreparedTarget,
  { supervised, supervision, status, tail, series }: { supervised: Supervised; supervision: Supervision; status: number | null; tail: MetricsTail; series: SeriesBuffer },
): Promise<Ending> {
  const { finishError } = supervised;
  await tail.stop();
  const ticks = series.ticks();
  if (ticks.length > 0) deps.store.saveSeries(id, ticks);
  const say = (line: string) => sink.write(`\r\ngmpw: ${line}\r\n`);
  if (tail.refused) say(`runtime metrics not read: ${tail.refused}`);
  if (control.cancelled) {
    await storeUnfinishedRunOutputs(id, say, deps);
    // What ending the process could not do (a host that did not answer the stop signal) is the record's error.
    return { state: 'cancelled', exitCode: status, error: finishError };
  }
  const unsuccessful = unsuccessfulEnding(supervised, status, supervision, prepared, sink.text);
  if (unsuccessful) {
    // What the target left (result.json, a trace cut short, profiles; on a host, what the fetch
    // brought) is stored and analysed as a cancelled run's is, wherever it ran: one story per run.
    // The run says it is analysing, and a cancel meanwhile stops the analysis: the run still ends
    // as its target did, its analysis note saying the analysis was cancelled.
    setState('analysing');
    await storeUnfinishedRunOutputs(id, say, deps, control);
    return unsuccessful;
  }

  setState('analysing');
  const failure = await storeRunOutputs(id, config, prepared, sink.text, say, control, deps);
  if (control.cancelled) return cancelled(status);
  return { state: failure ? 'failed' : 'succeeded', exitCode: status, error: failure };
}

/** How a run whose target ran ends when it did not succeed (cancels aside), or null when its outputs decide. */
function unsuccessfulEnding(
  { exit, timedOut, stoppedOnPurpose, attachError, finishError }: Supervised,
  status: number | null,
  supervision: Supervision,
  prepared: PreparedTarget,
  terminalText: string,
): Ending | null {
  if (timedOut) {
    const late = `did not finish within ${watchdogSeconds(supervision)}s`;
    return { state: 'timed-out', exitCode: status, error: finishError ? `${late}; ${finishError}` : late };
  }
  if (finishError) return { state: 'failed', exitCode: status, error: finishError };
  if (attachError) return { state: 'failed', exitCode: status, error: `capture failed: ${attachError.message}` };
  if ((status !== 0 || prepared.attach) && !stoppedOnPurpose) {
    // A target that is captured from outside must live until the capture is done, even if it exits 0.
    const why = failureLine(terminalText);
    const early = prepared.attach ? 'ended before the capture was done: ' : '';
    return { state: 'failed', exitCode: status, error: `${early}${exitDescription(exit.exitCode, exit.signal)}${why ? `: ${why}` : ' (no output)'}` };
  }
  return null;
}
