// Which range a spike's drill-down opens on, shared by the Run page (a click on a spike) and the
// report (which records the drill-downs of the spikes it shows), so both ask runs.window alike.
import { durationText } from './duration-text';
import { isRuntimeGoroutine, runtimeLongestWait } from './program-latency';
import type { TraceAnalysis } from './results';
import type { WindowFacts } from './trace-window';

export interface TimeRange {
  from_s: number;
  to_s: number;
  /** A goroutine the timeline gives a lane first: the waiter whose end the range was opened for. */
  g?: number;
  /** That wait, when the range was opened at its end: it began before the range, which lists no such wait. */
  waited?: { begin_s: number; end_s: number };
}

/** How many spike episodes an exported report records a drill-down for (the highest p99 first). */
export const REPORTED_SPIKES = 3;

/** Seconds rounded to whole nanoseconds: the trace's resolution, and a stable key for a range. */
export const toNanos = (s: number): number => Math.round(s * 1e9) / 1e9;

/** The most adjacent spike windows one episode holds, so that its drill-down stays readable. */
export const EPISODE_WINDOWS = 5;

/**
 * Adjacent spike windows, one event: a burst that queues work for 150 ms flags two or three windows
 * in a row, and their drill-downs would be the same picture three times. An episode runs from its
 * first window's start `t` to its last window's start `last`; `p99` and `max` are its windows' highest;
 * `earliest` is where its longest-reaching wait began (a window's samples are the waits that *ended*
 * in it, so the cause can lie before the episode).
 */
export interface SpikeEpisode {
  t: number;
  last: number;
  windows: number;
  p99: number;
  max: number | null;
  earliest: number;
}

/** The analysis's spike windows grouped into episodes (at most EPISODE_WINDOWS each), in time order. */
function episodesInTimeOrder(analysis: Pick<TraceAnalysis, 'windows'>): SpikeEpisode[] {
  const episodes: SpikeEpisode[] = [];
  let open: SpikeEpisode | null = null;
  for (const w of analysis.windows) {
    if (!w.spike || w.p99 === null) {
      open = null;
      continue;
    }
    const earliest = w.t - (w.max ?? 0);
    if (open && open.windows < EPISODE_WINDOWS) {
      open.last = w.t;
      open.windows++;
      open.p99 = Math.max(open.p99, w.p99);
      open.max = w.max === null ? open.max : Math.max(open.max ?? 0, w.max);
      open.earliest = Math.min(open.earliest, earliest);
    } else {
      open = { t: w.t, last: w.t, windows: 1, p99: w.p99, max: w.max, earliest };
      episodes.push(open);
    }
  }
  return episodes;
}

/** The spike episodes, highest p99 first (earlier first on a tie), at most `cap`. */
export function spikeEpisodes(analysis: Pick<TraceAnalysis, 'windows'>, cap = REPORTED_SPIKES): SpikeEpisode[] {
  return episodesInTimeOrder(analysis)
    .sort((a, b) => b.p99 - a.p99 || a.t - b.t)
    .slice(0, cap);
}

/**
 * The window that holds the trace's longest wait, as an episode of its own, when no spike window
 * holds it: the spike rule reads each window's p99, and a few long waits among hundreds of
 * thousands of short ones (a ping-pong goroutine starved for 200 ms) never move a p99.
 */
export function longestWaitEpisode(analysis: Pick<TraceAnalysis, 'windows'>): SpikeEpisode | null {
  let worst: TraceAnalysis['windows'][number] | null = null;
  for (const w of analysis.windows) if (w.max !== null && (worst === null || w.max > worst.max!)) worst = w;
  if (worst === null || worst.spike) return null;
  return { t: worst.t, last: worst.t, windows: 1, p99: worst.p99 ?? 0, max: worst.max, earliest: worst.t - worst.max! };
}

/**
 * The window that holds the program's own longest wait, found in its goroutine group's windows, when
 * the windows' longest (every goroutine's, in a spike window or not) was a runtime goroutine's: a GC worker's
 * wait says little of the workload. Null otherwise, or when no group's windows hold it (a group past
 * those the analysis lists, or windows past gmptrace's sample budget).
 */
export function programLongestWaitEpisode(analysis: Pick<TraceAnalysis, 'windows' | 'sched_latency' | 'goroutine_groups'>): SpikeEpisode | null {
  // The windows' longest wherever it is, a spike window included: the program's own is asked for either way.
  const longest = analysis.windows.reduce<number | null>((m, w) => (w.max !== null && (m === null || w.max > m) ? w.max : m), null);
  if (!runtimeLongestWait(analysis, longest)) return null;
  const max = analysis.sched_latency.program?.max;
  for (const g of analysis.goroutine_groups?.groups ?? []) {
    const w = isRuntimeGoroutine(g.start_func) ? undefined : g.windows?.find((x) => x.max === max);
    if (w) return { t: w.t, last: w.t, windows: 1, p99: w.p99, max: w.max, earliest: w.t - w.max };
  }
  return null;
}

/**
 * The windows (by start) where the program's own goroutines' p99 spikes, as gmptrace judges them by
 * the rule it judges every goroutine's windows with. Null when the analysis has no program windows
 * (older, or past gmptrace's sample budget).
 */
export function programSpikeWindows(analysis: Pick<TraceAnalysis, 'goroutine_groups'>): Set<number> | null {
  const windows = analysis.goroutine_groups?.program_windows;
  return windows ? new Set(windows.filter((w) => w.spike === true).map((w) => w.t)) : null;
}

/**
 * Whose waits made a spike, when the runtime's own goroutines did: in each spike window of the
 * episode every wait above that window's p99 was theirs (the program's longest there is below it,
 * or the program did not wait there), and the program's own windows did not spike there (a window
 * of 47 waits whose longest, the runtime's, is its p99 can hold a program wait that spikes too);
 * `startFuncs` are the runtime groups whose waits reached it, the longest first; `programMax` is the program's longest wait over the episode. The spike rule reads
 * every goroutine's waits; the headline, the program's. Null when a program's wait reached a spike
 * window's p99, the program's windows spike there, or the analysis cannot tell (no windows by group,
 * or groups left unlisted, which could be the program's).
 */
export function runtimeSpike(episode: Pick<SpikeEpisode, 't' | 'last'>, analysis: Pick<TraceAnalysis, 'windows' | 'goroutine_groups'>): { programMax: number | null; startFuncs: string[] } | null {
  const groups = analysis.goroutine_groups;
  if (!groups || groups.omitted.groups > 0 || groups.groups.some((g) => !g.windows)) return null;
  const spikes = analysis.windows.filter((w) => w.spike && w.p99 !== null && episode.t <= w.t && w.t <= episode.last);
  if (spikes.length === 0) return null;
  const programSpiking = programSpikeWindows(analysis);
  if (programSpiking && spikes.some((w) => programSpiking.has(w.t))) return null;
  /** A group's longest wait in the window starting at t; null when it did not wait there. */
  const longestAt = (g: (typeof groups.groups)[number], t: number) => g.windows!.find((w) => w.t === t)?.max ?? null;
  const program = groups.groups.filter((g) => !isRuntimeGoroutine(g.start_func));
  const runtime = groups.groups.filter((g) => isRuntimeGoroutine(g.start_func));
  if (spikes.some((w) => program.some((g) => (longestAt(g, w.t) ?? 0) >= w.p99!))) return null;
  const reached = (g: (typeof groups.groups)[number]) => spikes.some((w) => (longestAt(g, w.t) ?? 0) >= w.p99!);
  const longest = (g: (typeof groups.groups)[number]) => Math.max(...spikes.map((w) => longestAt(g, w.t) ?? 0));
  const made = runtime.filter(reached).sort((a, b) => longest(b) - longest(a));
  const programWaits = program.flatMap((g) => spikes.flatMap((w) => longestAt(g, w.t) ?? []));
  return made.length > 0 ? { programMax: programWaits.length > 0 ? Math.max(...programWaits) : null, startFuncs: made.map((g) => g.start_func) } : null;
}

/** Why a report recorded a drill-down: a spike among its highest, the longest wait, or the program's longest. */
export type ReportedDrill = { episode: SpikeEpisode; why: 'spike' | 'longest' | 'program-longest' };

/** The drill-downs an exported report records: the highest spikes, then the longest wait's window, then the program's longest's. */
export function reportedDrills(analysis: Pick<TraceAnalysis, 'windows' | 'sched_latency' | 'goroutine_groups'>): ReportedDrill[] {
  const longest = longestWaitEpisode(analysis);
  const program = programLongestWaitEpisode(analysis);
  const drills: ReportedDrill[] = [...spikeEpisodes(analysis).map((episode) => ({ episode, why: 'spike' as const })), ...(longest ? [{ episode: longest, why: 'longest' as const }] : [])];
  const held = drills.some(({ episode: e }) => program && e.t <= program.t && program.t <= e.last);
  return program && !held ? [...drills, { episode: program, why: 'program-longest' }] : drills;
}

/** The episodes of reportedDrills. */
export function reportedEpisodes(analysis: Pick<TraceAnalysis, 'windows' | 'sched_latency' | 'goroutine_groups'>): SpikeEpisode[] {
  return reportedDrills(analysis).map((d) => d.episode);
}

/**
 * What a report's drill-downs are, for the latency chart's caption: "the drill-downs of the 3 highest
 * spikes and of the longest wait are below"; null when it recorded none.
 */
export function reportedDrillsText(drills: readonly ReportedDrill[], spikesInAll: number): string | null {
  const spikes = drills.filter((d) => d.why === 'spike').length;
  const parts = [
    ...(spikes === 0 ? [] : [spikes === 1 ? (spikesInAll === 1 ? 'the spike' : 'the highest spike') : spikes < spikesInAll ? `the ${spikes} highest spikes` : `the ${spikes} spikes`]),
    ...(drills.some((d) => d.why === 'longest') ? ['the longest wait'] : []),
    ...(drills.some((d) => d.why === 'program-longest') ? ["the program's longest wait"] : []),
  ];
  if (parts.length === 0) return null;
  const of = parts.map((part) => `of ${part}`);
  const listed = of.length === 1 ? of[0] : `${of.slice(0, -1).join(', ')} and ${of.at(-1)}`;
  return `the drill-down${drills.length === 1 ? '' : 's'} ${listed} ${drills.length === 1 ? 'is' : 'are'} below`;
}

/** The episode that holds the spike window starting at `t` (a click on one spike dot), if any. */
export function episodeAt(analysis: Pick<TraceAnalysis, 'windows'>, t: number): SpikeEpisode | null {
  return episodesInTimeOrder(analysis).find((e) => e.t <= t && t <= e.last) ?? null;
}

/**
 * An episode's range: from half a window before where its earliest wait began (the burst that caused
 * it, with its ±1 ms whole) to half a window past its last window, inside the trace.
 */
export function episodeRange(episode: Pick<SpikeEpisode, 'last' | 'earliest'>, analysis: Pick<TraceAnalysis, 'meta'>): TimeRange {
  const w = analysis.meta.window_s;
  const from_s = toNanos(Math.max(0, episode.earliest - w / 2));
  // Cut at the trace's end: past it nothing was traced (a window starts before the end, so the range is never empty).
  const to_s = toNanos(Math.min(analysis.meta.duration_s, episode.last + 1.5 * w));
  return { from_s, to_s };
}

/**
 * Why an episode's range reaches past its windows, as episodeRange draws it: "from half a window
 * before 0.408163 s, as early as any of its waits can have begun, to half a window past its last
 * window" (a burst that caused the spike can lie before its windows, whose waits it made long). Each
 * window's reach is its start less its longest wait; the episode's, the earliest of them.
 */
export function episodeRangeReason(episode: Pick<SpikeEpisode, 'last' | 'earliest'>, analysis: Pick<TraceAnalysis, 'meta'>): string {
  const w = analysis.meta.window_s;
  const from = episode.earliest - w / 2 <= 0 ? "from the trace's start" : `from half a window before ${episode.earliest.toFixed(6)} s, as early as any of its waits can have begun,`;
  const to = episode.last + 1.5 * w >= analysis.meta.duration_s ? "to the trace's end" : 'to half a window past its last window';
  return `${from} ${to}`;
}

/**
 * An episode as a button says it: "0.5–0.6 s" for one window, "0.5–0.8 s" for several (the first
 * window's start to the last one's end, cut at the trace's end), with the decimals that tell windows apart.
 */
export function episodeLabel(e: Pick<SpikeEpisode, 't' | 'last' | 'windows'>, analysis: Pick<TraceAnalysis, 'meta'>): string {
  const w = analysis.meta.window_s;
  const digits = Math.max(1, Math.ceil(-Math.log10(w)));
  // A range even for one window: "0.0 s" read as a moment, the trace's start, for a wait that ended up to a window later.
  const [from, to] = [e.t.toFixed(digits), Math.min(e.last + w, analysis.meta.duration_s).toFixed(digits)];
  return from === to ? `${from} s` : `${from}–${to} s`; // a last window the trace's end cut below the decimals shown
}

/** A spike as its button and the CLI name it: where it lies and how high it went, "0.40–0.80 s (p99 12.3 ms)". */
export function spikeText(e: Pick<SpikeEpisode, 't' | 'last' | 'windows' | 'p99'>, analysis: Pick<TraceAnalysis, 'meta'>): string {
  return `${episodeLabel(e, analysis)} (p99 ${durationText(e.p99)})`;
}

/**
 * A range around the moment a wait ended, for a wait whose end lies past the caps' cut of the range
 * that listed it: as wide as half the part the caps kept (which held a cap's worth of items), from
 * an eighth of that part before the end to three eighths after it, inside the trace. The caps count
 * from a range's start, so what must fit is the stretch before the end: an eighth of a cap's worth
 * where the trace is as busy, and whole even where it is up to 8 times busier (a quarter, when the
 * range was centred, once came out capped before the end on a loaded machine). `parts` (8) sets that
 * eighth. Null when the wait ended before the cut (the range shows it already). Its goroutine gets a
 * lane there.
 */
export function waitEndRange(wait: { g: number; begin_s: number; end_s: number }, listed: TimeRange, keptUntil_s: number | null, duration_s: number, parts = 8): TimeRange | null {
  if (keptUntil_s === null || wait.end_s <= keptUntil_s) return null;
  const part = Math.max((keptUntil_s - listed.from_s) / parts, 1e-6);
  return { from_s: toNanos(Math.max(0, wait.end_s - part)), to_s: toNanos(Math.min(duration_s, wait.end_s + 3 * part)), g: wait.g, waited: { begin_s: wait.begin_s, end_s: wait.end_s } };
}

/**
 * How finely a report cuts the part its cap kept for a wait's end: a report's range keeps a tenth of
 * what the app's does, and the part it kept can hold a quiet start (a program's set-up) before the
 * busy stretch the wait ends in; an eighth of it came out capped before the end in CI.
 */
const REPORT_END_PARTS = 64;

/**
 * The end a report records, as a range of its own, of a range it recorded: that of the longest of
 * the range's worst waits that ended past the caps' cut (waitEndRange), where the timeline stops
 * before what let it run. One a range: each is another window query in the export.
 */
export function reportedWaitEnd(facts: Pick<WindowFacts, 'worstWaits' | 'keptUntil_s'>, listed: TimeRange, duration_s: number): TimeRange | null {
  for (const wait of facts.worstWaits) {
    const end = waitEndRange(wait, listed, facts.keptUntil_s, duration_s, REPORT_END_PARTS);
    if (end) return end;
  }
  return null;
}

/**
 * The longest wait that ended in a window the range covers, when it began (or may have begun)
 * before the range: a window's p99 and max are of the waits that ended in it, and a drill-down lists
 * only the waits that began and ended in its range, so a dragged range can leave out the very wait
 * that made its windows' p99. `surely`: it began before the range whatever its end in the window.
 * `wider` is the range that holds it, opened as a spike's is. Null when every such wait fits.
 */
export function waitBeforeRange(range: TimeRange, analysis: Pick<TraceAnalysis, 'windows' | 'meta'>): { max: number; windowT: number; surely: boolean; wider: TimeRange } | null {
  const w = analysis.meta.window_s;
  const covered = analysis.windows.filter((x) => x.max !== null && x.t >= range.from_s - 1e-9 && x.t + w <= range.to_s + 1e-9);
  const longest = covered.reduce<(typeof covered)[number] | null>((a, b) => (a === null || b.max! > a.max! ? b : a), null);
  // A range from the trace's start has nothing before it to open (the wait's window only bounds its start).
  if (!longest || longest.t - longest.max! >= range.from_s || range.from_s <= 0) return null;
  const earliest = longest.t - longest.max!;
  return {
    max: longest.max!,
    windowT: longest.t,
    surely: longest.t + w - longest.max! < range.from_s,
    wider: { from_s: toNanos(Math.max(0, earliest - w / 2)), to_s: range.to_s },
  };
}

