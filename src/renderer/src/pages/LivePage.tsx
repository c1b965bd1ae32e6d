// Watch runs while they work: the terminal, progress for the run and its experiment, live charts.
// Given a queue (the run ids runs.start returned), it follows whichever run of the queue is active.
import { useEffect, useMemo, useRef, useState } from 'react';
import { isTerminal, type MetricsTick, type Progress, type RunState, type RunSummary } from '../../../shared/domain';
import { parseGoDurationNs } from '../../../shared/go-duration';
import { historyCells } from '../../../shared/imported';
import { ACTIVE_STATES } from '../../../shared/domain';
import { asCommandError, useApi, useCommand, useEvent } from '../api/context';
import { EmptyState, ErrorBanner, Loading, Section, StateBadge } from '../components/feedback';
import { ProgressBar } from '../components/ProgressBar';
import { routeHref } from '../routing';
import type { CommandError } from '../../../shared/contract';
import { MetricsCharts } from '../charts/MetricsCharts';
import { ThrottlingChart } from '../charts/ThrottlingChart';
import { formatDuration } from '../format';
import { LiveTerminal } from './LiveTerminal';

/** Chart updates are batched: metrics arrive every 100 ms, redrawing four charts each time is waste. */
const CHART_REFRESH_MS = 250;

export function LivePage({ runIds }: { runIds: string[] }) {
  const list = useCommand('runs.list', { limit: 5000 });
  useEvent('runs.changed', list.reload);
  const [states, setStates] = useState<Record<string, RunState>>({});
  useEvent('run.state', (p) => setStates((s) => ({ ...s, [p.runId]: p.state })));

  const known = useMemo(() => {
    const fromList = Object.fromEntries((list.data?.runs ?? []).map((r) => [r.id, r.state]));
    return { ...fromList, ...states } as Record<string, RunState>;
  }, [list.data, states]);

  // Without a queue, follow whatever is active, here or in another process, and keep showing what
  // was followed once it ends (it would otherwise vanish at the moment it finishes).
  const activeNow = (list.data?.runs ?? []).filter((r) => (ACTIVE_STATES as readonly string[]).includes(r.state)).map((r) => r.id).reverse();
  const [seenActive, setSeenActive] = useState<string[]>([]);
  const activeKey = activeNow.join(',');
  useEffect(() => {
    if (activeKey) setSeenActive((seen) => [...new Set([...seen, ...activeKey.split(',')])]);
  }, [activeKey]);
  const queue = runIds.length > 0 ? runIds : [...new Set([...seenActive, ...activeNow])];
  const following = queue.find((id) => !known[id] || !isTerminal(known[id])) ?? queue[queue.length - 1];

  if (!following) {
    if (list.loading && !list.data) return <Loading what="runs" />;
    return (
      <EmptyState title="Nothing is running">
        Start a run from <a href={routeHref({ page: 'new' })}>New run</a> (press <kbd>n</kbd>); it will show up here with its terminal and live charts.
      </EmptyState>
    );
  }
  const done = queue.filter((id) => known[id] && isTerminal(known[id])).length;
  const summary = list.data?.runs.find((r) => r.id === following);
  // The followed run's experiment, counted from the history: what another process runs is known
  // here only by what it has stored.
  const ofExperiment = summary?.experimentId ? (list.data?.runs ?? []).filter((r) => r.experimentId === summary.experimentId) : [];
  const experiment = ofExperiment.length > 1 ? { done: ofExperiment.filter((r) => isTerminal(known[r.id] ?? r.state)).length, size: ofExperiment.length } : null;
  return (
    <div className="live-page">
      <ErrorBanner error={list.error} onRetry={list.reload} />
      <LiveRun key={following} runId={following} summary={summary} state={known[following] ?? 'queued'} queueDone={done} queueSize={queue.length} experiment={experiment} />
    </div>
  );
}

/**
 * Progress of a run this process did not start (gmpw run in a terminal): its runner's progress
 * events stay in that process, so the run's own metrics stand in: the last tick's time since the
 * target started, against its warm-up (the warm-up ticks seen) and duration.
 */
function progressFromTicks(summary: RunSummary | undefined, ticks: MetricsTick[]): Progress | null {
  const ns = summary ? parseGoDurationNs(summary.duration) : null;
  const last = ticks[ticks.length - 1];
  if (ns === null || !last) return null;
  const warmup = ticks.filter((t) => t.phase === 'warmup').at(-1)?.t ?? 0;
  const total = warmup + Number(ns) / 1e9;
  return { index: 1, of: 1, elapsed: last.t, total, eta: Math.max(0, total - last.t) };
}

/** What runs, in the history's words (no concurrency or duration where none applied). */
function targetLine(summary: RunSummary): string {
  const cells = historyCells(summary);
  return [cells.name, `GOMAXPROCS ${cells.gomaxprocs}`, cells.concurrency === null ? '' : `concurrency ${cells.concurrency}`, cells.duration ?? '', summary.host === 'local' ? '' : `on ${summary.host}`]
    .filter(Boolean)
    .join(' · ');
}

interface LiveRunProps {
  runId: string;
  summary: RunSummary | undefined;
  state: RunState;
  /** The runs this page follows (a plan it started, or what it saw active) and how many have ended. */
  queueDone: number;
  queueSize: number;
  /** The run's experiment as the history has it: its runs and how many have ended. */
  experiment: { done: number; size: number } | null;
}

function LiveRun({ runId, summary, state, queueDone, queueSize, experiment }: LiveRunProps) {
  const api = useApi();
  const [reported, setProgress] = useState<Progress | null>(null);
  /** Whether this process runs it (null until asked): another process's progress events stay there. */
  const [here, setHere] = useState<boolean | null>(null);
  const [ticks, setTicks] = useState<MetricsTick[]>([]);
  const [cancelError, setCancelError] = useState<CommandError | null>(null);
  const incoming = useRef<MetricsTick[]>([]);
  const finished = isTerminal(state);
  const fromTicks = !reported && state === 'running' && here === false ? progressFromTicks(summary, ticks) : null;
  const progress = reported ?? fromTicks;

  useEvent('run.progress', (p) => p.runId === runId && setProgress(p.progress));
  useEvent('run.metrics', (p) => p.runId === runId && incoming.current.push(p.tick));

  // Ticks recorded before this page opened, then live ones merged in on a timer; and whose the run
  // is, with the progress it last reported (a page opened mid-run starts from there, not from 0).
  useEffect(() => {
    let current = true;
    api.invoke('runs.progress', { id: runId }).then(
      (p) => {
        if (!current) return;
        setHere(p.here);
        if (p.progress) setProgress((live) => live ?? p.progress);
      },
      // Not knowing whose it is, offer Cancel: the core says if another process runs it.
      () => current && setHere(true),
    );
    api.invoke('runs.series', { id: runId }).then(
      ({ ticks: history }) => current && setTicks((live) => [...history, ...live.filter((t) => t.t > (history[history.length - 1]?.t ?? -1))]),
      () => undefined,
    );
    const timer = setInterval(() => {
      if (incoming.current.length === 0) return;
      const batch = incoming.current;
      incoming.current = [];
      setTicks((prev) => [...prev, ...batch.filter((t) => t.t > (prev[prev.length - 1]?.t ?? -1))]);
    }, CHART_REFRESH_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [api, runId]);

  const cancel = () => {
    setCancelError(null);
    api.invoke('runs.cancel', { id: runId }).catch((e: unknown) => setCancelError(asCommandError(e)));
  };

  return (
    <>
      <header className="page-header">
        <h1>
          Live · <code>{runId}</code> <StateBadge state={state} />
        </h1>
        {summary && (
          <p className="muted" data-testid="live-target">
            {targetLine(summary)}
          </p>
        )}
        <div className="actions">
          {finished ? (
            <>
              <a className="button primary" href={routeHref({ page: 'run', id: runId })}>
                Open the run
              </a>
              {/* An experiment that has ended is read by its cells, every repetition as one sample. */}
              {summary?.experimentId && experiment && experiment.done === experiment.size && (
                <a className="button" href={routeHref({ page: 'cells', experimentId: summary.experimentId, baseline: '' })} data-testid="live-cells">
                  Statistics per cell
                </a>
              )}
            </>
          ) : here === false ? (
            // Only the process that runs it can stop it (its runner holds the process group).
            <span className="muted" data-testid="cancel-elsewhere">
              Another process runs it (<code>gmpw run</code>, or another window of the workbench): cancel it there
            </span>
          ) : (
            // Shown once it is known to be this process's run, so it does not flash for another's.
            here && (
              <button type="button" className="danger" onClick={cancel}>
                Cancel run
              </button>
            )
          )}
        </div>
      </header>
      <ErrorBanner error={cancelError} />
      <Section title="Progress">
        <ProgressBar
          label="This run"
          fraction={runFraction(state, progress)}
          detail={progress ? `${formatDuration(Math.min(progress.elapsed, progress.total))} of ${formatDuration(progress.total)}${fromTicks ? ' by its own metrics (another process runs it)' : ''}${finished && state !== 'succeeded' ? `: ${state} there` : ''}` : state}
          eta={progress && !finished ? Math.max(0, progress.total - progress.elapsed) : null}
        />
        {progress && progress.of > 1 ? (
          <ProgressBar label="Experiment" fraction={(progress.index - 1 + progress.elapsed / Math.max(progress.total, 1e-9)) / progress.of} detail={`run ${progress.index} of ${progress.of}`} eta={progress.eta} />
        ) : experiment ? (
          <ProgressBar label="Experiment" fraction={experiment.done / experiment.size} detail={`${experiment.done} of ${experiment.size} runs done`} eta={null} />
        ) : (
          queueSize > 1 && <ProgressBar label="Runs followed" fraction={queueDone / queueSize} detail={`${queueDone} of ${queueSize} done`} eta={null} />
        )}
        {state === 'analysing' && <p className="muted">Analysing the trace and profiles…</p>}
      </Section>
      <Section title="Terminal">
        <LiveTerminal runId={runId} />
      </Section>
      <Section title="Runtime metrics">
        <ThrottlingChart ticks={ticks} analysis={null} />
        <MetricsCharts ticks={ticks} />
      </Section>
    </>
  );
}

/** How far the run got: all of it once it succeeded; where it stopped when it failed or was cancelled. */
function runFraction(state: RunState, progress: { elapsed: number; total: number } | null): number {
  if (state === 'succeeded') return 1;
  return progress ? Math.min(1, progress.elapsed / Math.max(progress.total, 1e-9)) : 0;
}
