// What ran, where, and how it went: config, headline numbers and provenance.
import { Fragment } from 'react';
import { benchHeader } from '../../../../shared/bench-header';
import type { RunDetail } from '../../../../shared/contract';
import type { SettingChange } from '../../../../shared/domain';
import { ERROR_BEFORE_FETCH } from '../../../../shared/kept-files';
import { importedFacts } from '../../../../shared/imported';
import { ImportedSummary } from './ImportedSummary';
import { KeptFilesFetch } from './KeptFilesFetch';
import { StateBadge } from '../../components/feedback';
import { useReadOnly } from '../../hooks/read-only';
import { parseGoDuration } from '../../../../shared/go-duration';
import { cpuLimitText } from '../../../../shared/cpu-limit';
import { runWindowOverrun } from '../../../../shared/measured-window';
import { buildSeconds, buildText, noProvenanceText } from '../../../../shared/run-times';
import { LISTED_GOMAXPROCS_CHANGES, changeClockNote, gomaxprocsAgainstLimit, gomaxprocsChangeText, gomaxprocsInForce, gomaxprocsSourceText, gomaxprocsText, gomaxprocsVariation, traceChangesSource, traceGomaxprocsChangeText, traceGomaxprocsChanges, unlistedChangesText, unlistedTraceChangesText, type TraceGomaxprocsChange } from '../../../../shared/gomaxprocs';
import { formatCount, formatDuration, formatRate, formatTimestamp } from '../../format';
import { runGoRelease } from '../../../../shared/go-release';
import { throttlingText } from '../../../../shared/throttling';
import { targetText } from '../../../../shared/target-text';
import { benchtimeOf, usesConcurrency } from '../../../../shared/run-rules';
import { counted } from '../../../../shared/plural';
import { headlineLatencyWhose } from '../../../../shared/program-latency';
import { openBesideP99Text } from '../../../../shared/open-waits';

/** Where GOMAXPROCS came from, against the CPU limit: the variable, or Go's default (which follows the limit since Go 1.25). */
function gomaxprocsOrigin(p: NonNullable<RunDetail['provenance']>): string {
  return `(${gomaxprocsSourceText(p.gomaxprocsDefault, p.gomaxprocsConfigured, p.gomaxprocs)}${gomaxprocsAgainstLimit(p)})`;
}

/** A list of changes, the first few one a line and the rest counted. */
function ChangeList({ testId, label, items, more }: { testId: string; label: string; items: string[]; more: string | null }) {
  return (
    <ul className="gomaxprocs-changes small" data-testid={testId} aria-label={label}>
      {items.map((text, i) => (
        <li key={i}>{text}</li>
      ))}
      {more && <li className="muted">{more}</li>}
    </ul>
  );
}

/**
 * The changes the run reported: their range in the window, the first few, and a count of the rest;
 * then the changes its execution trace recorded, when it has one, at their exact times.
 */
function GomaxprocsChanges({ changes, dropped, traced, analysed }: { changes: SettingChange[]; dropped: number; traced: TraceGomaxprocsChange[]; analysed: RunDetail['analysedTrace'] }) {
  if (changes.length === 0 && traced.length === 0) return null;
  const variation = gomaxprocsVariation(changes, dropped);
  const { source, clock } = traceChangesSource(analysed);
  return (
    <>
      {variation && (
        <div className="muted small" data-testid="gomaxprocs-variation">
          {variation}
        </div>
      )}
      {changes.length > 0 && (
        <>
          <ChangeList testId="gomaxprocs-changes" label="GOMAXPROCS changes" items={changes.slice(0, LISTED_GOMAXPROCS_CHANGES).map(gomaxprocsChangeText)} more={unlistedChangesText(changes, dropped)} />
          <div className="muted small" data-testid="gomaxprocs-clock">
            ({changeClockNote(analysed)})
          </div>
        </>
      )}
      {traced.length > 0 && (
        <>
          <div className="muted small" data-testid="gomaxprocs-trace-clock">
            In {source} ({clock}):
          </div>
          <ChangeList testId="gomaxprocs-trace-changes" label={`GOMAXPROCS changes in ${source}`} items={traced.slice(0, LISTED_GOMAXPROCS_CHANGES).map(traceGomaxprocsChangeText)} more={unlistedTraceChangesText(traced)} />
        </>
      )}
    </>
  );
}

/** `onFilesFetched`: the files a remote run's host kept came (KeptFilesFetch): the page reads the run again. */
export function RunSummaryPanel({ detail, onFilesFetched }: { detail: RunDetail; onFilesFetched: () => void }) {
  const { run, config, result, provenance } = detail;
  const readOnly = useReadOnly();
  const env = Object.entries(config.env);
  const imported = importedFacts(detail);
  const limit = cpuLimitText(config.cpuLimit, provenance);
  const overrun = imported ? null : runWindowOverrun(config, result?.wall_s);
  // A p99 from the trace holds the waits that ended: a goroutine never run again before its end, and runnable longer, is said beside it.
  const openWaits = run.schedSource === 'exact' ? detail.analysis?.sched_latency.open_waits : undefined;
  const openBeside = openWaits && run.schedP99 !== null ? openBesideP99Text(openWaits, run.schedP99, detail.analysis?.sched_latency.program !== undefined) : null;
  const built = buildSeconds(run);
  return (
    <div className="summary-grid" data-testid="run-summary">
      {imported ? (
        <ImportedSummary facts={imported} traceUnread={detail.analysis === null && detail.artifacts.some((a) => a.kind === 'trace')} />
      ) : (
        <dl className="facts">
          <dt>Target</dt>
          <dd>{targetText(detail)}</dd>
          <dt>Status</dt>
          <dd>
            <StateBadge state={run.state} /> {run.exitCode !== null && <span className="muted">exit {run.exitCode}</span>} {run.error && <span className="error-text">{run.filesFetchedAt && <span className="muted">({ERROR_BEFORE_FETCH}) </span>}{run.error}</span>}
            {run.filesFetchedAt && <span className="muted" data-testid="files-fetched"> · files fetched later from host {run.host}, at {formatTimestamp(run.filesFetchedAt)}</span>}
            {run.filesFetchNotes.map((note) => (
              <div key={note} className="muted small" data-testid="files-fetch-note">
                The fetch met: {note}
              </div>
            ))}
            <KeptFilesFetch run={run} onFetched={onFilesFetched} />
          </dd>
          <dt>Go release</dt>
          <dd data-testid="go-release">{runGoRelease(detail)}</dd>
          {usesConcurrency(config.target.kind) && (
            <>
              <dt>Concurrency</dt>
              <dd data-testid="concurrency">{run.concurrencyUsed ? formatCount(config.concurrency) : <span className="muted">not used: {run.targetName} ignores it ({formatCount(config.concurrency)} was passed to it)</span>}</dd>
            </>
          )}
          <dt>GOMAXPROCS</dt>
          <dd data-testid="gomaxprocs">
            {/* A benchmark's in-force value is go test's -N name suffix (no result.json). */}
            {gomaxprocsText(config.gomaxprocs, gomaxprocsInForce(detail), provenance?.gomaxprocsConfigured)}
            <GomaxprocsChanges changes={provenance?.gomaxprocsChanges ?? []} dropped={provenance?.gomaxprocsChangesDropped ?? 0} traced={traceGomaxprocsChanges(detail.analysis?.meta.gomaxprocs ?? [])} analysed={detail.analysedTrace} />
          </dd>
          {limit && (
            <>
              <dt>CPU limit</dt>
              <dd data-testid="cpu-limit">{limit}</dd>
            </>
          )}
          {config.target.kind === 'bench' ? (
            <>
              <dt>Benchtime</dt>
              <dd>{benchtimeOf(config.target, config.duration)} per benchmark (go test -benchtime)</dd>
            </>
          ) : (
            <>
              <dt>Duration</dt>
              <dd>
                {config.duration} {parseGoDuration(config.warmup) ? <span className="muted">after {config.warmup} warm-up</span> : null}
              </dd>
            </>
          )}
          <dt>Capture</dt>
          <dd>{config.capture.join(', ') || 'none'}</dd>
          {parseGoDuration(config.flightRecorder) ? (
            <>
              <dt>Flight recorder</dt>
              <dd>last {config.flightRecorder}</dd>
            </>
          ) : null}
          {env.length > 0 && (
            <>
              <dt>Environment</dt>
              <dd>
                <code>{env.map(([k, v]) => `${k}=${v}`).join(' ')}</code>
              </dd>
            </>
          )}
          <dt>Started</dt>
          <dd data-testid="run-started">
            {formatTimestamp(run.startedAt ?? run.createdAt)}
            {built !== null && <span className="muted"> · the target at {formatTimestamp(run.targetStartedAt)}, {buildText(built)}</span>}
          </dd>
        </dl>
      )}
      <dl className="facts headline">
        <dt>Throughput</dt>
        <dd data-testid="ops-per-sec">{formatRate(result?.ops_per_s ?? run.opsPerSec)}</dd>
        <dt>Operations</dt>
        <dd>{formatCount(result?.ops ?? null)}</dd>
        <dt>Measured window</dt>
        <dd data-testid="measured-window">
          {formatDuration(result?.wall_s ?? null)}
          {overrun !== null && (
            <span className="muted small" data-testid="window-overrun">
              {' '}
              ({formatDuration(overrun)} past the {config.duration} asked for: the harness's timer ran late, its goroutine waiting for a P or a CPU; the throughput counts all of it)
            </span>
          )}
        </dd>
        <dt>Sched latency p99</dt>
        <dd>
          <span data-testid="sched-p99">{formatDuration(run.schedP99)}</span>
          {run.schedP99 !== null && run.schedSource && <span className="sched-source">{run.schedSource}</span>}
          {run.schedP99 !== null && run.schedSource && (
            <span className="muted small" data-testid="sched-p99-whose">
              {' '}
              {headlineLatencyWhose(run.schedSource, detail.analysis !== null && detail.analysis.sched_latency.program !== undefined)}
            </span>
          )}
          {openBeside !== null && (
            <span className="muted small" data-testid="sched-p99-open">
              {' '}
              · {openBeside}
            </span>
          )}
        </dd>
        <dt title="the upper bound of the runtime's /sched/pauses/total/gc histogram bucket that holds the 99th percentile, over the measured window">GC pause p99</dt>
        <dd>
          {formatDuration(run.gcPauseP99)}
          {run.gcPauseP99 !== null && <span className="sched-source sampled">bucket bound</span>}
        </dd>
        {detail.throttling && (
          <>
            <dt>CPU throttling</dt>
            <dd data-testid="throttling">{throttlingText(detail.throttling, formatDuration)}</dd>
          </>
        )}
        {result?.stopped && (
          <>
            <dt>Note</dt>
            <dd>stopped early by a signal</dd>
          </>
        )}
      </dl>
      {provenance ? (
        <dl className="facts" data-testid="provenance">
          <dt>Machine</dt>
          {/* Read in a report on another computer, "this machine" would name the reader's. */}
          <dd data-testid="ran-on">
            {provenance.host === 'local' ? <span className="muted">{readOnly ? 'the machine the report was exported from' : 'this machine'}</span> : <>host {provenance.host}</>}
            {provenance.hostname && <> ({provenance.hostname})</>}
          </dd>
          <dt>Go</dt>
          <dd>
            {provenance.goVersion} {provenance.goos}/{provenance.goarch}
          </dd>
          <dt>CPUs</dt>
          <dd>
            {provenance.numCpu}
            {provenance.cpuModel && <span className="muted"> {provenance.cpuModel}</span>}
            {provenance.cgroupCpuLimit !== null && <span className="muted"> (cgroup limit {counted(provenance.cgroupCpuLimit, 'core')})</span>}
          </dd>
          <dt>GOMAXPROCS</dt>
          <dd data-testid="gomaxprocs-origin">
            {provenance.gomaxprocs} <span className="muted">{gomaxprocsOrigin(provenance)}</span>
            {/* The sampled gauge's steps, for a harness that did not list its changes (see GOMAXPROCS above). */}
            {!result?.gomaxprocs && detail.gomaxprocsSteps.length > 1 && <div className="muted">changed during the run: {detail.gomaxprocsSteps.map((s) => `${s.value} at ${s.t.toFixed(1)} s`).join(' → ')}</div>}
          </dd>
          <dt>Kernel</dt>
          <dd>{provenance.kernel}</dd>
          <dt>GODEBUG</dt>
          <dd>{provenance.godebug || <span className="muted">none</span>}</dd>
        </dl>
      ) : detail.benchmarks.length > 0 ? (
        // go test's header (goos, goarch, pkg, cpu) is a bench run's provenance; several packages each have theirs.
        <dl className="facts" data-testid="bench-provenance">
          {Object.entries(benchHeader(detail.benchmarks)).map(([k, v]) => (
            <Fragment key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </Fragment>
          ))}
        </dl>
      ) : (
        <p className="muted" data-testid="no-provenance">
          {imported
            ? 'Imported files: what the trace records is on the left; there is no result.json.'
            : noProvenanceText(run, detail.artifacts.some((a) => a.name === 'result.json'))}
        </p>
      )}
      {result && result.errors.length > 0 && (
        <div className="banner banner-error">
          {result.errors.map((e) => (
            <div key={e}>{e}</div>
          ))}
        </div>
      )}
    </div>
  );
}
