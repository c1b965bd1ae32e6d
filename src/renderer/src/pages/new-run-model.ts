// The New run form as data: its fields, the RunPlan they make, and what is wrong with it. Pure, so
// the same rules drive inline errors and the submit button, and the grid preview can be computed
// live. The rules of a valid run are the contract's (src/shared/run-rules.ts), not the form's.
import { commands } from '../../../shared/contract';
import { CONFIRM_PLAN_RUNS, Target, type CaptureKind, type RunConfig, type RunPlanInput } from '../../../shared/domain';
import { parseGoDuration } from '../../../shared/go-duration';
import { LOCAL_GO } from '../../../shared/go-release';
import { LOCAL_HOST } from '../../../shared/hosts';
import { MIN_TEST_SAMPLES, repetitionAdvice } from '../../../shared/repetitions';
import type { CatalogParam, CatalogScenario } from '../../../shared/results';
import { bareChildProblem, crossFieldIssues, hasFlightRecorder, ignoredConcurrencyProblem, PLAN_DEFAULTS, TARGET_CAPTURES } from '../../../shared/run-rules';
import { paramProblem } from '../../../shared/scenario-params';
import { parseCpuLimitList, parseGomaxprocsList, parseWholeNumbers } from '../../../shared/plan-text';

export type TargetKind = 'scenario' | 'bench' | 'program';

export interface RunForm {
  targetKind: TargetKind;
  scenarioId: string;
  params: Record<string, string>;
  benchPkg: string;
  /** Where a run again resolves its import path: the directory the original run resolved it in (not shown). */
  benchDir: string;
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
  /** Go releases to build the target with: "local", or a list "local,1.22.12,1.24.x". */
  goVersion: string;
  /** CPU limit of the run's cgroup in cores: "max" (none), "0.5", or a list "0.5,1,max". */
  cpuLimit: string;
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
  benchDir: '',
  benchRegex: PLAN_DEFAULTS.benchRegex,
  benchtime: '',
  programPath: '',
  programArgs: '',
  // Empty: each machine's CPU count, decided by the runner (the field's placeholder says which).
  concurrency: '',
  duration: PLAN_DEFAULTS.duration,
  warmup: PLAN_DEFAULTS.warmup,
  gomaxprocs: PLAN_DEFAULTS.gomaxprocs,
  goVersion: PLAN_DEFAULTS.goVersion,
  cpuLimit: PLAN_DEFAULTS.cpuLimit,
  // Empty: automatic, see autoRepeat.
  repeat: '',
  env: '',
  godebug: '',
  capture: ['cpu', 'trace'],
  flightRecorder: '',
  label: '',
  tags: '',
  hosts: [LOCAL_HOST],
};

/** The GOMAXPROCS field's text a scenario suggests (PROTOCOL.md §4), or the plan default when it has no preference. */
function suggestedGomaxprocs(scenarios: readonly CatalogScenario[], id: string): string {
  const n = scenarios.find((s) => s.id === id)?.suggested_gomaxprocs;
  return n === undefined ? PLAN_DEFAULTS.gomaxprocs : String(n);
}

/**
 * The form after picking a scenario: its parameters start from their defaults, and GOMAXPROCS
 * takes the scenario's suggestion unless the user typed a value of their own (one that is neither
 * the default nor the previous scenario's suggestion).
 */
export function pickScenario(form: RunForm, scenarios: readonly CatalogScenario[], id: string): RunForm {
  const untouched = form.gomaxprocs.trim() === suggestedGomaxprocs(scenarios, form.scenarioId);
  return { ...form, scenarioId: id, params: {}, gomaxprocs: untouched ? suggestedGomaxprocs(scenarios, id) : form.gomaxprocs };
}

/**
 * Field path in the input of runs.start (e.g. "plan.target.params.hogs", as the core names the
 * fields it refuses) → what is wrong with it.
 */
export type FieldErrors = Record<string, string>;

/** The error of a form field: its own, or that of a path under it ("plan.concurrency.1" for "plan.concurrency"). */
export function errorAt(errors: FieldErrors, field: string): string | undefined {
  const path = Object.keys(errors).find((p) => p === field || p.startsWith(`${field}.`));
  return path === undefined ? undefined : errors[path];
}

const listOf = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Scheduler-work GODEBUG settings the form offers as presets, each with what it does. */
export const GODEBUG_PRESETS: readonly { setting: string; explain: string }[] = [
  { setting: 'schedtrace=1000', explain: 'the runtime prints a line of scheduler state (Ps, threads, run queues) to the terminal every second' },
  { setting: 'asyncpreemptoff=1', explain: 'no signal-based preemption: a loop without function calls keeps its P until it ends or blocks' },
  { setting: 'containermaxprocs=0', explain: 'Go 1.25+: the default GOMAXPROCS ignores the cgroup CPU limit, as before 1.25' },
  { setting: 'updatemaxprocs=0', explain: 'Go 1.25+: GOMAXPROCS keeps its start value instead of following CPU limit changes' },
  { setting: 'gctrace=1', explain: 'a line per GC cycle on the terminal: heap sizes, pause and CPU times' },
];

const godebugName = (setting: string): string => setting.split('=')[0];

/** Whether a comma-separated GODEBUG value holds exactly this name=value setting. */
export function hasGodebug(godebug: string, setting: string): boolean {
  return listOf(godebug).includes(setting);
}

/** Adds a name=value setting to a GODEBUG value (replacing the same name) or removes it. */
export function toggleGodebug(godebug: string, setting: string, on: boolean): string {
  const others = listOf(godebug).filter((s) => godebugName(s) !== godebugName(setting));
  return (on ? [...others, setting] : others).join(',');
}

/** NAME=value lines (# comments allowed); the contract checks the names. */
export function parseEnv(text: string): Record<string, string> | string {
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return `"${line}" is not NAME=value`;
    env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

export interface BuiltPlan {
  plan: RunPlanInput | null;
  errors: FieldErrors;
  /**
   * The errors of fields that cannot go together (a remote host and a CPU limit, a capture the
   * target does not offer): shown as soon as both are chosen, where a field's own error waits for
   * the first Start (it may only be half typed).
   */
  conflicts: FieldErrors;
  /** Number of runs the plan makes and their summed measured time (warm-up + duration), in seconds. */
  runs: number;
  seconds: number;
  /** The grid in words: "GOMAXPROCS 1, 2 × concurrency 8 × 3 repetitions". */
  grid: string;
  /** Repetitions per cell, the automatic count when the field is empty. */
  repeat: number;
  /** What the repetitions will answer; null for a single run. */
  advice: ReturnType<typeof repetitionAdvice>;
}

/**
 * Repetitions when the field is left empty: one run for a single cell, and for a grid enough for
 * the experiment to answer (a verdict per comparison) rather than end with "too few runs".
 */
export function autoRepeat(cells: number): number {
  return cells > 1 ? MIN_TEST_SAMPLES : PLAN_DEFAULTS.repeat;
}

/** What to ask before starting a plan this big, or null when it starts without asking. */
export function confirmationFor(built: Pick<BuiltPlan, 'runs' | 'seconds'>): string | null {
  if (built.runs <= CONFIRM_PLAN_RUNS) return null;
  return `Start ${built.runs} runs? They take at least ${Math.ceil(built.seconds / 60)} minutes, one at a time.`;
}

/** What an empty concurrency runs at: this machine's CPU count when only it runs the plan, else each machine's own. */
export function autoConcurrency(hosts: readonly string[], localCpus: number | null): number | string {
  return hosts.every((h) => h === LOCAL_HOST) && localCpus !== null ? localCpus : "each machine's CPU count";
}

function describeGrid(
  releases: string[],
  hosts: string[],
  gomaxprocs: Array<number | 'default'> | string,
  concurrency: number[] | string | null,
  localCpus: number | null,
  cpuLimit: Array<number | 'max'> | string,
  repeat: number,
): string {
  const parts: string[] = [];
  if (releases.length > 1 || (releases.length === 1 && releases[0] !== LOCAL_GO)) parts.push(`Go ${releases.join(', ')}`);
  if (hosts.length > 1) parts.push(`hosts ${hosts.join(', ')}`);
  if (Array.isArray(gomaxprocs)) parts.push(`GOMAXPROCS ${gomaxprocs.join(', ')}`);
  if (Array.isArray(concurrency)) {
    if (concurrency.length > 0) parts.push(`concurrency ${concurrency.join(', ')}`);
  }
  else if (concurrency === null) {
    const auto = autoConcurrency(hosts, localCpus);
    parts.push(typeof auto === 'number' ? `concurrency ${auto}` : `concurrency (${auto})`);
  }
  if (Array.isArray(cpuLimit) && cpuLimit.some((l) => l !== 'max')) parts.push(`CPU limit ${cpuLimit.join(', ')}`);
  if (repeat > 1) parts.push(`${repeat} repetitions`);
  return parts.join(' × ');
}

function targetOf(form: RunForm, params: CatalogParam[]): RunPlanInput['target'] {
  switch (form.targetKind) {
    case 'scenario': {
      // Send only what differs from the defaults, so the stored config stays readable.
      const changed = params.filter((p) => (form.params[p.name] ?? p.default).trim() !== p.default);
      return { kind: 'scenario', id: form.scenarioId, params: Object.fromEntries(changed.map((p) => [p.name, form.params[p.name].trim()])) };
    }
    case 'bench': {
      const benchtime = form.benchtime.trim();
      return { kind: 'bench', pkg: form.benchPkg.trim(), bench: form.benchRegex.trim() || PLAN_DEFAULTS.benchRegex, ...(benchtime ? { benchtime } : {}), ...(form.benchDir ? { dir: form.benchDir } : {}) };
    }
    case 'program':
      return { kind: 'program', path: form.programPath.trim(), args: form.programArgs.split(/\s+/).filter(Boolean) };
  }
}

/** The form's fields by the first part of their error's path, in the words of their labels. */
const FIELD_NAMES: Record<string, string> = {
  'plan.target': 'the target',
  'plan.concurrency': 'concurrency',
  'plan.gomaxprocs': 'GOMAXPROCS',
  'plan.goVersion': 'Go releases',
  'plan.cpuLimit': 'CPU limit',
  'plan.duration': 'duration',
  'plan.warmup': 'warm-up',
  'plan.repeat': 'repetitions',
  'plan.env': 'environment',
  godebug: 'GODEBUG',
  'plan.capture': 'capture',
  'plan.flightRecorder': 'flight recorder',
  'plan.label': 'label',
  'plan.tags': 'tags',
  'plan.hosts': 'hosts',
};

/** "the target, duration": the fields whose errors keep the plan from being counted, each once. */
export function pendingFields(errors: Readonly<Record<string, string>>): string {
  const names = Object.keys(errors).map((path) => Object.entries(FIELD_NAMES).find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`))?.[1] ?? path);
  return [...new Set(names)].join(', ');
}

/**
 * The form's plan, checked by the contract's own schema (every rule of a valid run) and the
 * harness's param checker, so the form refuses exactly what the core would refuse. The form adds
 * only what is its own: turning text into lists, numbers and NAME=value pairs. An empty
 * concurrency is left to the runner: each machine's CPU count (`localCpus` is this machine's).
 */
export function buildPlan(form: RunForm, params: CatalogParam[], localCpus: number | null = null, { ignoresConcurrency = false, bareChild = false } = {}): BuiltPlan {
  const errors: FieldErrors = {};
  const target = targetOf(form, params);
  if (target.kind === 'scenario') {
    for (const p of params) {
      const problem = paramProblem(p, target.params?.[p.name] ?? p.default);
      if (problem) errors[`plan.target.params.${p.name}`] = problem;
    }
  }
  const concurrency = form.concurrency.trim() === '' ? null : parseWholeNumbers(form.concurrency);
  if (typeof concurrency === 'string') errors['plan.concurrency'] = concurrency;
  // A scenario whose load is fixed (the catalog's ignores_concurrency) takes one value, as the core checks.
  const ignored = ignoresConcurrency && Array.isArray(concurrency) ? ignoredConcurrencyProblem(form.scenarioId, concurrency) : null;
  if (ignored) errors['plan.concurrency'] = ignored;
  const gomaxprocs = parseGomaxprocsList(form.gomaxprocs);
  if (typeof gomaxprocs === 'string') errors['plan.gomaxprocs'] = gomaxprocs;
  // An empty field is the workbench's own Go, the contract's default.
  const releases = listOf(form.goVersion);
  const cpuLimit = parseCpuLimitList(form.cpuLimit);
  if (typeof cpuLimit === 'string') errors['plan.cpuLimit'] = cpuLimit;
  const cells =
    Math.max(1, releases.length) *
    Math.max(1, form.hosts.length) *
    (Array.isArray(concurrency) ? concurrency.length : 1) *
    (Array.isArray(gomaxprocs) ? gomaxprocs.length : 1) *
    (Array.isArray(cpuLimit) ? cpuLimit.length : 1);
  const repeatText = form.repeat.trim();
  const repeat = repeatText === '' ? autoRepeat(cells) : /^\d+$/.test(repeatText) ? Number(repeatText) : null;
  if (repeat === null) errors['plan.repeat'] = 'a whole number';
  const env = parseEnv(form.env);
  if (typeof env === 'string') errors['plan.env'] = env;
  // GODEBUG is a field of the form's own: it joins the environment as GODEBUG.
  const godebug = form.godebug.trim();
  if (/\s/.test(godebug)) errors.godebug = 'comma-separated name=value pairs, no spaces';
  const recorder = hasFlightRecorder(form.targetKind) ? form.flightRecorder.trim() || PLAN_DEFAULTS.flightRecorder : PLAN_DEFAULTS.flightRecorder;
  const plan: RunPlanInput = {
    target,
    ...(concurrency === null ? {} : { concurrency: Array.isArray(concurrency) ? concurrency : [] }),
    gomaxprocs: Array.isArray(gomaxprocs) ? gomaxprocs : [],
    ...(releases.length > 0 ? { goVersion: releases } : {}),
    cpuLimit: Array.isArray(cpuLimit) ? cpuLimit : [],
    duration: form.duration.trim(),
    warmup: form.warmup.trim(),
    repeat: repeat ?? PLAN_DEFAULTS.repeat,
    env: { ...(typeof env === 'string' ? {} : env), ...(godebug ? { GODEBUG: godebug } : {}) },
    // Only the captures the target kind offers are shown; 'flight' only while the recorder is on.
    capture: form.capture.filter((k) => TARGET_CAPTURES[form.targetKind].includes(k) && (k !== 'flight' || flightRecorderOn(form))),
    flightRecorder: recorder,
    label: form.label.trim(),
    tags: listOf(form.tags),
    hosts: form.hosts,
  };
  // What the core refuses of a scenario whose child runs without the harness, refused here first.
  const bare = bareChild ? bareChildProblem(form.scenarioId, { capture: plan.capture ?? [], flightRecorder: recorder }) : null;
  if (bare) errors[bare.field] ??= bare.message;
  const checked = commands['runs.start'].input.safeParse({ plan });
  // The form's own reading of a field comes first: the contract would only say "expected a number".
  for (const issue of checked.success ? [] : checked.error.issues) {
    const path = issue.path.join('.');
    if (errorAt(errors, path.replace(/\.\d+$/, '')) === undefined) errors[path] ??= issue.message;
  }

  const reps = repeat !== null && errorAt(errors, 'plan.repeat') === undefined ? repeat : 1;
  const runs = cells * reps;
  const seconds = runs * ((parseGoDuration(plan.duration ?? '') ?? 0) + (parseGoDuration(plan.warmup ?? '') ?? 0));
  // A scenario that ignores the concurrency has no such dimension to describe.
  const grid = describeGrid(releases, form.hosts, gomaxprocs, ignoresConcurrency ? [] : concurrency, localCpus, cpuLimit, reps);
  const conflicts = conflictsOf(plan, recorder);
  return { plan: Object.keys(errors).length === 0 ? plan : null, errors, conflicts, runs, seconds, grid, repeat: reps, advice: repetitionAdvice(reps, cells) };
}

/**
 * The contract's rules that tie fields together, as the form's errors. A rule of the target alone
 * (a bench regexp being typed) is not a conflict; no target yet, no rules to check.
 */
function conflictsOf(plan: RunPlanInput, flightRecorder: string): FieldErrors {
  const target = Target.safeParse(plan.target);
  if (!target.success) return {};
  const issues = crossFieldIssues({ ...plan, target: target.data, capture: plan.capture ?? [], flightRecorder });
  return Object.fromEntries(issues.filter((issue) => issue.path[0] !== 'target').map((issue) => [['plan', ...issue.path].join('.'), issue.message]));
}

/** Whether the flight recorder is set to a window (its capture checkbox is live only then). */
export function flightRecorderOn(form: Pick<RunForm, 'targetKind' | 'flightRecorder'>): boolean {
  return hasFlightRecorder(form.targetKind) && (parseGoDuration(form.flightRecorder.trim()) ?? 0) > 0;
}

/** A stored run's configuration as a filled-in form, to run it again with changes. */
export function formFromConfig(config: RunConfig): RunForm {
  const { GODEBUG, ...env } = config.env;
  const base: RunForm = {
    ...INITIAL_FORM,
    concurrency: String(config.concurrency),
    gomaxprocs: String(config.gomaxprocs),
    goVersion: config.goVersion,
    cpuLimit: String(config.cpuLimit),
    duration: config.duration,
    warmup: config.warmup,
    env: Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
    godebug: GODEBUG ?? '',
    capture: [...config.capture],
    flightRecorder: parseGoDuration(config.flightRecorder) ? config.flightRecorder : '',
    label: config.label,
    tags: config.tags.join(', '),
    hosts: [config.host],
  };
  const t = config.target;
  switch (t.kind) {
    case 'scenario':
      return { ...base, targetKind: 'scenario', scenarioId: t.id, params: { ...t.params } };
    case 'bench':
      return { ...base, targetKind: 'bench', benchPkg: t.pkg, benchDir: t.dir ?? '', benchRegex: t.bench, benchtime: t.benchtime ?? '' };
    case 'program':
    case 'endpoint':
      return { ...base, targetKind: 'program', programPath: t.path, programArgs: t.args.join(' ') };
  }
}
