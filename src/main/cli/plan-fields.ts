// A run plan's field as the user of `gmpw run` wrote it: the flag, not the path in the plan the
// flags were turned into ("plan.gomaxprocs.0" is the first value of --gomaxprocs).

const FLAGS: Record<string, string> = {
  duration: '--duration',
  warmup: '--warmup',
  concurrency: '--concurrency',
  gomaxprocs: '--gomaxprocs',
  goVersion: '--go-version',
  cpuLimit: '--cpu-limit',
  repeat: '--repeat',
  hosts: '--host',
  capture: '--capture',
  metricsInterval: '--metrics-interval',
  flightRecorder: '--flight-recorder',
  env: '--env',
  label: '--label',
  tags: '--tag',
  'target.id': '--scenario',
  'target.scenario': '--scenario',
  'target.pkg': '--bench',
  'target.bench': '--bench-regex',
  'target.benchtime': '--benchtime',
  'target.path': '--program/--endpoint',
  'target.pprofUrl': '--pprof-url',
  'target.args': '--arg',
};

/** The 1-based ordinal of index i: 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st. */
function ordinal(i: number): string {
  const n = i + 1;
  const teen = n % 100 >= 11 && n % 100 <= 13;
  return `${n}${teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;
}

/** "--gomaxprocs (its 1st value)", "--param hog-work", "--env FOO"; the field itself when no flag sets it. */
export function planFieldAsFlag(field: string): string {
  const path = field.replace(/^plan\./, '');
  const param = /^target\.params\.(.+)$/.exec(path);
  if (param) return `--param ${param[1]}`;
  const env = /^env\.(.+)$/.exec(path);
  if (env) return `--env ${env[1]}`;
  const listed = /^(.+)\.(\d+)$/.exec(path);
  const key = listed ? listed[1]! : path;
  const flag = FLAGS[key];
  if (!flag || !field.startsWith('plan.')) return field;
  return listed ? `${flag} (its ${ordinal(Number(listed[2]))} value)` : flag;
}
