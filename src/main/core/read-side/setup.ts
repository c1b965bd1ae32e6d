// What a run ran, as one line (a group's identity, and what a setup's history shows), and which
// runs were configured alike (a setup's history, trend.ts).
import type { RunDetail } from '../../../shared/contract';
import { goDurationSeconds } from '../../../shared/go-duration';
import { LOCAL_HOST } from '../../../shared/hosts';
import { benchtimeOf, PLAN_DEFAULTS, recorderIsOn, runUsedConcurrency } from '../../../shared/run-rules';
import type { RunConfig } from '../../../shared/domain';

/** What a setup is made of: a run's record, its configuration and the parameters it ran with. */
export type SetupFacts = Pick<RunDetail, 'run' | 'config' | 'params'>;

/**
 * Which runs were configured alike: the whole configuration but its label and tags, lists and maps
 * in a canonical order. From what was asked, not from result.json, so that a run that died before
 * writing one (its parameters' defaults unknown) is of its setup too; a run given a parameter's
 * default explicitly is then another setup than one given nothing, as it was asked otherwise.
 */
export function setupKey(config: RunConfig): string {
  const { label: _label, tags: _tags, ...setup } = config;
  return JSON.stringify({ ...setup, capture: [...setup.capture].sort() }, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) : value,
  );
}

/**
 * "pingpong-hog (hogs=1) · 1s · concurrency 4"; a benchmark by its benchtime, with no concurrency it
 * did not use. Then what changes how a run ran without being its load, where it is not the default:
 * a warm-up, the environment, what was recorded (captures, flight recorder, a sampler's other
 * interval): tracing costs throughput, GOGC=5 is another program, so runs that differ in them are
 * not one setup.
 */
export function setupText(d: SetupFacts): string {
  const params = Object.entries(d.params).map(([k, v]) => `${k}=${v}`).join(', ');
  const { target, duration, concurrency, warmup, env, capture, flightRecorder, metricsInterval } = d.config;
  const load = target.kind === 'bench' ? [`benchtime ${benchtimeOf(target, duration)}`] : [duration, ...(runUsedConcurrency(d.run) ? [`concurrency ${concurrency}`] : [])];
  const ran = [
    ...(goDurationSeconds(warmup) > 0 ? [`warm-up ${warmup}`] : []),
    ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
    ...(capture.length > 0 ? [`capture ${capture.join(',')}`] : []),
    ...(recorderIsOn(flightRecorder) ? [`flight recorder ${flightRecorder}`] : []),
    ...(metricsInterval !== PLAN_DEFAULTS.metricsInterval ? [`metrics every ${metricsInterval}`] : []),
  ];
  return [`${d.run.targetName}${params ? ` (${params})` : ''}`, ...load, ...ran].join(' · ');
}

/**
 * The setup with what was configured around it: the target's path (a package, a program), GOMAXPROCS,
 * and where not the default the CPU limit, the Go release asked and the host. Runs with the same line were run alike; what each ran
 * under (the GOMAXPROCS in force, the Go that built it) may still differ, and a trend says so per run.
 */
export function configuredSetupText(d: SetupFacts): string {
  const { gomaxprocs, cpuLimit, goVersion, host, target } = d.config;
  // The name is a folder's last element: two packages of one name are told apart by their paths.
  const where = target.kind === 'bench' ? target.pkg : target.kind === 'scenario' ? null : target.path;
  return [
    setupText(d),
    ...(where !== null ? [`in ${where}`] : []),
    `GOMAXPROCS ${gomaxprocs}`,
    ...(cpuLimit !== PLAN_DEFAULTS.cpuLimit ? [`CPU limit ${cpuLimit}`] : []),
    ...(goVersion !== PLAN_DEFAULTS.goVersion ? [`Go ${goVersion}`] : []),
    ...(host !== LOCAL_HOST ? [`host ${host}`] : []),
  ].join(' · ');
}
