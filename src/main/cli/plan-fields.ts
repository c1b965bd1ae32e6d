// A run plan's fields as the user of `gmpw run` wrote them: the flags the plan was made of
// ("plan.gomaxprocs.0" is the first value of --gomaxprocs).
import type { FieldNames } from './typed-fields';

export const PLAN_FIELDS: FieldNames = {
  'plan.duration': '--duration',
  'plan.warmup': '--warmup',
  'plan.concurrency': '--concurrency',
  'plan.gomaxprocs': '--gomaxprocs',
  'plan.goVersion': '--go-version',
  'plan.cpuLimit': '--cpu-limit',
  'plan.repeat': '--repeat',
  'plan.hosts': '--host',
  'plan.capture': '--capture',
  'plan.metricsInterval': '--metrics-interval',
  'plan.flightRecorder': '--flight-recorder',
  'plan.env.*': '--env',
  'plan.env': '--env',
  'plan.label': '--label',
  'plan.tags': '--tag',
  'plan.target.id': '--scenario',
  'plan.target.scenario': '--scenario',
  'plan.target.pkg': '--bench',
  'plan.target.bench': '--bench-regex',
  'plan.target.benchtime': '--benchtime',
  'plan.target.path': '--program/--endpoint',
  'plan.target.pprofUrl': '--pprof-url',
  'plan.target.args': '--arg',
  'plan.target.params.*': '--param',
};
