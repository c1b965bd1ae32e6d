// `gmpw run`: configure a run (or a grid of runs: lists and --repeat make an experiment), run it
// through the core's runs.start, follow it, and print what it measured.
import { RunPlan, type RunPlanInput } from '../../../shared/domain';
import type { RunDetail } from '../../../shared/contract';
import type { Catalog } from '../../../shared/results';
import { sameReleaseNote } from '../../../shared/go-release';
import { cpuLimitRan, sameCpuLimitNote } from '../../../shared/cpu-limit';
import { gomaxprocsInForce, sameGomaxprocsNote } from '../../../shared/gomaxprocs';
import { CONFIRM_PLAN_RUNS, isTerminal, planRunCount, type RunState } from '../../../shared/domain';
import { MIN_TEST_SAMPLES, repetitionAdvice } from '../../../shared/repetitions';
import { LOCAL_HOST } from '../../../shared/hosts';
import { DURATION_RANGES, ignoredConcurrencyProblem, PLAN_DEFAULTS } from '../../../shared/run-rules';
import type { EventBus } from '../../core/events';
import { COMMON_HELP, commaList, cpuLimitList, gomaxprocsList, intList, keyValues, parseCommand, wholeNumber } from '../args';
import { call, printJson } from '../call';
import { cancelOnSignals } from '../cancel-on-signal';
import { printableLine, rate, schedCell, seconds, table } from '../format';
import { PLAN_FIELDS } from '../plan-fields';
import { RunProgress } from '../progress';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, UsageError, type CliCommand, type CliContext } from '../types';
import { sampledBeforeGo126Note } from '../../../shared/sched-sample';

const HELP = `usage: gmpw run TARGET [options]

Target (exactly one):
  --scenario ID              a built-in scenario (gmpw run --scenario x --param k=v); with --program, the program's scenario
  --bench PKG                Go benchmarks of a package as go test takes it: a directory (./mypkg), an import
                             path (runtime, example.com/m/pkg) or a pattern (./...), one test binary per package;
                             --bench-regex RE (default ${PLAN_DEFAULTS.benchRegex}), --benchtime T
  --program PATH             a Go main package directory or binary that calls stress.Main
  --endpoint PATH            a binary serving net/http/pprof; --pprof-url http://127.0.0.1:PORT/debug/pprof/
  --param k=v                scenario parameter (repeatable)
  --arg X                    extra argument for a program or endpoint (repeatable)

Run configuration:
  --duration D               measured window, a Go duration, ${DURATION_RANGES.duration.accepted} (default ${PLAN_DEFAULTS.duration})
  --warmup D                 warm-up before it, ${DURATION_RANGES.warmup.accepted} (default ${PLAN_DEFAULTS.warmup})
  --concurrency N[,N…]       workers (default: the CPU count of the machine each run runs on, this
                             one or a --host, as in the New run form)
  --gomaxprocs N[,N…]|default  GOMAXPROCS values (default: the scenario's suggestion, else Go's default);
                             a note after the runs when default and a number ran at one GOMAXPROCS
                             (default,2 on a machine whose default is 2)
  --go-version LIST          Go releases to build the target with: local (the --go toolchain, the default),
                             1.22.12 (a release) or 1.24.x (its newest patch), fetched as the go command does
                             (GOTOOLCHAIN through the module proxy, kept in the module cache); e.g. local,1.22.12;
                             each once (1.24.13,go1.24.13 is refused), and a note after the runs when two
                             resolved to one Go (1.24.x built by the 1.24.13 also listed)
  --cpu-limit C[,C…]|max     CPU limit of the target's own cgroup in cores, e.g. 0.5,1,max (default max:
                             none); Linux, as root or in a delegated cgroup; refused with the reason elsewhere
  --repeat N                 repetitions of every cell (default ${PLAN_DEFAULTS.repeat})
  --host NAME[,NAME…]        where to run: local (this machine, the default) or hosts added with
                             gmpw hosts add (scenario and program targets); several compare hosts
  --capture LIST             cpu,heap,allocs,mutex,block,goroutine,goroutineleak,trace,flight
                             (flight: write flight.trace on success too; needs --flight-recorder;
                             goroutineleak: Go 1.26+, built with GOEXPERIMENT=goroutineleakprofile)
  --flight-recorder D        keep the last D of execution trace (Go 1.25+, ${DURATION_RANGES.flightRecorder.accepted}; default ${PLAN_DEFAULTS.flightRecorder});
                             flight.trace is written when a run fails or is stopped (scenario and program only)
  --metrics-interval D       runtime/metrics sampling interval, ${DURATION_RANGES.metricsInterval.accepted} (default ${PLAN_DEFAULTS.metricsInterval})
  --env K=V                  environment variable for the target, e.g. GODEBUG=asyncpreemptoff=1 (repeatable)
  --label TEXT               a label for the run(s)
  --tag TAG                  a tag (repeatable)
  --verbose                  print the target's own output too
  --yes                      start a plan of more than ${CONFIRM_PLAN_RUNS} runs

Lists or --repeat > 1 make an experiment: its runs execute one at a time, cells interleaved.
Exit code 0 when every run succeeded, 1 when one did not, 2 for a usage mistake or invalid config,
130 when interrupted (Ctrl-C cancels the runs, and no process of theirs is left).

${COMMON_HELP}`;

const OPTIONS = {
  scenario: { type: 'string' },
  bench: { type: 'string' },
  'bench-regex': { type: 'string' },
  benchtime: { type: 'string' },
  program: { type: 'string' },
  endpoint: { type: 'string' },
  'pprof-url': { type: 'string' },
  param: { type: 'string', multiple: true },
  arg: { type: 'string', multiple: true },
  duration: { type: 'string' },
  warmup: { type: 'string' },
  concurrency: { type: 'string' },
  gomaxprocs: { type: 'string' },
  'go-version': { type: 'string' },
  'cpu-limit': { type: 'string' },
  repeat: { type: 'string' },
  host: { type: 'string' },
  capture: { type: 'string' },
  'metrics-interval': { type: 'string' },
  'flight-recorder': { type: 'string' },
  env: { type: 'string', multiple: true },
  label: { type: 'string' },
  tag: { type: 'string', multiple: true },
  verbose: { type: 'boolean' },
  yes: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseCommand<typeof OPTIONS>>['values'];

type TargetKind = RunPlanInput['target']['kind'];

/** The options of some kinds of target only. */
const TARGET_OPTIONS: ReadonlyArray<readonly [keyof typeof OPTIONS, readonly TargetKind[]]> = [
  ['bench-regex', ['bench']],
  ['benchtime', ['bench']],
  ['pprof-url', ['endpoint']],
  ['arg', ['program', 'endpoint']],
  ['param', ['scenario', 'program']],
];

function targetFrom(v: Values): RunPlanInput['target'] {
  const chosen = (['bench', 'program', 'endpoint'] as const).filter((k) => v[k] !== undefined);
  if (chosen.length > 1) throw new UsageError(`run: give one target, not --${chosen.join(' and --')}`);
  // --scenario names a built-in scenario, or the scenario inside a --program; nothing else takes it.
  if (v.scenario !== undefined && (v.bench !== undefined || v.endpoint !== undefined)) {
    throw new UsageError(`run: give one target, not --scenario and --${v.bench !== undefined ? 'bench' : 'endpoint'}`);
  }
  // An option of another kind of target would be dropped without a word.
  const kind: TargetKind = v.program !== undefined ? 'program' : v.bench !== undefined ? 'bench' : v.endpoint !== undefined ? 'endpoint' : 'scenario';
  const targetGiven = kind !== 'scenario' || v.scenario !== undefined;
  for (const [option, kinds] of TARGET_OPTIONS) {
    if (targetGiven && v[option] !== undefined && !kinds.includes(kind)) throw new UsageError(`run: --${option} applies to ${kinds.map((k) => `--${k}`).join(' and ')} targets, not --${kind}`);
  }
  const params = keyValues('param', v.param);
  const args = v.arg ?? [];
  if (v.program !== undefined) return { kind: 'program', path: v.program, scenario: v.scenario, params, args };
  if (v.bench !== undefined) return { kind: 'bench', pkg: v.bench, bench: v['bench-regex'], benchtime: v.benchtime };
  if (v.endpoint !== undefined) {
    if (!v['pprof-url']) throw new UsageError('run: --endpoint needs --pprof-url (e.g. http://127.0.0.1:6060/debug/pprof/)');
    return { kind: 'endpoint', path: v.endpoint, args, pprofUrl: v['pprof-url'] };
  }
  if (v.scenario !== undefined) return { kind: 'scenario', id: v.scenario, params };
  throw new UsageError('run: which target? give --scenario, --bench, --program or --endpoint (gmpw run --help)');
}

export function planFrom(argv: string[]): { plan: RunPlanInput; verbose: boolean; gomaxprocsGiven: boolean } {
  const { values: v } = parseCommand('run', argv, OPTIONS);
  const plan: RunPlanInput = {
    target: targetFrom(v),
    // Flags left out are left to the contract's defaults (PLAN_DEFAULTS), as in the app.
    duration: v.duration,
    warmup: v.warmup,
    // Not given: each machine's CPU count, which the runner asks of each host.
    concurrency: v.concurrency !== undefined ? intList('concurrency', v.concurrency) : undefined,
    // Not given: Go's default, or the scenario's suggestion (suggestGomaxprocs).
    // A flag given empty (--gomaxprocs '') is a mistake to point out, not the same as leaving it out.
    gomaxprocs: v.gomaxprocs !== undefined ? gomaxprocsList(v.gomaxprocs) : [PLAN_DEFAULTS.gomaxprocs],
    goVersion: v['go-version'] === undefined ? undefined : commaList(v['go-version']),
    repeat: v.repeat === undefined ? undefined : wholeNumber('repeat', v.repeat),
    hosts: v.host !== undefined ? commaList(v.host) : undefined,
    cpuLimit: v['cpu-limit'] !== undefined ? cpuLimitList(v['cpu-limit']) : undefined,
    capture: commaList(v.capture) as RunPlanInput['capture'],
    metricsInterval: v['metrics-interval'],
    flightRecorder: v['flight-recorder'],
    env: keyValues('env', v.env),
    label: v.label ?? '',
    tags: v.tag ?? [],
  };
  const runs = planRunCount({ concurrency: plan.concurrency, gomaxprocs: plan.gomaxprocs, goVersion: plan.goVersion, cpuLimit: plan.cpuLimit, hosts: plan.hosts, repeat: plan.repeat });
  // A plan the contract refuses (--repeat 500, past its range and MAX_PLAN_RUNS) hears why, not a
  // question whose yes would only lead to that refusal.
  if (runs > CONFIRM_PLAN_RUNS && !v.yes && RunPlan.safeParse(plan).success) throw new UsageError(`run: this plan makes ${runs} runs (Go releases × GOMAXPROCS values × concurrency values × CPU limits × hosts × --repeat); add --yes to start them`);
  return { plan, verbose: v.verbose ?? false, gomaxprocsGiven: v.gomaxprocs !== undefined };
}

/**
 * A plan given no --gomaxprocs runs at the GOMAXPROCS its scenario suggests (PROTOCOL.md §4: a
 * runtime test written for GOMAXPROCS 1 is measured at 1), else at Go's default. Returns the note
 * that says so, or null when the plan is left as it was.
 */
export function suggestGomaxprocs(plan: RunPlanInput, catalog: Catalog): { plan: RunPlanInput; note: string | null } {
  const target = plan.target;
  if (target.kind !== 'scenario') return { plan, note: null };
  const suggested = catalog.scenarios.find((s) => s.id === target.id)?.suggested_gomaxprocs;
  if (suggested === undefined) return { plan, note: null };
  return { plan: { ...plan, gomaxprocs: [suggested] }, note: `GOMAXPROCS ${suggested}, the value ${target.id} suggests (--gomaxprocs overrides it)` };
}

/** What the plan's repetitions will answer, said before anything runs; null for a single run. */
export function planAdvice(plan: RunPlanInput): string | null {
  const cells = planRunCount({ ...plan, gomaxprocs: plan.gomaxprocs ?? [undefined], repeat: 1 });
  const advice = repetitionAdvice(plan.repeat ?? PLAN_DEFAULTS.repeat, cells);
  if (!advice) return null;
  return advice.enough ? advice.text : `${advice.text} (--repeat ${MIN_TEST_SAMPLES} or more)`;
}

/** Resolves with each run's terminal state, whenever the events arrive relative to the start. */
function terminalStates(events: EventBus): { wait(ids: string[]): Promise<Map<string, RunState>>; off(): void } {
  const ended = new Map<string, RunState>();
  let check = () => {};
  const off = events.on('run.state', (p) => {
    if (isTerminal(p.state)) ended.set(p.runId, p.state);
    check();
  });
  return {
    wait: (ids) =>
      new Promise((resolve) => {
        check = () => {
          if (ids.every((id) => ended.has(id))) resolve(ended);
        };
        check();
      }),
    off,
  };
}

async function printSummary(ctx: CliContext, ids: string[], experimentId: string | null): Promise<void> {
  const details: RunDetail[] = [];
  for (const id of ids) details.push(await call(ctx, 'runs.get', { id }));
  // Where the runs ran, when not all on this machine: a plan of one host names it in no cell.
  const hostColumn = details.some((d) => d.run.host !== LOCAL_HOST);
  const withHost = (host: string, [id, cell, ...rest]: string[]) => (hostColumn ? [id!, cell!, host, ...rest] : [id!, cell!, ...rest]);
  const rows = [withHost('host', ['run', 'cell', 'state', 'ops/s', 'sched p50', 'sched p99', 'GC pause p99'])];
  // A bench run's numbers are its benchmarks', one line each as go test printed them.
  const benchRows = [['run', 'cell', 'benchmark', 'iterations', 'values']];
  for (const { run, benchmarks } of details) {
    rows.push(withHost(run.host, [run.id, run.cell ?? '', run.state, rate(run.opsPerSec), schedCell(run.schedP50, run.schedSource), schedCell(run.schedP99, run.schedSource), seconds(run.gcPauseP99)]));
    for (const b of benchmarks) benchRows.push([run.id, run.cell ?? '', `Benchmark${b.name}`, String(b.iterations), b.values.map((v) => `${v.value} ${v.unit}`).join('  ')]);
  }
  ctx.stdout.write(`${table(rows)}\n`);
  if (benchRows.length > 1) ctx.stdout.write(`\n${table(benchRows)}\n`);
  // The plan could not know these; its runs show them.
  const notes = [
    sameReleaseNote(details.map((d) => ({ asked: d.config.goVersion, built: d.builtWith }))),
    sameGomaxprocsNote(details.map((d) => ({ cell: d.run.cell, configured: d.config.gomaxprocs, inForce: gomaxprocsInForce(d) }))),
    sameCpuLimitNote(details.map((d) => ({ cell: d.run.cell, configured: d.config.cpuLimit, inForce: cpuLimitRan(d) }))),
    sampledBeforeGo126Note(details.map((d) => ({ id: d.run.id, sampled: d.run.schedSource === 'sampled', goVersion: d.provenance?.goVersion ?? null }))),
  ];
  for (const note of notes) {
    if (note) ctx.stderr.write(`${printableLine(`gmpw run: note: ${note}`)}\n`);
  }
  if (ids.length === 1) ctx.stdout.write(`\nDetails: gmpw show ${ids[0]}\n`);
  else if (experimentId) ctx.stdout.write(`\nCompare the cells: gmpw compare --experiment ${experimentId}\n`);
}

async function runCommand(argv: string[], ctx: CliContext): Promise<number> {
  const given = planFrom(argv);
  const verbose = given.verbose;
  const core = await ctx.core();
  const progress = ctx.json ? null : new RunProgress(core.events, { out: ctx.stderr, tty: ctx.stderr.isTTY === true, echoOutput: verbose });
  const states = terminalStates(core.events);
  let ids: string[] = [];
  const cancelAll = () => {
    for (const id of ids) void call(ctx, 'runs.cancel', { id }).catch(() => undefined);
  };
  // From here on, before the scenario's catalog is built and before runs.start returns.
  const signals = cancelOnSignals(ctx.stderr, 'run', cancelAll);
  try {
    const plan = await withScenarioCatalog(given, ctx);
    const started = await call(ctx, 'runs.start', { plan });
    ids = started.runIds;
    // Only now: runs.start is where a plan is refused (the schema, then hosts, CPU limits, params,
    // releases), and advice on a refused plan would only stand before its error. The runs are
    // queued, not measured yet: the advice still comes before any of their results.
    const advice = planAdvice(plan);
    if (advice && !ctx.json) ctx.stderr.write(`gmpw run: ${advice}\n`);
    // Ctrl-C came while runs.start was still building the harness or storing the plan: its runs
    // did not exist then, so they are cancelled now, before any of them can start.
    if (signals.interrupted()) cancelAll();
    if (!ctx.json && started.experimentId) ctx.stderr.write(`experiment ${started.experimentId}: ${ids.length} runs\n`);
    const ended = await states.wait(ids);
    progress?.close();
    if (ctx.json) {
      const runs = await Promise.all(ids.map(async (id) => (await call(ctx, 'runs.get', { id })).run));
      printJson(ctx, { experimentId: started.experimentId, runs });
    } else {
      await printSummary(ctx, ids, started.experimentId);
    }
    if (signals.interrupted()) return EXIT_INTERRUPTED;
    return ids.every((id) => ended.get(id) === 'succeeded') ? EXIT_OK : EXIT_FAILED;
  } finally {
    progress?.close();
    states.off();
    signals.off();
  }
}

/**
 * A scenario plan as its catalog entry has it: refused before any note when it gives several
 * concurrencies to a scenario that ignores the concurrency (the core's rule and words), with the
 * scenario's suggested GOMAXPROCS when none was given, saying so, and a note when a concurrency
 * given will not be used. A plan the contract refuses is left as it is, so its error comes first
 * and no catalog is built for it.
 */
async function withScenarioCatalog(given: ReturnType<typeof planFrom>, ctx: CliContext): Promise<RunPlanInput> {
  const target = given.plan.target;
  if (target.kind !== 'scenario' || !RunPlan.safeParse(given.plan).success) return given.plan;
  const catalog = await call(ctx, 'catalog.list', {});
  const ignores = catalog.scenarios.find((s) => s.id === target.id)?.ignores_concurrency === true;
  const problem = ignores ? ignoredConcurrencyProblem(target.id, given.plan.concurrency ?? []) : null;
  if (problem) throw new UsageError(`run: --concurrency: ${problem}`);
  if (ignores && given.plan.concurrency) ctx.stderr.write(`gmpw run: ${target.id} ignores the concurrency (its load is fixed): --concurrency ${given.plan.concurrency[0]} is passed to it but not used\n`);
  if (given.gomaxprocsGiven) return given.plan;
  const { plan, note } = suggestGomaxprocs(given.plan, catalog);
  if (note) ctx.stderr.write(`gmpw run: ${note}\n`);
  return plan;
}

/** The plan's fields as typed: its path is --program's or --endpoint's, whichever was given. */
const fieldsOf = (argv: readonly string[]) => {
  const given = argv.find((a) => /^--(program|endpoint)(=|$)/.test(a));
  return given ? { ...PLAN_FIELDS, 'plan.target.path': given.split('=')[0]! } : PLAN_FIELDS;
};

export const run: CliCommand = { name: 'run', summary: 'run a scenario, benchmark, program or endpoint (or a grid of them)', help: HELP, options: OPTIONS, fields: fieldsOf, run: runCommand };
