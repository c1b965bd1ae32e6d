// The harness protocol's flags (resources/go/PROTOCOL.md §1) for one run: shared by the bundled
// gmpstress and by user programs built on stress.Main.
import type { RunConfig } from '../../../shared/domain';
import { goDurationSeconds } from '../../../shared/go-duration';
import { UserError } from '../errors';

/** Seconds a harness process may need beyond warm-up + duration to start and write its files. */
const HARNESS_SLACK_S = 5;

export function harnessArgs(config: RunConfig, runDir: string, scenario: string | undefined, params: Record<string, string>): string[] {
  const args = [
    ...(scenario ? ['-scenario', scenario] : []),
    '-concurrency', String(config.concurrency),
    '-duration', config.duration,
    '-warmup', config.warmup,
    '-out', runDir,
    '-metrics-interval', config.metricsInterval,
  ];
  if (flightRecorderSeconds(config) > 0) args.push('-flight-recorder', config.flightRecorder);
  if (config.capture.length > 0) args.push('-capture', config.capture.join(','));
  for (const [k, v] of Object.entries(params)) args.push('-param', `${k}=${v}`);
  return args;
}

export function harnessDeadline(config: RunConfig): number {
  return goDurationSeconds(config.warmup) + goDurationSeconds(config.duration) + HARNESS_SLACK_S;
}

/** The flight recorder's window in seconds; 0 when off (also for configs stored before it existed). */
export function flightRecorderSeconds(config: Pick<RunConfig, 'flightRecorder'>): number {
  return config.flightRecorder ? goDurationSeconds(config.flightRecorder) : 0;
}

/**
 * Rejects a plan whose flight recorder the target cannot honour (PROTOCOL.md §1): only harness
 * targets (scenario, program) have one, its window is 100ms..1h, and capture 'flight' needs it.
 */
export function validateFlightRecorder(plan: Pick<RunConfig, 'flightRecorder' | 'capture' | 'target'>): void {
  const field = 'plan.flightRecorder';
  const seconds = flightRecorderSeconds(plan);
  if (seconds === 0) {
    if (plan.capture.includes('flight')) {
      throw new UserError(`${field}: capture 'flight' needs the flight recorder (e.g. 10s)`, field);
    }
    return;
  }
  if (plan.target.kind !== 'scenario' && plan.target.kind !== 'program') {
    throw new UserError(`${field}: ${plan.target.kind} targets have no flight recorder (scenario and program targets only); use 0s`, field);
  }
  if (seconds < 0.1 || seconds > 3600) throw new UserError(`${field}: between 100ms and 1h (0s = off)`, field);
}
