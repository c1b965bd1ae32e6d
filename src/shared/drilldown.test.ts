import { describe, expect, it } from 'vitest';
import { EPISODE_WINDOWS, episodeAt, episodeLabel, episodeRange, episodeRangeReason, longestWaitEpisode, programLongestWaitEpisode, programSpikeWindows, reportedDrills, reportedDrillsText, reportedEpisodes, reportedWaitEnd, runtimeSpike, spikeEpisodes, spikeText, waitBeforeRange, waitEndRange } from './drilldown';
import type { TraceAnalysis, TraceHistogram } from './results';

const meta = { window_s: 0.1, duration_s: 1.0031 } as never;
const one = (t: number, max: number | null) => ({ t, last: t, earliest: t - (max ?? 0) });
const hist = (max: number): TraceHistogram => ({ unit: 's', count: 10, bins: [], p50: max / 4, p90: max / 2, p99: max, p999: max, max, sum_s: max * 5 });
const win = (t: number, p99: number | null, spike: boolean) => ({ t, count: 3, p99, max: p99 === null ? null : p99 * 1.2, spike });

describe('drill-down ranges', () => {
  it('opens a spike window with half a window either side, inside the trace', () => {
    expect(episodeRange(one(0.5, 0.01), { meta })).toEqual({ from_s: 0.44, to_s: 0.65 });
    expect(episodeRange(one(0, 0.01), { meta })).toEqual({ from_s: 0, to_s: 0.15 });
    // near the trace's end, the range runs to the end and no further
    expect(episodeRange(one(1, null), { meta })).toEqual({ from_s: 0.95, to_s: 1.0031 });
  });

  it("reaches back to where the spike window's longest wait began", () => {
    // waits that ended in [0.6, 0.7) began up to 0.105 s earlier: the burst is before the window
    expect(episodeRange(one(0.6, 0.105), { meta })).toEqual({ from_s: 0.445, to_s: 0.75 });
  });

  it('says why a range reaches past its windows, and where the trace bounded it', () => {
    expect(episodeRangeReason(one(0.6, 0.105), { meta })).toBe('from half a window before 0.495000 s, as early as any of its waits can have begun, to half a window past its last window');
    expect(episodeRangeReason(one(0, 0.01), { meta })).toBe("from the trace's start to half a window past its last window");
    // Two windows: the reach is the earliest of theirs (0.5 − 0.108), not the longest wait's (0.6 − 0.12).
    const [two] = spikeEpisodes({ windows: [win(0.5, 0.09, true), win(0.6, 0.1, true)] }, 1);
    expect(episodeRangeReason(two!, { meta })).toBe('from half a window before 0.392000 s, as early as any of its waits can have begun, to half a window past its last window');
    expect(episodeRangeReason(one(1, null), { meta })).toBe("from half a window before 1.000000 s, as early as any of its waits can have begun, to the trace's end");
  });

  it('makes adjacent spike windows one episode, reaching back to its earliest wait, with its highest p99', () => {
    const windows = [win(0, 0.003, true), win(0.1, 0.00005, false), win(0.5, 0.09, true), win(0.6, 0.1, true), win(0.7, null, false)];
    const episodes = spikeEpisodes({ windows }, 5);
    expect(episodes).toEqual([
      { t: 0.5, last: 0.6, windows: 2, p99: 0.1, max: 0.12, earliest: 0.5 - 0.108 },
      { t: 0, last: 0, windows: 1, p99: 0.003, max: 0.0036, earliest: -0.0036 },
    ]);
    // 0.5 - 0.108 - 0.05 .. 0.6 + 0.15
    expect(episodeRange(episodes[0]!, { meta })).toEqual({ from_s: 0.342, to_s: 0.75 });
    // a click on either window of the pair opens the pair; a window that is no spike opens nothing
    expect(episodeAt({ windows }, 0.6)).toEqual(episodes[0]);
    expect(episodeAt({ windows }, 0.5)).toEqual(episodes[0]);
    expect(episodeAt({ windows }, 0.1)).toBeNull();
  });

  it('caps an episode at EPISODE_WINDOWS windows and the list at the cap, highest first', () => {
    const windows = Array.from({ length: EPISODE_WINDOWS + 2 }, (_, i) => win(i / 10, i === EPISODE_WINDOWS + 1 ? 0.5 : 0.01, true));
    const all = spikeEpisodes({ windows }, 10);
    expect(all.map((e) => [e.t, e.windows])).toEqual([
      [EPISODE_WINDOWS / 10, 2],
      [0, EPISODE_WINDOWS],
    ]);
    expect(spikeEpisodes({ windows }, 1)).toEqual([all[0]]);
  });

  it('labels an episode by its windows, cut at the trace end, with the decimals its windows need', () => {
    expect(episodeLabel({ t: 0.5, last: 0.5, windows: 1 }, { meta })).toBe('0.5–0.6 s');
    expect(episodeLabel({ t: 0.5, last: 0.7, windows: 3 }, { meta })).toBe('0.5–0.8 s');
    // the last window of a 1.0031 s trace ends with the trace
    expect(episodeLabel({ t: 0.9, last: 1, windows: 2 }, { meta })).toBe('0.9–1.0 s');
    // …and a last window that the end cut below the decimals shown is one moment, not "1.0–1.0 s"
    expect(episodeLabel({ t: 1, last: 1, windows: 1 }, { meta })).toBe('1.0 s');
    const fine = { window_s: 0.01, duration_s: 2 } as never;
    expect(episodeLabel({ t: 0.53, last: 0.55, windows: 3 }, { meta: fine })).toBe('0.53–0.56 s');
  });

  it('names a spike by its windows and its p99, as its button and the CLI say it', () => {
    expect(spikeText({ t: 0.5, last: 0.7, windows: 3, p99: 0.01234 }, { meta })).toBe('0.5–0.8 s (p99 12.3 ms)');
  });
});

describe('the longest wait', () => {
  // A ping-pong: every window's p99 is a few hundred ns, one window holds a 200 ms starvation.
  const quiet = (t: number, max: number) => ({ t, count: 500_000, p99: 3.2e-7, max, spike: false });
  it('is offered as an episode of its own window when no spike window holds it, reaching back to where it began', () => {
    const windows = [quiet(0, 1e-5), quiet(0.1, 0.2005), quiet(0.2, 0.1003), win(0.3, 0.004, true)];
    expect(longestWaitEpisode({ windows })).toEqual({ t: 0.1, last: 0.1, windows: 1, p99: 3.2e-7, max: 0.2005, earliest: 0.1 - 0.2005 });
    expect(reportedEpisodes({ windows, sched_latency: { all: hist(0.2005), by_cause: {} } }).map((e) => e.t)).toEqual([0.3, 0.1]);
  });
  it("when it was a runtime goroutine's, the program's own longest is offered too, from its group's windows", () => {
    const windows = [quiet(0, 1e-5), quiet(0.1, 0.2005), quiet(0.4, 0.15), win(0.3, 0.004, true)];
    const group = (start_func: string, w: { t: number; max: number }) => ({ start_func, windows: [{ t: w.t, count: 3, p99: w.max / 2, max: w.max }] });
    const analysis = (programMax: number) =>
      ({
        windows,
        sched_latency: { all: hist(0.2005), by_cause: {}, program: hist(programMax) },
        goroutine_groups: { groups: [group('runtime.bgscavenge', { t: 0.1, max: 0.2005 }), group('main.hog', { t: 0.4, max: 0.15 })] },
      }) as unknown as Pick<TraceAnalysis, 'windows' | 'sched_latency' | 'goroutine_groups'>;
    expect(programLongestWaitEpisode(analysis(0.15))).toEqual({ t: 0.4, last: 0.4, windows: 1, p99: 0.075, max: 0.15, earliest: 0.4 - 0.15 });
    expect(reportedEpisodes(analysis(0.15)).map((e) => e.t)).toEqual([0.3, 0.1, 0.4]);
    // The program's own was the longest: nothing more to offer.
    expect(programLongestWaitEpisode(analysis(0.2005))).toBeNull();
    // No listed group's windows hold it (past the groups kept): none either.
    expect(programLongestWaitEpisode(analysis(0.16))).toBeNull();
    // The runtime's longest in a spike window: no longest-wait episode of its own, the program's offered still.
    const spiky = { ...analysis(0.15), windows: [quiet(0, 1e-5), { ...quiet(0.1, 0.2005), spike: true }, quiet(0.4, 0.15)] };
    expect(longestWaitEpisode(spiky)).toBeNull();
    expect(programLongestWaitEpisode(spiky)).toMatchObject({ t: 0.4, max: 0.15 });
    expect(reportedEpisodes(spiky).map((e) => e.t)).toEqual([0.1, 0.4]);
    // What a report's chart caption says it recorded below, each drill-down named for why.
    expect(reportedDrills(analysis(0.15)).map((d) => d.why)).toEqual(['spike', 'longest', 'program-longest']);
    expect(reportedDrillsText(reportedDrills(analysis(0.15)), 1)).toBe("the drill-downs of the spike, of the longest wait and of the program's longest wait are below");
    expect(reportedDrillsText(reportedDrills(analysis(0.15)), 4)).toBe("the drill-downs of the highest spike, of the longest wait and of the program's longest wait are below");
    expect(reportedDrillsText(reportedDrills(spiky), 1)).toBe("the drill-downs of the spike and of the program's longest wait are below");
    // No spike: the longest wait's alone, not "the highest spikes".
    const calm = { windows: [quiet(0, 1e-5), quiet(0.1, 0.2005)], sched_latency: { all: hist(0.2005), by_cause: {} } };
    expect(reportedDrillsText(reportedDrills(calm), 0)).toBe('the drill-down of the longest wait is below');
    expect(reportedDrillsText([], 0)).toBeNull();
  });

  it('is not offered twice: a spike window that holds it is already an episode', () => {
    const windows = [quiet(0, 1e-5), win(0.1, 0.25, true)];
    expect(longestWaitEpisode({ windows })).toBeNull();
    expect(longestWaitEpisode({ windows: [] })).toBeNull();
  });
});

describe('programSpikeWindows', () => {
  it("gives the program's windows gmptrace judged spiking, and nothing from an analysis without them", () => {
    const program_windows = [0.1, 0.2, 0.3].map((t) => ({ t, count: 3, p99: 0.001, max: 0.001, ...(t === 0.2 ? { spike: true } : {}) }));
    expect([...programSpikeWindows({ goroutine_groups: { program_windows } } as unknown as Pick<TraceAnalysis, 'goroutine_groups'>)!]).toEqual([0.2]);
    expect(programSpikeWindows({ goroutine_groups: { program_windows: null } } as unknown as Pick<TraceAnalysis, 'goroutine_groups'>)).toBeNull();
  });
});

describe('runtimeSpike', () => {
  // A CPU-limited run: the sweeper waited 90 ms in the spike window 1.1–1.2 s; the burners' longest there 1.3 ms.
  const episode = { t: 1.0, last: 1.2 };
  const windows = [win(1.0, 0.0179, true), win(1.1, 0.09, true), win(1.2, 0.0102, true), win(1.5, 0.0001, false)];
  const group = (start_func: string, waits: Array<[t: number, max: number]>) => ({ start_func, windows: waits.map(([t, max]) => ({ t, count: 5, p99: max, max })) });
  type Analysed = Pick<TraceAnalysis, 'windows' | 'goroutine_groups'>;
  const analysis = (list: ReturnType<typeof group>[], omitted = 0, ws = windows, program?: Array<[t: number, p99: number, spike?: boolean]>) =>
    ({
      windows: ws,
      goroutine_groups: {
        groups: list,
        total: list.length + omitted,
        omitted: { groups: omitted, goroutines: 0, exec_s: 0, sched_wait_s: 0 },
        ...(program ? { program_windows: program.map(([t, p99, spike]) => ({ t, count: 47, p99, max: p99, spike })) } : {}),
      },
    }) as unknown as Analysed;
  const burners = group('main.burn', [[1.0, 0.0011], [1.1, 0.0013], [1.5, 0.2]]);
  const sweeper = group('runtime.bgsweep', [[1.0, 0.02], [1.1, 0.09], [1.2, 0.011]]);

  it("names the runtime's goroutines that made a spike, and the program's longest wait there", () => {
    expect(runtimeSpike(episode, analysis([burners, sweeper, group('runtime.bgscavenge', [[1.0, 0.0179]])]))).toEqual({ programMax: 0.0013, startFuncs: ['runtime.bgsweep', 'runtime.bgscavenge'] });
    // The program did not wait there at all.
    expect(runtimeSpike(episode, analysis([group('main.burn', [[1.5, 0.2]]), sweeper]))).toEqual({ programMax: null, startFuncs: ['runtime.bgsweep'] });
  });

  it("holds each spike window to its own p99: a program's wait above a lower window's is the program's spike", () => {
    // 11 ms in 1.2–1.3 s, under the episode's highest p99 (90 ms) but above that window's (10.2 ms); 9 ms is under both.
    expect(runtimeSpike(episode, analysis([group('main.burn', [[1.2, 0.011]]), sweeper]))).toBeNull();
    expect(runtimeSpike(episode, analysis([group('main.burn', [[1.2, 0.009]]), sweeper]))).toEqual({ programMax: 0.009, startFuncs: ['runtime.bgsweep'] });
  });

  it("says nothing when a program's wait reached the p99, or when groups it cannot see could be the program's", () => {
    expect(runtimeSpike(episode, analysis([group('main.burn', [[1.1, 0.095]]), sweeper]))).toBeNull();
    expect(runtimeSpike(episode, analysis([burners, sweeper], 1))).toBeNull();
    expect(runtimeSpike(episode, { windows, goroutine_groups: undefined } as unknown as Analysed)).toBeNull();
  });

  it("says nothing either when the program's own windows spike there, as gmptrace judges them", () => {
    // The program's p99 in 1.1–1.2 s: 102 ms, under the sweeper's 111 ms (all goroutines' p99 there)
    // but 8 times its median window's 12 ms. A trial read "the runtime's own made this spike" there.
    const gc = [win(1.0, 0.0179, false), win(1.1, 0.111, true), win(1.2, 0.012, false), win(1.3, 0.011, false)];
    const sweeps = group('runtime.bgsweep', [[1.1, 0.111]]);
    const program: Array<[number, number, boolean?]> = [[1.0, 0.012], [1.1, 0.102, true], [1.2, 0.012], [1.3, 0.011]];
    const hog = group('main.hog', program.map(([t, p99]) => [t, p99]));
    expect(runtimeSpike({ t: 1.1, last: 1.1 }, analysis([hog, sweeps], 0, gc, program))).toBeNull();
    // The program's windows calm there: the runtime's spike.
    const calm: Array<[number, number]> = [[1.0, 0.012], [1.1, 0.03], [1.2, 0.012], [1.3, 0.011]];
    expect(runtimeSpike({ t: 1.1, last: 1.1 }, analysis([group('main.hog', calm), sweeps], 0, gc, calm))).toEqual({ programMax: 0.03, startFuncs: ['runtime.bgsweep'] });
  });
});

describe('waitEndRange', () => {
  it("opens a range half as wide as the caps' kept part on a wait that ended past their cut, mostly after its end", () => {
    // The new user's range: 1.197–1.650 s, whole until 1.2362 s (39.2 ms kept); a 253 ms wait ended at 1.5261 s.
    const listed = { from_s: 1.197, to_s: 1.65 };
    const range = waitEndRange({ g: 16, begin_s: 1.273, end_s: 1.5261 }, listed, 1.2362, 2)!;
    expect(range.from_s).toBeCloseTo(1.5261 - 0.0049, 9);
    expect(range.to_s).toBeCloseTo(1.5261 + 3 * 0.0049, 9);
    // The waiter, and its wait, which began before the range and so is not among its own.
    expect([range.g, range.waited]).toEqual([16, { begin_s: 1.273, end_s: 1.5261 }]);
    // Nothing to open for a wait the range shows whole, or a range the caps did not cut.
    expect(waitEndRange({ g: 16, begin_s: 1.2, end_s: 1.2 }, listed, 1.2362, 2)).toBeNull();
    expect(waitEndRange({ g: 16, begin_s: 1.273, end_s: 1.5261 }, listed, null, 2)).toBeNull();
    // Inside the trace.
    expect(waitEndRange({ g: 16, begin_s: 1.273, end_s: 1.999 }, listed, 1.2362, 2)!.to_s).toBe(2);
  });
});

describe('reportedWaitEnd', () => {
  it("is the end of the longest worst wait that ended past the caps' cut, none when every one ended before it", () => {
    const listed = { from_s: 1.197, to_s: 1.65 };
    const wait = (g: number, end_s: number) => ({ g, begin_s: 1.2, end_s });
    // Longest first: g 9 ended before the cut, g 16 is the longest one past it.
    const facts = { worstWaits: [wait(9, 1.22), wait(16, 1.5261), wait(17, 1.6)], keptUntil_s: 1.2362 };
    // Cut more finely than the app's: a report keeps a tenth of the items a list.
    expect(reportedWaitEnd(facts as never, listed, 2)).toEqual(waitEndRange(wait(16, 1.5261), listed, 1.2362, 2, 64));
    expect(reportedWaitEnd(facts as never, listed, 2)!.from_s).toBeCloseTo(1.5261 - 0.0392 / 64, 9);
    expect(reportedWaitEnd({ ...facts, worstWaits: [wait(9, 1.22)] } as never, listed, 2)).toBeNull();
    expect(reportedWaitEnd({ ...facts, keptUntil_s: null } as never, listed, 2)).toBeNull();
  });
});

describe('waitBeforeRange', () => {
  // A 136 ms wait ended in 0.8–0.9 s: it began between 0.664 s and 0.764 s, before 0.8 s either way.
  const analysis = { meta, windows: [win(0.7, 0.01, false), { t: 0.8, count: 9, p99: 0.136, max: 0.136, spike: false }, win(0.9, 0.01, false)] };

  it('names the longest wait that ended in the dragged windows when it began before them, and the range that holds it', () => {
    expect(waitBeforeRange({ from_s: 0.8, to_s: 0.9 }, analysis)).toEqual({ max: 0.136, windowT: 0.8, surely: true, wider: { from_s: 0.614, to_s: 0.9 } });
    // Ending anywhere in its window, a 60 ms wait may or may not have begun before 0.8 s.
    const maybe = { meta, windows: [{ t: 0.8, count: 2, p99: 0.06, max: 0.06, spike: false }] };
    expect(waitBeforeRange({ from_s: 0.8, to_s: 0.9 }, maybe)).toMatchObject({ surely: false });
  });

  it('is none when the range already holds it, as a spike episode\'s range does', () => {
    expect(waitBeforeRange({ from_s: 0.6, to_s: 0.9 }, analysis)).toBeNull();
    expect(waitBeforeRange(episodeRange({ last: 0.8, earliest: 0.8 - 0.136 }, { meta }), analysis)).toBeNull();
    // From the trace's start: a 264 ms wait ending in 0.2–0.3 s began in the range; none is offered (it offered the range itself).
    const early = { meta, windows: [win(0, 0.01, false), { t: 0.2, count: 9, p99: 0.2, max: 0.264, spike: false }] };
    expect(waitBeforeRange({ from_s: 0, to_s: 0.35 }, early)).toBeNull();
  });
});
