// The New run form as data: its fields, their validation, and the RunPlan they make. Pure, so the
// same rules drive inline errors and the submit button, and the grid preview can be computed live.
import type { CaptureKind, RunConfig, RunPlanInput } from '../../../shared/domain';
import { LOCAL_HOST } from '../../../shared/hosts';
import type { CatalogParam } from '../../../shared/results';
import { parseGoDuration } from '../../../shared/go-duration';

export type TargetKind = 'scenario' | 'bench' | 'program';

export interface RunForm {
  targetKind: TargetKind;
  scenarioId: string;
  params: Record<string, string>;
  benchPkg: string;
  benchRegex: string;
  /** -test.benchtime ("1s", "1000x"); empty means the run duration. */
  benchtime: string;
  programPath: string;
  programArgs: string;
  /** Comma list: "8" or "1,10,100". */
  concurrency: string;
  duration: string;
  warmup: string;
  /** "default", "4", or a list "1,2,4,default". */
  gomaxprocs: string;
  repeat: string;
  /** KEY=VALUE per line. */
  env: string;
  godebug: string;
  capture: CaptureKind[];
  /** Flight recorder window ("10s"); empty or 0 means off. Scenario and program targets only. */
  flightRecorder: string;
  label: string;
  tags: string;
  /** Where to run: 'local' and/or hosts by name; several make host a dimension of the grid. */
  hosts: string[];
}

export const INITIAL_FORM: RunForm = {
  targetKind: 'scenario',
  scenarioId: '',
  params: {},
  benchPkg: '',
  benchRegex: '.',
  benchtime: '',
  programPath: '',
  programArgs: '',
  concurrency: '8',
  duration: '2s',
  warmup: '0s',
  gomaxprocs: 'default',
  repeat: '1',
  env: '',
  godebug: '',
  capture: ['cpu', 'trace'],
  flightRecorder: '',
  label: '',
  tags: '',
  hosts: [LOCAL_HOST],
};

/** Field name (as in the plan, e.g. "target.params.hogs") → what is wrong with it. */
export type FieldErrors = Record<string, string>;

const listOf = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function parseIntList(text: string, min: number, max: number): number[] | string {
  const items = listOf(text);
  if (items.length === 0) return 'give at least one value';
  const values = items.map(Number);
  const bad = items.find((s, i) => !/^\d+$/.test(s) || values[i] < min || values[i] > max);
  return bad === undefined ? values : `"${bad}" is not a whole number in ${min}..${max}`;
}

export function parseGomaxprocs(text: string): Array<number | 'default'> | string {
  const items = listOf(text);
  if (items.length === 0) return 'give "default", a number, or a list such as 1,2,4';
  const out: Array<number | 'default'> = [];
  for (const s of items) {
    if (s === 'default') out.push('default');
    else if (/^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= 1024) out.push(Number(s));
    else return `"${s}" is neither "default" nor a number in 1..1024`;
  }
  return out;
}

export function parseEnv(text: string): Record<string, string> | string {
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const name = eq > 0 ? line.slice(0, eq) : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return `"${line}" is not NAME=value`;
    env[name] = line.slice(eq + 1);
  }
  return env;
}

/** Checks one scenario parameter against its catalog type and bounds; null when fine. */
export function validateParam(param: CatalogParam, value: string): string | null {
  const v = value.trim();
  const bounds = (n: number, parse: (s: string) => number | null) => {
    const min = param.min !== undefined ? parse(param.min) : null;
    const max = param.max !== undefined ? parse(param.max) : null;
    if (min !== null && n < min) return `at least ${param.min}`;
    if (max !== null && n > max) return `at most ${param.max}`;
    return null;
  };
  switch (param.type) {
    case 'int':
      if (!/^-?\d+$/.test(v)) return 'a whole number';
      return bounds(Number(v), Number);
    case 'float':
      if (v === '' || !Number.isFinite(Number(v))) return 'a number';
      return bounds(Number(v), Number);
    case 'duration': {
      const s = parseGoDuration(v);
      if (s === null) return 'a Go duration such as 10ms or 1s';
      return bounds(s, parseGoDuration);
    }
    case 'bool':
      return v === 'true' || v === 'false' ? null : 'true or false';
    case 'enum':
      return param.choices?.includes(v) ? null : `one of ${param.choices?.join(', ')}`;
    case 'string':
      return null;
  }
}

export interface BuiltPlan {
  plan: RunPlanInput | null;
  errors: FieldErrors;
  /** Number of runs the plan makes and their summed measured time (warm-up + duration), in seconds. */
  runs: number;
  seconds: number;
  /** The grid in words: "GOMAXPROCS 1, 2 × concurrency 8 × 3 repetitions". */
  grid: string;
}

function describeGrid(hosts: string[], gomaxprocs: Array<number | 'default'> | string, concurrency: number[] | string, repeat: number): string {
  const parts: string[] = [];
  if (hosts.length > 1) parts.push(`hosts ${hosts.join(', ')}`);
  if (Array.isArray(gomaxprocs)) parts.push(`GOMAXPROCS ${gomaxprocs.join(', ')}`);
  if (Array.isArray(concurrency)) parts.push(`concurrency ${concurrency.join(', ')}`);
  if (repeat > 1) parts.push(`${repeat} repetitions`);
  return parts.join(' × ');
}

export function buildPlan(form: RunForm, params: CatalogParam[]): BuiltPlan {
  const errors: FieldErrors = {};
  let target: RunPlanInput['target'] | null = null;
  if (form.targetKind === 'scenario') {
    if (!form.scenarioId) errors['target.id'] = 'pick a scenario';
    for (const p of params) {
      const problem = validateParam(p, form.params[p.name] ?? p.default);
      if (problem) errors[`target.params.${p.name}`] = problem;
    }
    // Send only what differs from the defaults, so the stored config stays readable.
    const changed = Object.fromEntries(params.filter((p) => (form.params[p.name] ?? p.default) !== p.default).map((p) => [p.name, form.params[p.name].trim()]));
    target = { kind: 'scenario', id: form.scenarioId, params: changed };
  } else if (form.targetKind === 'bench') {
    if (!form.benchPkg.trim()) errors['target.pkg'] = 'the directory of a Go package with benchmarks';
    try {
      new RegExp(form.benchRegex || '.');
    } catch {
      errors['target.bench'] = 'not a valid regular expression';
    }
    const benchtime = form.benchtime.trim();
    if (benchtime && parseGoDuration(benchtime) === null && !/^\d+x$/.test(benchtime)) errors['target.benchtime'] = 'a Go duration such as 1s, or an iteration count such as 1000x';
    target = { kind: 'bench', pkg: form.benchPkg.trim(), bench: form.benchRegex.trim() || '.', ...(benchtime ? { benchtime } : {}) };
  } else {
    if (!form.programPath.trim()) errors['target.path'] = 'a Go main package directory or a binary';
    target = { kind: 'program', path: form.programPath.trim(), args: form.programArgs.split(/\s+/).filter(Boolean) };
  }

  const concurrency = parseIntList(form.concurrency, 1, 1_000_000);
  if (typeof concurrency === 'string') errors.concurrency = concurrency;
  const gomaxprocs = parseGomaxprocs(form.gomaxprocs);
  if (typeof gomaxprocs === 'string') errors.gomaxprocs = gomaxprocs;
  const duration = parseGoDuration(form.duration);
  if (duration === null || duration <= 0) errors.duration = 'a Go duration such as 500ms, 2s or 1m';
  const warmup = parseGoDuration(form.warmup);
  if (warmup === null) errors.warmup = 'a Go duration; 0s for none';
  const repeat = Number(form.repeat);
  if (!/^\d+$/.test(form.repeat.trim()) || repeat < 1 || repeat > 100) errors.repeat = 'a whole number in 1..100';
  const env = parseEnv(form.env);
  if (typeof env === 'string') errors.env = env;
  const flight = flightRecorderOf(form);
  if (flight === null) errors.flightRecorder = 'a Go duration in 100ms..1h, e.g. 10s; empty or 0s for off';
  if (/\s/.test(form.godebug.trim())) errors.godebug = 'comma-separated name=value pairs, no spaces';
  if (form.hosts.length === 0) errors.hosts = 'pick at least one machine';
  else if (form.targetKind === 'bench' && form.hosts.some((h) => h !== LOCAL_HOST)) errors.hosts = 'Go benchmarks run on this machine only';

  const runs = Math.max(1, form.hosts.length) * (Array.isArray(concurrency) ? concurrency.length : 1) * (Array.isArray(gomaxprocs) ? gomaxprocs.length : 1) * (errors.repeat ? 1 : repeat);
  const seconds = runs * ((duration ?? 0) + (warmup ?? 0));
  const grid = describeGrid(form.hosts, gomaxprocs, concurrency, errors.repeat ? 1 : repeat);
  if (Object.keys(errors).length > 0 || !target || typeof concurrency === 'string' || typeof gomaxprocs === 'string' || typeof env === 'string') {
    return { plan: null, errors, runs, seconds, grid };
  }
  const fullEnv = form.godebug.trim() ? { ...env, GODEBUG: form.godebug.trim() } : env;
  const plan: RunPlanInput = {
    target,
    concurrency,
    gomaxprocs,
    duration: form.duration.trim(),
    warmup: form.warmup.trim(),
    repeat,
    env: fullEnv,
    // 'flight' only means something with the recorder on; its checkbox is disabled otherwise.
    capture: flight ? form.capture : form.capture.filter((k) => k !== 'flight'),
    flightRecorder: flight || '0s',
    label: form.label.trim(),
    tags: listOf(form.tags),
    hosts: form.hosts,
  };
  return { plan, errors, runs, seconds, grid };
}

/** Whether the form's target has a flight recorder (the harness targets: scenario and program). */
export function hasFlightRecorder(form: Pick<RunForm, 'targetKind'>): boolean {
  return form.targetKind === 'scenario' || form.targetKind === 'program';
}

/**
 * The flight recorder window to send: '' when off (empty, zero, or a bench target), null when the
 * text is not a Go duration in 100ms..1h.
 */
export function flightRecorderOf(form: Pick<RunForm, 'targetKind' | 'flightRecorder'>): string | null {
  const text = form.flightRecorder.trim();
  if (!hasFlightRecorder(form) || text === '') return '';
  const seconds = parseGoDuration(text);
  if (seconds === null || (seconds !== 0 && (seconds < 0.1 || seconds > 3600))) return null;
  return seconds === 0 ? '' : text;
}

/** The field an error from the core refers to, in this form's naming ("plan.duration" → "duration"). */
export function formField(field: string | null): string | null {
  return field ? field.replace(/^(input\.)?plan\./, '') : null;
}

/** A stored run's configuration as a filled-in form, to run it again with changes. */
export function formFromConfig(config: RunConfig): RunForm {
  const { GODEBUG, ...env } = config.env;
  const base: RunForm = {
    ...INITIAL_FORM,
    concurrency: String(config.concurrency),
    gomaxprocs: String(config.gomaxprocs),
    duration: config.duration,
    warmup: config.warmup,
    env: Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
    godebug: GODEBUG ?? '',
    capture: [...config.capture],
    flightRecorder: config.flightRecorder && config.flightRecorder !== '0s' ? config.flightRecorder : '',
    label: config.label,
    tags: config.tags.join(', '),
    hosts: [config.host],
  };
  const t = config.target;
  switch (t.kind) {
    case 'scenario':
      return { ...base, targetKind: 'scenario', scenarioId: t.id, params: { ...t.params } };
    case 'bench':
      return { ...base, targetKind: 'bench', benchPkg: t.pkg, benchRegex: t.bench, benchtime: t.benchtime ?? '' };
    case 'program':
    case 'endpoint':
      return { ...base, targetKind: 'program', programPath: t.path, programArgs: t.args.join(' ') };
  }
}
