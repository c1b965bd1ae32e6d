// The harness protocol's flags (resources/go/PROTOCOL.md §1) for one run: shared by the bundled
// gmpstress and by user programs built on stress.Main.
import type { RunConfig } from '../../../shared/domain';
import { goDurationSeconds } from '../../../shared/go-duration';

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
function flightRecorderSeconds(config: Pick<RunConfig, 'flightRecorder'>): number {
  return config.flightRecorder ? goDurationSeconds(config.flightRecorder) : 0;
}
