// `gmpw show ID`: one run in full: what ran, throughput, scheduler latency from both sources
// (exact from the trace, sampled from runtime/metrics), and its artifacts with the command to open each.
import type { RunDetail } from '../../../shared/contract';
import type { Quantiles } from '../../../shared/domain';
import { benchHeader, severalPackages } from '../../../shared/bench-header';
import { runGoRelease } from '../../../shared/go-release';
import { LISTED_GOMAXPROCS_CHANGES, changeClockNote, gomaxprocsAgainstLimit, gomaxprocsChangeText, gomaxprocsSourceText, gomaxprocsText, gomaxprocsVariation, traceChangesSource, traceGomaxprocsChangeText, traceGomaxprocsChanges, unlistedChangesText, unlistedTraceChangesText } from '../../../shared/gomaxprocs';
import { importedFacts } from '../../../shared/imported';
import { openWaitLine, openWaitsText, starvedText } from '../../../shared/open-waits';
import { SAMPLED_BEFORE_GO126, samplesAsGo126 } from '../../../shared/sched-sample';
import { cpuLimitText } from '../../../shared/cpu-limit';
import { runWindowOverrun } from '../../../shared/measured-window';
import { exactWithin, latencySpans } from '../../../shared/latency-spans';
import { buildSeconds, buildText, utcText } from '../../../shared/run-times';
import { mmuQuotedText } from '../../../shared/mmu';
import { throttlingText } from '../../../shared/throttling';
import { targetText } from '../../../shared/target-text';
import { benchtimeOf, recorderIsOn, runUsedConcurrency, usesConcurrency } from '../../../shared/run-rules';
import { COMMON_HELP, parseCommand } from '../args';
import { call, printJson } from '../call';
import { bytes, printableLine, rate, seconds, table } from '../format';
import { EXIT_OK, UsageError, type CliCommand, type CliContext } from '../types';
import { noOpLatencyText, OP_QUANTILES_NOTE, timedOpsText } from '../../../shared/op-latency';
import { programSchedLatency, runtimeWaitsText } from '../../../shared/program-latency';
import { scenarioValues } from '../../../shared/scenario-values';
import { ARTIFACT_GONE, artifactsGoneText } from '../../../shared/artifacts-gone';
import { ERROR_BEFORE_FETCH } from '../../../shared/kept-files';

const HELP = `usage: gmpw show RUN_ID [--json]

Prints a run: its target and configuration, throughput, scheduler-latency percentiles (exact from
the execution trace and sampled from runtime/metrics), GC pauses, the CPU throttling of its cgroup,
and its artifacts with the go tool command that opens each.

${COMMON_HELP}`;

function quantileRow(name: string, q: Quantiles | null, count: string): string[] {
  if (!q) return [name, '—', '—', '—', '—', '—', count];
  return [name, seconds(q.p50), seconds(q.p90), seconds(q.p99), seconds(q.p999), seconds(q.max), count];
}

export function renderRun(d: RunDetail): string {
  const { run, config, result } = d;
  const lines: string[] = [];
  lines.push(`Run ${run.id}  ${run.state}${run.exitCode !== null ? ` (exit ${run.exitCode})` : ''}${run.cell ? `  [${run.cell}]` : ''}`);
  // The error says what happened when it ran; the files its host kept came afterwards (gmpw fetch).
  if (run.error) lines.push(`Error        ${run.filesFetchedAt ? `(${ERROR_BEFORE_FETCH}) ` : ''}${run.error}`);
  if (run.filesFetchedAt) lines.push(`Files        fetched later from host ${run.host}, at ${run.filesFetchedAt}`, ...run.filesFetchNotes.map((n) => `  fetch met  ${n}`));
  const imported = importedFacts(d);
  if (imported) {
    // Nothing ran: what the trace itself says replaces a configuration nobody chose.
    lines.push(`Target       ${imported.title}`);
    lines.push(`Trace        Go ${imported.goVersion ?? '—'}, GOMAXPROCS ${imported.gomaxprocs ?? '—'} (from the trace), ${imported.durationS === null ? '—' : seconds(imported.durationS)} long${imported.startedAt ? `, recorded from ${utcText(imported.startedAt)}` : ''}`);
  } else {
    lines.push(`Target       ${targetText(d)}`);
    lines.push(
      `Config       Go ${runGoRelease(d)} GOMAXPROCS=${config.gomaxprocs}${config.cpuLimit === 'max' ? '' : ` cpu-limit=${config.cpuLimit}`} ${loadSettings(d)}` +
        ` capture=${config.capture.join(',') || 'none'}${recorderIsOn(config.flightRecorder) ? ` flight-recorder=${config.flightRecorder}` : ''}${Object.keys(config.env).length ? ` env=${Object.entries(config.env).map(([k, v]) => `${k}=${v}`).join(',')}` : ''}`,
    );
  }
  if (run.label || run.tags.length) lines.push(`Label/tags   ${run.label}${run.tags.length ? `  [${run.tags.join(', ')}]` : ''}`);
  const built = buildSeconds(run);
  const target = built === null ? '' : `, target started ${run.targetStartedAt} (${buildText(built)})`;
  lines.push(`Time         created ${run.createdAt}${run.startedAt ? `, started ${run.startedAt}` : ''}${target}${run.endedAt ? `, ended ${run.endedAt}` : ''}`);
  if (d.provenance) {
    const p = d.provenance;
    const source = p.gomaxprocsDefault ? '' : gomaxprocsSourceText(false, p.gomaxprocsConfigured, p.gomaxprocs);
    const origin = `${source}${gomaxprocsAgainstLimit(p)}`.replace(/^, /, '');
    lines.push(`GOMAXPROCS   ${gomaxprocsText(config.gomaxprocs, p.gomaxprocs, p.gomaxprocsConfigured)} in force during the measured window${origin ? ` (${origin})` : ''}`);
    const variation = gomaxprocsVariation(p.gomaxprocsChanges, p.gomaxprocsChangesDropped);
    if (variation) lines.push(`             ${variation}`);
    for (const change of p.gomaxprocsChanges.slice(0, LISTED_GOMAXPROCS_CHANGES)) lines.push(`  changed    ${gomaxprocsChangeText(change)}`);
    const unlisted = unlistedChangesText(p.gomaxprocsChanges, p.gomaxprocsChangesDropped);
    if (unlisted) lines.push(`  changed    ${unlisted}; gmpw show --json lists them all`);
    if (p.gomaxprocsChanges.length > 0) lines.push(`             (${changeClockNote(d.analysedTrace)})`);
    lines.push(...tracedChangeLines(d));
    const limit = cpuLimitText(config.cpuLimit, p);
    if (limit) lines.push(`CPU limit    ${limit}`);
    // The CPU limit is the run's, with its changes, on its own line above: not the machine's.
    lines.push(`Machine      ${p.host === 'local' ? '' : `host ${p.host}: `}${p.hostname ? `${p.hostname}, ` : ''}${p.goVersion} ${p.goos}/${p.goarch}, ${p.numCpu} CPUs${p.cpuModel ? ` (${p.cpuModel})` : ''}, kernel ${p.kernel}${p.godebug ? `, GODEBUG=${p.godebug}` : ''}`);
  }
  // A run without a result.json it could read names the machine it was to run on (its state and
  // error, above, say whether its target started there).
  if (!d.provenance && !imported && run.targetKind !== 'bench') {
    // A result.json that is there but was not understood is not "no result.json" (the note says why).
    const why = d.artifacts.some((a) => a.name === 'result.json') ? 'its result.json was not understood' : 'no result.json';
    lines.push(`Machine      ${run.host === 'local' ? 'this machine' : `host ${run.host}`} (${why}: nothing more is known of it)`);
  }
  // A target without the harness (an endpoint) can still have a trace that saw GOMAXPROCS change.
  if (!d.provenance && !imported) {
    const traced = tracedChangeLines(d);
    if (traced.length > 0) lines.push('GOMAXPROCS   changed during the run:', ...traced);
  }
  // A benchmark has no result.json: go test's -N suffix on its names is the GOMAXPROCS it ran with.
  if (!d.provenance && d.benchmarks.length && run.gomaxprocsInForce !== null) lines.push(`GOMAXPROCS   ${gomaxprocsText(config.gomaxprocs, run.gomaxprocsInForce)} in force (the -N go test appended to each benchmark's name)`);
  // The sampled gauge's steps, for a result.json from a harness that did not list its changes.
  if (!result?.gomaxprocs && d.gomaxprocsSteps.length > 1) lines.push(`GOMAXPROCS   changed during the run: ${d.gomaxprocsSteps.map((s) => `${s.value} at ${seconds(s.t)}`).join(' → ')}`);
  lines.push('');
  const ops = result ? ` (${rate(result.ops)} ops in ${seconds(result.wall_s)})` : '';
  // From result.json when there is one, as the Run page reads it.
  const opsPerSec = result?.ops_per_s ?? run.opsPerSec;
  lines.push(`Throughput   ${opsPerSec === null ? '—' : `${rate(opsPerSec)} ops/s${ops}`}`);
  const overrun = runWindowOverrun(config, result?.wall_s);
  if (overrun !== null) lines.push(`  note: the window ran ${seconds(overrun)} past the ${config.duration} asked for (the harness's timer ran late: its goroutine waited for a P or a CPU); the rate counts all of it`);
  if (d.benchmarks.length) {
    lines.push('Benchmarks   (every metric go test printed)');
    const withPackage = severalPackages(d.benchmarks);
    lines.push(...tableLines(d.benchmarks.map((b) => [...(withPackage ? [`  ${b.config.pkg ?? ''}`] : []), `  ${b.name}`, `${b.iterations}`, b.values.map((v) => `${v.value} ${v.unit}`).join('  ')])));
    lines.push(`  ${Object.entries(benchHeader(d.benchmarks)).map(([k, v]) => `${k}: ${v}`).join('; ')}`);
  }
  const op = result?.op_latency;
  if (result && op?.count) {
    lines.push(`Op latency   p50 ${seconds(op.p50)}  p99 ${seconds(op.p99)}  p99.9 ${seconds(op.p999)}  max ${seconds(op.max)}  (${timedOpsText(op.count, result.ops, (n) => n.toLocaleString('en-US'))}; ${OP_QUANTILES_NOTE})`);
  } else if (result) {
    lines.push(`Op latency   — ${noOpLatencyText(result)}`);
  }
  lines.push(`GC pause p99 ${seconds(run.gcPauseP99)}${run.gcPauseP99 === null ? '' : '  (runtime/metrics: its histogram bucket\'s upper bound, over the measured window)'}`);
  if (d.analysis?.mmu) lines.push(`MMU          ${mmuQuotedText(d.analysis.mmu)}  (minimum mutator utilisation, from the trace)`);
  if (d.throttling) lines.push(`CPU throttle ${throttlingText(d.throttling, seconds)}`);
  const values = result ? scenarioValues(result, seconds) : [];
  if (values.length) {
    lines.push('Values       (what the scenario reported of its measured run)');
    lines.push(...tableLines(values.map((v) => [`  ${printableLine(v.name)}`, printableLine(v.text)])));
  }
  const notes = result?.notes ?? [];
  if (notes.length) lines.push('Notes        (the scenario\'s, for the reader)', ...notes.map((n) => `  ${printableLine(n)}`));
  lines.push('');
  lines.push('Scheduler latency (time runnable before running)');
  // The program's goroutines' waits lead; every goroutine's beside them when the runtime's own
  // waited too (the population the sampled metric holds).
  const program = d.analysis ? programSchedLatency(d.analysis) : null;
  const allCount = d.analysis?.sched_latency.all.count ?? 0;
  lines.push(
    ...tableLines([
      ['  source', 'p50', 'p90', 'p99', 'p99.9', 'max', 'samples'],
      quantileRow(program && program.runtimeWaits !== null ? "  exact (trace, program's goroutines)" : '  exact (trace)', d.schedLatency.exact, program ? String(program.hist.count) : '—'),
      ...(program?.runtimeWaits ? [quantileRow('  exact (trace, all goroutines)', d.schedLatency.exactAll, String(allCount))] : []),
      quantileRow('  sampled (runtime/metrics)', d.schedLatency.sampled, d.schedLatency.sampled ? String(d.schedLatency.sampledCount) : '—'),
    ]),
  );
  if (program) lines.push(`  ${runtimeWaitsText(allCount, program.runtimeWaits, (n) => n.toLocaleString('en-US'), d.schedLatency.sampled !== null)}`);
  if (d.schedLatency.sampled && d.provenance && !samplesAsGo126(d.provenance.goVersion)) lines.push(`  sampled: ${SAMPLED_BEFORE_GO126} (${d.provenance.goVersion})`);
  if (d.schedLatency.exact && d.schedLatency.sampled) {
    const spans = latencySpans(d.analysis?.meta.duration_s, result?.wall_s, config.warmup, seconds);
    // The flight recorder's trace is the run's last moments, not the whole run: said with its length.
    const exact = d.analysedTrace === 'flight.trace' ? `flight.trace, the recorder's last ${seconds(d.analysis?.meta.duration_s ?? null)} of the run` : spans.exact;
    lines.push(`  spans: exact, ${exact}; sampled (bucket upper bounds), ${spans.sampled}`);
  }
  const within = exactWithin(program?.hist.rel_err);
  if (within) lines.push(`  exact quantiles${within}`);
  if (d.analysisNote) lines.push(`  note: ${d.analysisNote}`);
  const waits = d.analysis?.sched_latency.open_waits;
  if (waits) {
    const starved = starvedText(waits);
    if (starved) lines.push(`  !! ${starved}`);
    lines.push(`  open waits: ${openWaitsText(waits)}`);
    for (const g of waits.goroutines.slice(0, 10)) lines.push(`    ${openWaitLine(g)}`);
  }
  lines.push('');
  lines.push('Artifacts');
  if (d.artifacts.length === 0) lines.push('  none');
  else lines.push(...tableLines([['  name', 'kind', 'size', 'open with'], ...d.artifacts.map((a) => [`  ${a.name}`, a.kind, bytes(a.size), a.onDisk === 'kept' ? (a.openWith ?? '') : `!! ${ARTIFACT_GONE[a.onDisk]}`])]));
  const gone = d.artifacts.filter((a) => a.onDisk !== 'kept').length;
  if (gone > 0) lines.push(`  !! ${artifactsGoneText(gone, d.artifacts.length)}`);
  // Each line escaped whole: a label or an error holding a line break cannot forge a line.
  return lines.map(printableLine).join('\n');
}

const tableLines = (cells: string[][]): string[] => table(cells).split('\n');

async function showCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { positionals } = parseCommand('show', argv, {}, true);
  if (positionals.length !== 1) throw new UsageError('show: give one run id (gmpw list shows them)');
  const detail = await call(ctx, 'runs.get', { id: positionals[0] });
  if (ctx.json) printJson(ctx, detail);
  else ctx.stdout.write(`${renderRun(detail)}\n`);
  return EXIT_OK;
}

/** The GOMAXPROCS changes a run's execution trace recorded, the first few one a line, with the clock they are on; none without. */
function tracedChangeLines(d: RunDetail): string[] {
  const traced = traceGomaxprocsChanges(d.analysis?.meta.gomaxprocs ?? []);
  if (traced.length === 0) return [];
  const unlisted = unlistedTraceChangesText(traced);
  const { source, clock } = traceChangesSource(d.analysedTrace);
  return [
    ...traced.slice(0, LISTED_GOMAXPROCS_CHANGES).map((change) => `  in trace   ${traceGomaxprocsChangeText(change)}`),
    ...(unlisted ? [`  in trace   ${unlisted}; gmpw show --json lists them all`] : []),
    `             (${source}: ${clock})`,
  ];
}

export const show: CliCommand = { name: 'show', summary: 'print one run: throughput, scheduler latency, artifacts', help: HELP, options: {}, fields: { id: 'RUN_ID' }, run: showCommand, readsHistory: true };

/** What drove the load: the harness's concurrency and window, or go test's benchtime. */
function loadSettings({ config, run }: RunDetail): string {
  if (config.target.kind === 'bench') return `benchtime=${benchtimeOf(config.target, config.duration)}`;
  const concurrency = runUsedConcurrency(run)
    ? `concurrency=${config.concurrency} `
    : usesConcurrency(config.target.kind) ? `concurrency not used (${run.targetName} ignores it; ${config.concurrency} was passed to it) ` : '';
  return `${concurrency}duration=${config.duration} warmup=${config.warmup}`;
}
