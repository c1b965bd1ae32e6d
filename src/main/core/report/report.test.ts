// report.export on a real core with real runs: what a report holds (the app's own answers, pruned
// profiles), its file (inline bundle allowed by hash, snapshot that no string can break out of), and
// the mistakes it refuses.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimentCells } from '../../../shared/cell-name';
import type { DiffFlameTree, FlameTree } from '../../../shared/domain';
import { REPORTED_SPIKES, episodeRange, longestWaitEpisode, reportedEpisodes, reportedWaitEnd, spikeEpisodes } from '../../../shared/drilldown';
import type { RunDetail, Trend } from '../../../shared/contract';
import { answerKey, SNAPSHOT_ELEMENT_ID, unpackSnapshot, type ReportSnapshot } from '../../../shared/report';
import { REPORT_WINDOW_ITEMS, type RunWindow } from '../../../shared/trace-window';
import { failureOf, openTestCore, type TestCore } from '../../../../test/support/run-core';
import { ENV_VALUE_LEFT_OUT, MIN_FRAME_SHARE, shareableRun } from './collect';
import { packSnapshot, reportHtml } from './html';
import { pruneTree } from './prune';

const HOSTILE = '<img src=x onerror=alert(1)></script><script>alert(2)</script><!-- \u2028 &amp;';
const BUNDLE = { script: 'document.title = "report ran";', style: 'body { color: #123; }' };

const SECRET = 'tok-5b1e9d0c';
let t: TestCore;
let ids: string[] = [];
let experimentId = '';
const bundleDir = mkdtempSync(join(tmpdir(), 'gmpw-report-bundle-'));

beforeAll(async () => {
  writeFileSync(join(bundleDir, 'report.js'), BUNDLE.script);
  writeFileSync(join(bundleDir, 'report.css'), BUNDLE.style);
  t = await openTestCore({ reportBundleDir: async () => bundleDir });
  // Two cells (GOMAXPROCS 1 and 2) of one experiment: a comparison and an experiment in two short runs.
  // An environment value stands for a credential: reports are shared, it must not be in them.
  const run = await t.runPlan({ target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '1s', concurrency: [2], gomaxprocs: [1, 2], capture: ['cpu', 'trace'], env: { SERVICE_TOKEN: SECRET } });
  expect(run.states).toEqual(['succeeded', 'succeeded']);
  ids = run.ids;
  experimentId = (await t.call('runs.get', { id: ids[0] })).run.experimentId!;
});
afterAll(async () => {
  await t?.close();
  rmSync(bundleDir, { recursive: true, force: true });
});

/** The pieces of an exported file: its CSP, inline script and style, and the parsed snapshot. */
async function parseReport(html: string) {
  const data = new RegExp(`<script type="application/octet-stream" id="${SNAPSHOT_ELEMENT_ID}" data-encoding="gzip\\+base64">([^]*?)</script>`).exec(html)![1]!;
  return {
    csp: /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1],
    scripts: [...html.matchAll(/<script>([^]*?)<\/script>/g)].map((m) => m[1]),
    styles: [...html.matchAll(/<style>([^]*?)<\/style>/g)].map((m) => m[1]),
    data,
    snapshot: await unpackSnapshot(data),
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');

function answer<T>(snapshot: ReportSnapshot, name: Parameters<typeof answerKey>[0], input: unknown): T {
  const outcome = snapshot.answers[answerKey(name, input)];
  expect(outcome, `${name} ${JSON.stringify(input)} is in the report`).toBeDefined();
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value as T;
}

/** Every kept frame is at least the share of the root, and every frame that big is kept with its values. */
function expectPruned<N extends { name: string; children: number[] }>(full: N[], pruned: N[], weight: (n: N) => number): void {
  const limit = weight(full[0]) * MIN_FRAME_SHARE;
  expect(pruned.length).toBe(full.filter((n) => weight(n) >= limit).length);
  for (const n of pruned) expect(weight(n)).toBeGreaterThanOrEqual(limit);
  expect(pruned[0]).toEqual(expect.objectContaining({ name: full[0].name }));
  expect(weight(pruned[0])).toBe(weight(full[0]));
}

describe('report.export', () => {
  it('a run: the Run page answers, profiles pruned, in one file that allows only its own inline code', async () => {
    const out = await t.call('report.export', { runIds: [ids[0]] });
    expect(out.fileName).toBe(`gmpw-report-${ids[0]}.html`);
    expect(out.bytes).toBe(Buffer.byteLength(out.html));
    expect(out.unanswered).toEqual([]);
    const r = await parseReport(out.html);
    expect(r.scripts).toEqual([BUNDLE.script]);
    expect(r.styles).toEqual([BUNDLE.style]);
    expect(r.csp).toBe(`default-src 'none'; script-src 'sha256-${sha256(BUNDLE.script)}'; style-src 'sha256-${sha256(BUNDLE.style)}'; img-src data:; base-uri 'none'; form-action 'none'`);

    const s = r.snapshot;
    expect(s.kind).toBe('run');
    expect(s.pages).toEqual([{ label: expect.any(String), hash: `#/run/${ids[0]}` }]);
    const detail = await t.call('runs.get', { id: ids[0] });
    expect(detail.config.env).toEqual({ SERVICE_TOKEN: SECRET });
    expect(answer(s, 'runs.get', { id: ids[0] })).toEqual(shareableRun(detail));
    // Shared without the environment's values or this machine's paths: in no answer (the page holds
    // them gzipped, so the HTML's text alone could not show a leak), the setup's history included.
    expect(JSON.stringify(s)).not.toContain(SECRET);
    expect(answer<Trend>(s, 'runs.trend', { id: ids[0] }).setup).toContain(`SERVICE_TOKEN=${ENV_VALUE_LEFT_OUT}`);
    expect(answer<RunDetail>(s, 'runs.get', { id: ids[0] }).config.env).toEqual({ SERVICE_TOKEN: ENV_VALUE_LEFT_OUT });
    expect(detail.artifacts.some((a) => a.openWith !== null)).toBe(true);
    expect(answer<RunDetail>(s, 'runs.get', { id: ids[0] }).artifacts.every((a) => a.openWith === null)).toBe(true);
    expect(JSON.stringify(answer(s, 'runs.get', { id: ids[0] }))).not.toContain(t.dataDir);
    expect(answer(s, 'runs.series', { id: ids[0] })).toEqual(await t.call('runs.series', { id: ids[0] }));
    // The history of its setup, as the Run page asks for it.
    const trend = await t.call('runs.trend', { id: ids[0] });
    expect(answer(s, 'runs.trend', { id: ids[0] })).toEqual({ ...trend, setup: trend.setup.replace(`SERVICE_TOKEN=${SECRET}`, `SERVICE_TOKEN=${ENV_VALUE_LEFT_OUT}`) });
    expect(detail.profiles).toEqual(expect.arrayContaining(['cpu.pprof', 'sched.pprof']));
    const frames = { full: 0, kept: 0 };
    for (const profile of detail.profiles) {
      const full = await t.call('runs.flame', { id: ids[0], profile });
      const kept = answer<FlameTree>(s, 'runs.flame', { id: ids[0], profile });
      expect({ ...kept, nodes: [] }).toEqual({ ...full, nodes: [] });
      expectPruned(full.nodes, kept.nodes, (n) => n.total);
      frames.full += full.nodes.length;
      frames.kept += kept.nodes.length;
    }
    // Trace-derived profiles of a one-second run already have thin frames to leave out.
    expect(frames.kept).toBeLessThan(frames.full);
  });

  it('a run whose profile was deleted since: the report shows the error where the app would, and the export says so', async () => {
    const run = await t.runPlan({ target: { kind: 'scenario', id: 'idle' }, duration: '300ms', concurrency: [1], gomaxprocs: [1], capture: ['cpu'] });
    expect(run.states).toEqual(['succeeded']);
    const id = run.ids[0]!;
    rmSync(join(t.dataDir, 'runs', id, 'cpu.pprof'));
    const out = await t.call('report.export', { runIds: [id] });
    const gone = `cpu.pprof of run ${id} is no longer in its folder (deleted outside the workbench?). The figures stored at the run's end stand; what reads this file cannot be shown.`;
    expect(out.unanswered).toEqual([gone]);
    const outcome = (await parseReport(out.html)).snapshot.answers[answerKey('runs.flame', { id, profile: 'cpu.pprof' })];
    expect(outcome).toEqual({ ok: false, error: { message: gone, field: null, code: 'gone' } });
    expect(out.html).not.toContain(t.dataDir);
  });

  it("a run with spikes: the drill-down of each of its highest spike episodes and of its longest wait's window, as the Run page asks for them", async () => {
    const planted = await t.runPlan({ target: { kind: 'scenario', id: 'burst-release', params: { burst: '1000', at: '400ms' } }, duration: '800ms', concurrency: [2], gomaxprocs: [2], capture: ['trace'] });
    expect(planted.states).toEqual(['succeeded']);
    const id = planted.ids[0]!;
    const analysis = (await t.call('runs.get', { id })).analysis!;
    const spikes = spikeEpisodes(analysis);
    expect(spikes.length).toBeGreaterThan(0);
    expect(spikes.length).toBeLessThanOrEqual(REPORTED_SPIKES);
    const s = (await parseReport((await t.call('report.export', { runIds: [id] })).html)).snapshot;
    const recorded = Object.keys(s.answers).filter((k) => k.startsWith('runs.window'));
    const episodes = reportedEpisodes(analysis);
    // The spikes first, then the longest wait's window when no spike holds it, then at most the
    // program's own longest (src/shared/drilldown.test.ts has the cases where that one is added).
    expect(episodes.slice(0, spikes.length)).toEqual(spikes);
    const longest = longestWaitEpisode(analysis);
    if (longest) expect(episodes[spikes.length]).toEqual(longest);
    expect(episodes.length - spikes.length - (longest ? 1 : 0)).toBeLessThanOrEqual(1);
    // Each episode's range, and the end of its longest wait where the report's cap cut the range before it.
    const ends = episodes.flatMap((e) => {
      const listed = episodeRange(e, analysis);
      const end = reportedWaitEnd(answer<RunWindow>(s, 'runs.window', { id, ...listed }).facts, listed, analysis.meta.duration_s);
      return end ? [end] : [];
    });
    expect(recorded).toHaveLength(episodes.length + ends.length);
    for (const spike of episodes) {
      const input = { id, ...episodeRange(spike, analysis) };
      // Recorded under the page's query, answered with the report's cap on each list.
      const full = await t.call('runs.window', { ...input, maxItems: REPORT_WINDOW_ITEMS });
      const kept = answer<RunWindow>(s, 'runs.window', input);
      // The facts and the lanes whole; transitions only of the worst waiters, no unblock edges, and a note saying so.
      expect(kept.facts).toEqual(full.facts);
      expect(kept.window.procs).toEqual(full.window.procs);
      expect(kept.window.run_queue).toEqual(full.window.run_queue);
      expect(kept.window.goroutines.map((g) => g.g).sort()).toEqual([...new Set(full.facts.worstWaits.map((w) => w.g))].sort());
      expect(kept.window.unblocks).toEqual([]);
      const unblocks = full.window.unblocks.length + (full.window.truncated.unblocks ?? 0);
      expect(kept.window.notes.at(-1)).toContain(`none of the range's ${unblocks.toLocaleString('en-US')} unblock edges`);
      expect(kept.window.notes.at(-1)).toContain('at most 10,000 items of each list');
    }
    // The cap holds: a busy range is cut at 10,000 transitions (slices and syscalls under way may pass it by one a P or syscall).
    const busy = await t.runPlan({ target: { kind: 'scenario', id: 'chan-sync-pingpong' }, duration: '300ms', concurrency: [2], gomaxprocs: [2], capture: ['trace'] });
    const capped = await t.call('runs.window', { id: busy.ids[0]!, from_s: 0, to_s: 10, maxItems: REPORT_WINDOW_ITEMS });
    expect(capped.window.truncated.transitions).toBeGreaterThan(0);
    expect(capped.window.goroutines.reduce((n, g) => n + g.transitions.length, 0)).toBe(REPORT_WINDOW_ITEMS);
    expect(capped.window.kept_until_s.transitions).toBeGreaterThan(0);

    // There a range's longest wait can end past its cut, where the timeline stops: the report records
    // that end as a range of its own, whole up to the wait's end, where the waiter gets its P.
    const busyId = busy.ids[0]!;
    const busyAnalysis = (await t.call('runs.get', { id: busyId })).analysis!;
    const report = (await parseReport((await t.call('report.export', { runIds: [busyId] })).html)).snapshot;
    let opened = 0;
    for (const episode of reportedEpisodes(busyAnalysis)) {
      const listed = episodeRange(episode, busyAnalysis);
      const facts = answer<RunWindow>(report, 'runs.window', { id: busyId, ...listed }).facts;
      const end = reportedWaitEnd(facts, listed, busyAnalysis.meta.duration_s);
      if (!end) continue;
      const wait = facts.worstWaits.find((w) => w.g === end.g && w.end_s > facts.keptUntil_s!)!;
      const atEnd = answer<RunWindow>(report, 'runs.window', { id: busyId, from_s: end.from_s, to_s: end.to_s });
      expect(atEnd.facts.keptUntil_s === null || atEnd.facts.keptUntil_s > wait.end_s, "the end's range is whole past the wait's end").toBe(true);
      expect(atEnd.window.procs.some((p) => p.slices.some((sl) => sl.g === wait.g && Math.abs(sl.begin_s - wait.end_s) < 1e-9))).toBe(true);
      opened++;
    }
    expect(opened, "a busy range's longest wait ended past the report's cap's cut").toBeGreaterThan(0);
  }, 180_000);

  it('runs: a comparison with the chosen baseline, its per-second diffs, and each run page', async () => {
    const out = await t.call('report.export', { runIds: ids, baseline: ids[1] });
    const s = (await parseReport(out.html)).snapshot;
    expect(s.kind).toBe('compare');
    expect(s.pages.map((p) => p.hash)).toEqual([`#/compare/${ids[1]}/${ids[0]}`, `#/run/${ids[1]}`, `#/run/${ids[0]}`]);
    const comparison = answer<{ commonProfiles: string[] }>(s, 'compare.runs', { baseline: ids[1], candidates: [ids[0]] });
    const compared = await t.call('compare.runs', { baseline: ids[1], candidates: [ids[0]] });
    expect(comparison).toEqual({ ...compared, baseline: shareableRun(compared.baseline), candidates: compared.candidates.map(shareableRun) });
    expect(JSON.stringify(s)).not.toContain(SECRET);
    expect(comparison.commonProfiles).toContain('cpu.pprof');
    const input = { baseline: ids[1], candidate: ids[0], profile: 'cpu.pprof' };
    const full = await t.call('compare.diffFlame', input);
    const kept = answer<DiffFlameTree>(s, 'compare.diffFlame', input);
    expect({ ...kept, nodes: [] }).toEqual({ ...full, nodes: [] });
    expectPruned(full.nodes, kept.nodes, (n) => n.baseTotal + n.candTotal);
    expect(s.answers[answerKey('compare.diffFlame', { ...input, normalisation: 'share' })]).toBeUndefined();
    expect(answer(s, 'runs.get', { id: ids[0] })).toEqual(shareableRun(await t.call('runs.get', { id: ids[0] })));
  });

  it("an experiment: its cells' statistics with every cell as baseline", async () => {
    const out = await t.call('report.export', { experimentId });
    expect(out.fileName).toBe(`gmpw-report-experiment-${experimentId}.html`);
    const s = (await parseReport(out.html)).snapshot;
    expect(s.kind).toBe('experiment');
    const runs = await t.call('runs.list', { filter: { experimentId }, sort: { key: 'createdAt', dir: 'asc' }, limit: 10_000 });
    const cells = experimentCells(runs.runs);
    expect(cells).toHaveLength(2);
    expect(s.pages[0].hash).toBe(`#/cells/${experimentId}/${encodeURIComponent(cells[0])}`);
    for (const cell of cells) {
      const stats = await t.call('compare.cells', { baseline: { experimentId, cell } });
      // Its groups' setup lines name the environment without its values, as the runs do.
      const shown = (line: string) => line.replace(`SERVICE_TOKEN=${SECRET}`, `SERVICE_TOKEN=${ENV_VALUE_LEFT_OUT}`);
      expect(stats.facts[0]!.setups[0]).toContain(`SERVICE_TOKEN=${SECRET}`);
      expect(answer(s, 'compare.cells', { baseline: { experimentId, cell } })).toEqual({ ...stats, facts: stats.facts.map((f) => ({ ...f, setups: f.setups.map(shown) })) });
    }
    expect(JSON.stringify(s)).not.toContain(SECRET);
    expect(answer(s, 'runs.list', { limit: 2000 })).toEqual(runs);
  });

  it('keeps a hostile label as data: it cannot close the script element or start markup', async () => {
    await t.call('runs.setLabel', { id: ids[0], label: HOSTILE });
    try {
      const out = await t.call('report.export', { runIds: [ids[0]] });
      const r = await parseReport(out.html);
      expect(r.data).not.toMatch(/[<>\u2028]/);
      expect(answer<{ run: { label: string } }>(r.snapshot, 'runs.get', { id: ids[0] }).run.label).toBe(HOSTILE);
      expect(r.snapshot.title).toContain(HOSTILE);
      expect(out.html).toContain(`<title>Run &#60;img src=x onerror=alert(1)&#62;&#60;/script&#62;`);
      expect(r.scripts).toEqual([BUNDLE.script]);
    } finally {
      await t.call('runs.setLabel', { id: ids[0], label: '' });
    }
  });

  it('refuses what it cannot export, naming the field', async () => {
    expect((await failureOf(t.call('report.export', { runIds: ids, baseline: 'not-one-of-them' }))).detail).toMatchObject({ field: 'baseline', code: 'invalid' });
    expect((await failureOf(t.call('report.export', { runIds: ['no-such-run'] }))).detail.code).toBe('not-found');
    expect((await failureOf(t.call('report.export', { experimentId, baseline: 'GOMAXPROCS=9' }))).detail).toMatchObject({ field: 'baseline' });
    expect((await failureOf(t.call('report.export', { runIds: ids, experimentId }))).detail.code).toBe('invalid');
    // A core started without a report bundle (as the Electron entry would be without out/report)
    // collects the runs, then says the bundle is missing.
    const bare = await openTestCore({ dataDir: t.dataDir });
    try {
      expect((await failureOf(bare.call('report.export', { runIds: ids }))).detail.code).toBe('unavailable');
    } finally {
      await bare.close();
    }
  });
});

describe('reportHtml', () => {
  const snapshot = { format: 1, kind: 'run', title: 't', exportedAt: '', pages: [], answers: {}, minFrameShare: MIN_FRAME_SHARE } as const satisfies ReportSnapshot;

  it('refuses a bundle that would end its own element early', () => {
    expect(() => reportHtml({ script: 'let s = "</script>";', style: '' }, snapshot)).toThrow(/cannot be inlined/);
    expect(() => reportHtml({ script: '', style: 'a::after { content: "</STYLE>" }' }, snapshot)).toThrow(/cannot be inlined/);
  });

  it('packs the snapshot so that it unpacks to the same value, with no character that markup could use', async () => {
    const value = { ...snapshot, title: HOSTILE, answers: { x: ['<!--', '-->', '&lt;', '\u2029', 'é'] } } as unknown as ReportSnapshot;
    const text = packSnapshot(value);
    expect(text).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(await unpackSnapshot(text)).toEqual(value);
  });

  it('is far smaller than the JSON for a drill-down window, whose names repeat', async () => {
    const slices = Array.from({ length: 20_000 }, (_, i) => ({ g: i % 9, start_func: 'github.com/acme/service/internal/pingpong.(*Pair).run.gowrap1', begin_s: 0.85 + i * 1e-6, end_s: 0.85 + i * 1e-6 + 4e-7, stop: 'blocked' }));
    const big = { ...snapshot, answers: { w: { procs: [{ p: 0, slices }] } } } as unknown as ReportSnapshot;
    expect(packSnapshot(big).length).toBeLessThan(JSON.stringify(big).length / 4);
  });
});

describe('pruneTree', () => {
  // root 100 ─┬─ a 60 ─┬─ a1 59.95
  //           │        └─ a2 0.05  (below 0.1%)
  //           └─ b 0.09 ── b1 0.09 (below 0.1%)
  const nodes = [
    { name: 'root', total: 100, children: [1, 4] },
    { name: 'a', total: 60, children: [2, 3] },
    { name: 'a1', total: 59.95, children: [] },
    { name: 'a2', total: 0.05, children: [] },
    { name: 'b', total: 0.09, children: [5] },
    { name: 'b1', total: 0.09, children: [] },
  ];

  it('drops subtrees below the share and renumbers the rest in preorder, values untouched', () => {
    expect(pruneTree(nodes, (n) => n.total, 0.001)).toEqual([
      { name: 'root', total: 100, children: [1] },
      { name: 'a', total: 60, children: [2] },
      { name: 'a1', total: 59.95, children: [] },
    ]);
  });

  it('keeps everything at share 0, and nothing of an empty tree', () => {
    expect(pruneTree(nodes, (n) => n.total, 0)).toEqual(nodes);
    expect(pruneTree([], () => 0, 0.5)).toEqual([]);
  });
});
