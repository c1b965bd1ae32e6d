// What a target kind (docs/ARCHITECTURE.md §3) provides to the runner. The runner owns processes, states and
// files; a driver only says how to build, what to spawn, and what to collect.
import type { RunConfig, RunPlan, Target } from '../../../shared/domain';
import type { Launch } from '../process/pty-process';
import type { GoPlatform, GoToolchain } from '../toolchain';

/**
 * Where a target sits in the input of runs.start, the one command that checks targets: drivers name
 * the fields they refuse by this path, as zod names the fields it refuses.
 */
export const TARGET_PATH = 'plan.target';

/** Where build and run output goes: terminal.log and the live terminal. */
export type OutputSink = (text: string) => void;

export interface PrepareContext {
  /** A folder for build outputs shared by every run of the plan (the experiment's or the run's). */
  workDir: string;
  go: () => Promise<GoToolchain>;
  output: OutputSink;
  signal: AbortSignal;
  /** The platform to build for when it is not this machine's (a remote host's); static, no cgo. */
  platform?: GoPlatform;
  /** GOEXPERIMENT values the build needs for what the plan captures (run-rules goExperimentsFor). */
  goExperiments?: readonly string[];
}

export interface ProcessSpec {
  file: string;
  args: string[];
  /** The Go executable `file` runs, when `file` is a wrapper (a bench run's output copy): whose build info the run keeps. */
  executable?: string;
  /** Added to the run's environment (GOMAXPROCS and config.env are set by the runner). */
  env?: Record<string, string>;
  cwd?: string;
  /** Seconds after which the watchdog stops the process (before its grace periods). */
  deadline: number;
  /**
   * Processes of the same run that start, one after another, when this one exits 0 (a bench run
   * over several packages: one test binary each, as go test runs them).
   */
  followedBy?: ProcessSpec[];
}

export interface AttachContext {
  runDir: string;
  config: RunConfig;
  output: OutputSink;
  /** Aborted when the process exits or the run is cancelled. */
  signal: AbortSignal;
}

/** What a driver learnt from a finished run beyond the harness files. */
export interface Collected {
  opsPerSec?: number;
  /** The GOMAXPROCS the target says it ran at, when the run has no result.json to say it (go test's "-N"). */
  gomaxprocsInForce?: number;
}

export interface PreparedTarget {
  spec(config: RunConfig, runDir: string): ProcessSpec;
  /** Checks made just before each run's process starts (an endpoint's: nothing answers at its pprof URL yet). Throws a PrepareError. */
  beforeStart?(): Promise<void>;
  /**
   * For targets that run until told to stop (endpoint): does its work while the process runs and
   * resolves when the process should be stopped. Rejects when the capture failed.
   */
  attach?(ctx: AttachContext): Promise<void>;
  /** After a clean exit: reads what the target produced (e.g. benchmark lines in terminal.log). */
  collect?(runDir: string, terminalLog: string): Promise<Collected>;
  /** For targets that run elsewhere (a remote host): how the run whose folder is runDir starts. */
  launch?(runDir: string): Launch;
}

/** What validating a target learned that its runs' records keep. */
export interface TargetFacts {
  /** The catalog says the scenario's load does not depend on the concurrency. */
  ignoresConcurrency: boolean;
  /** The target as its runs record it, where validating normalised it (a scenario's parameters as the harness reads them). */
  target?: Target;
}

export interface TargetDriver<T extends Target = Target> {
  /** Rejects a plan before anything runs, with a UserError naming the field; gives what it learned of the target. */
  validate(target: T, plan: RunPlan): Promise<TargetFacts | void>;
  /** Once per plan: builds what needs building. Throws a PrepareError with the build output. */
  prepare(target: T, ctx: PrepareContext): Promise<PreparedTarget>;
}

/** A build step failed: the run fails, and the output (the compiler's) is kept in terminal.log. */
export class PrepareError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
    this.name = 'PrepareError';
  }
}
