// The run queue: plans become runs (validated before anything is stored or spawned), runs execute
// one at a time in FIFO order (parallel stress runs would disturb each other), and any queued or
// running run can be cancelled.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RunnerCapabilities } from '../../../shared/contract';
import type { Progress, RunConfig, RunPlan, RunState } from '../../../shared/domain';
import { isTerminal } from '../../../shared/domain';
import { LOCAL_HOST, type Host } from '../../../shared/hosts';
import type { EventBus } from '../events';
import { goDurationSeconds } from '../../../shared/go-duration';
import { usesConcurrency } from '../../../shared/run-rules';
import { UserError } from '../errors';
import { onHost } from '../remote/driver';
import { IllegalTransition, type Store } from '../store';
import { checkReleasesApply, driverFor, needsGoToolchain, withAbsolutePaths, type Drivers, type TargetDriver } from '../targets';
import type { Toolchain } from '../toolchain';
import type { CgroupSupport } from './cgroup';
import { cpuCounts, defaultConcurrency } from './default-concurrency';
import { executeRun, UnrecordedEnding, type PlanWork } from './execute-run';
import { RunControl } from './run-control';
import type { RunnerTimings } from './supervise';
import { expandPlan, isExperiment } from './grid';
import type { RunLeftovers } from './leftovers';
import type { MachineLock } from './machine-lock';
import type { RunOwnership } from './ownership';

/** Seconds a run costs beyond its warm-up and duration (start, files, analysis), for the ETA. */
const RUN_OVERHEAD_S = 1.5;

interface QueuedRun {
  id: string;
  config: RunConfig;
  plan: PlanWork;
  /** 1-based position in its plan, and the plan's size. */
  index: number;
  of: number;
  control: RunControl;
  /** The last progress reported, for a page that opens while the run is on. */
  lastProgress: Progress | null;
  done: Promise<RunState>;
  settle: (state: RunState) => void;
}

export interface RunnerOptions {
  store: Store;
  events: EventBus;
  drivers: Drivers;
  toolchain: Toolchain;
  /** Where a plan's builds (a program, a bench's test binary) live while its runs need them. */
  buildsDir: string;
  /** Marks this process as the owner of its active runs, so another process's start-up leaves them be. */
  ownership: RunOwnership;
  /** One run at a time across every process sharing the data directory. */
  machineLock: MachineLock;
  /** What per-run cgroups this machine allows (found on first use), and the record of running targets. */
  cgroups: () => CgroupSupport;
  leftovers: RunLeftovers;
  timings?: Partial<RunnerTimings>;
}

export class Runner {
  private readonly queue: QueuedRun[] = [];
  private active: QueuedRun | null = null;
  private readonly runs = new Map<string, QueuedRun>();
  private readonly timings: RunnerTimings;
  private closed = false;

  constructor(private readonly opts: RunnerOptions) {
    this.timings = { termGraceS: 5, killGraceS: 5, ...opts.timings };
  }

  /**
   * Checks what only the machine can tell (Go is there, the target's paths and scenario exist: the
   * contract has checked the rest), stores the plan's runs as queued and schedules them.
   */
  async start(plan: RunPlan): Promise<{ experimentId: string | null; runIds: string[] }> {
    if (this.closed) throw new UserError('The workbench is shutting down');
    plan = { ...plan, target: withAbsolutePaths(plan.target) };
    const driver = driverFor(this.opts.drivers, plan.target);
    this.validateCpuLimit(plan);
    const hosts = this.resolveHosts(plan);
    if (needsGoToolchain(plan.target)) await this.opts.toolchain.go();
    const facts = await driver.validate(plan.target, plan);
    if (facts?.target) plan = { ...plan, target: facts.target };
    checkReleasesApply(plan.target, plan.goVersion);
    // Last of the checks: asking a host its CPU count costs an ssh round trip, which a scenario that
    // ignores the concurrency does not need (it is passed, and recorded as not used).
    // A benchmark or an endpoint runs no load goroutines of the harness: no concurrency is one of its cells'.
    const ignoresConcurrency = !usesConcurrency(plan.target.kind) || facts?.ignoresConcurrency === true;
    const cpus = plan.concurrency || ignoresConcurrency ? null : await cpuCounts(hosts);
    const planned = expandPlan(plan, (host) => cpus?.get(host) ?? defaultConcurrency(), ignoresConcurrency);
    const { store } = this.opts;
    const experimentId = isExperiment(plan) ? store.createExperiment(plan.label, plan) : null;
    const runIds = planned.map((p) => {
      const id = store.createRun({ config: p.config, experimentId, cell: p.cell, concurrencyUsed: !ignoresConcurrency });
      this.opts.ownership.claim(id);
      return id;
    });
    // One build per Go release and host (each host has its own platform). Builds stay out of the
    // run folders (whose every file is an artifact) and go when the last run of that build ends.
    const workKey = (config: RunConfig) => `${config.goVersion} ${config.host}`;
    const works = new Map<string, PlanWork>();
    for (const release of plan.goVersion) {
      for (const [name, host] of hosts) {
        const runs = planned.filter((p) => p.config.goVersion === release && p.config.host === name);
        const workDir = join(this.opts.buildsDir, `${experimentId ?? runIds[0]}-${release}${hosts.size > 1 ? `-${name}` : ''}`);
        mkdirSync(workDir, { recursive: true });
        const hostDriver: TargetDriver = host ? onHost(driver, host) : driver;
        works.set(workKey(runs[0].config), { driver: hostDriver, config: runs[0].config, workDir, prepared: null, build: new AbortController(), unfinished: runs.length });
      }
    }
    planned.forEach((p, i) => this.enqueue(runIds[i], p.config, works.get(workKey(p.config))!, i + 1, planned.length));
    this.opts.events.emit('runs.changed', {});
    void this.pump();
    return { experimentId, runIds };
  }

  capabilities(): RunnerCapabilities {
    const { reason, cpuLimitReason } = this.opts.cgroups();
    return { cgroupReason: reason, cpuLimitReason, defaultConcurrency: defaultConcurrency() };
  }

  /** A CPU limit needs a cgroup with the cpu controller: refused with the reason where there is none. */
  private validateCpuLimit(plan: RunPlan): void {
    const reason = this.opts.cgroups().cpuLimitReason;
    if (reason && plan.cpuLimit.some((l) => l !== 'max')) throw new UserError(`no CPU limit is possible here: ${reason}`, 'plan.cpuLimit');
  }

  /** The plan's hosts by name (null for this machine); an unknown host is refused, naming its field. */
  private resolveHosts(plan: RunPlan): Map<string, Host | null> {
    return new Map(plan.hosts.map((name, i) => [name, name === LOCAL_HOST ? null : this.opts.store.hosts.require(name, `plan.hosts.${i}`)]));
  }

  /** Whether this runner executes the run (queued or active here), as opposed to another process. */
  owns(id: string): boolean {
    return this.runs.has(id);
  }

  /** Whether the run is this runner's, and its last progress (null before the target starts). */
  progressOf(id: string): { here: boolean; progress: Progress | null } {
    const run = this.runs.get(id);
    return { here: run !== undefined, progress: run?.lastProgress ?? null };
  }

  private enqueue(id: string, config: RunConfig, plan: PlanWork, index: number, of: number): void {
    let settle!: (state: RunState) => void;
    const done = new Promise<RunState>((resolve) => (settle = resolve));
    const run: QueuedRun = { id, config, plan, index, of, control: new RunControl(), lastProgress: null, done, settle };
    this.queue.push(run);
    this.runs.set(id, run);
    this.opts.events.emit('run.state', { runId: id, state: 'queued', exitCode: null, error: null });
  }

  /** Cancels a queued or running run; resolves when it has ended and none of its processes is left. */
  async cancel(id: string): Promise<void> {
    const run = this.runs.get(id);
    if (!run) {
      const stored = this.opts.store.requireRun(id);
      if (isTerminal(stored.state)) return;
      throw new UserError(`Run ${id} is ${stored.state} in another workbench process; cancel it there`, 'id');
    }
    const queued = this.queue.indexOf(run);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.finishQueued(run, 'cancelled');
    } else {
      run.control.cancel();
      // The last run of a plan still building takes the build down with it.
      if (![...this.queue].some((r) => r.plan === run.plan)) run.plan.build.abort();
    }
    await run.done;
  }

  private finishQueued(run: QueuedRun, state: RunState): void {
    this.recordEnd(run, state, null);
    this.settle(run, state);
  }

  /**
   * Records a terminal state decided outside executeRun: cancelled while queued, or unable to start
   * or to record its own ending. When even this cannot be written (a full disk), whoever waits for
   * the run still hears how it ended, and why the history does not say so; the next start marks it
   * interrupted.
   */
  private recordEnd(run: QueuedRun, state: RunState, error: string | null): void {
    const { store, events } = this.opts;
    try {
      store.transition(run.id, state, { error });
    } catch (err) {
      // Another process ended it first (its state stands), or the history cannot be written.
      if (!(err instanceof IllegalTransition)) this.sayUnrecorded(run, state, error, (err as Error).message);
      return;
    }
    events.emit('run.state', { runId: run.id, state, exitCode: null, error });
    events.emit('runs.changed', {});
  }

  /** Says how a run ended that the history could not record, and why. */
  private sayUnrecorded(run: QueuedRun, state: RunState, error: string | null, why: string): void {
    this.opts.events.emit('run.state', { runId: run.id, state, exitCode: null, error: `${error ?? state}; the history could not record it: ${why}` });
  }

  /** A run has its terminal state: it no longer needs its claim, nor its plan's build if it was the last. */
  private settle(run: QueuedRun, state: RunState): void {
    this.runs.delete(run.id);
    this.opts.ownership.release(run.id);
    if (--run.plan.unfinished === 0) rmSync(run.plan.workDir, { recursive: true, force: true });
    run.settle(state);
  }

  private async pump(): Promise<void> {
    if (this.active) return;
    const run = this.queue.shift();
    if (!run) return;
    this.active = run;
    let state: RunState = 'failed';
    try {
      await this.waitForMachine(run);
      state = await executeRun(run.id, run.config, run.plan, run.control, {
        store: this.opts.store,
        events: this.opts.events,
        toolchain: this.opts.toolchain,
        timings: this.timings,
        cgroups: this.opts.cgroups(),
        leftovers: this.opts.leftovers,
        onProgress: (elapsed, total) => this.progress(run, elapsed, total),
      });
    } catch (err) {
      // The lock could not be taken (its folder read-only or full): the run cannot
      // start, and the queue goes on; nothing here may reject, or the process would die. Or the
      // run's own ending could not be written: it is said as it was, with why it is not recorded.
      if (err instanceof UnrecordedEnding) {
        state = err.ending.state;
        this.sayUnrecorded(run, err.ending.state, err.ending.error, err.message);
      } else this.recordEnd(run, 'failed', `workbench error: ${(err as Error).message}`);
    } finally {
      this.opts.machineLock.release();
      this.active = null;
      this.settle(run, state);
      void this.pump();
    }
  }

  /** Holds the machine lock before the run starts (another process's run may be on); a cancel ends the wait. */
  private async waitForMachine(run: QueuedRun): Promise<void> {
    const abort = new AbortController();
    const off = run.control.onCancel(() => abort.abort());
    const say = (pid: number | null) =>
      this.opts.events.emit('run.output', { runId: run.id, data: `gmpw: waiting for the run of ${pid === null ? 'another process' : `process ${pid}`} to end (one run at a time on this machine)\r\n` });
    try {
      await this.opts.machineLock.acquire(abort.signal, say);
    } catch (err) {
      if (!abort.signal.aborted) throw err;
      // Cancelled while waiting: executeRun sees the cancel and ends the run without starting it.
    } finally {
      off();
    }
  }

  private progress(run: QueuedRun, elapsed: number, total: number): void {
    const queuedSeconds = this.queue.reduce((sum, r) => sum + goDurationSeconds(r.config.warmup) + goDurationSeconds(r.config.duration) + RUN_OVERHEAD_S, 0);
    const eta = Math.max(0, total - elapsed) + queuedSeconds;
    run.lastProgress = { elapsed, total, index: run.index, of: run.of, eta };
    this.opts.events.emit('run.progress', { runId: run.id, progress: run.lastProgress });
  }

  /** Cancels everything queued and running, and waits for the active run to end. */
  async close(): Promise<void> {
    this.closed = true;
    for (const run of this.queue.splice(0)) this.finishQueued(run, 'cancelled');
    const active = this.active;
    if (active) await this.cancel(active.id);
  }
}
