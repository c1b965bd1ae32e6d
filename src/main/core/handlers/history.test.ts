// The history and compare commands over a real store, real Go runs (gmpstress + gmptrace) and
// real profiles; every output is also checked against the contract's schema.
import { appendFileSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands, type CommandInput, type CommandName, type CommandOutput } from '../../../shared/contract';
import { handlerTable } from '../../../../test/support/handler-table';
import { pprofRaw } from '../../../../test/support/go-profiles';
import { baselineAndCandidate } from '../../../../test/support/real-runs';
import { harnessResult, runConfig, tempDataDir } from '../../../../test/support/store-fixtures';
import { EventBus } from '../events';
import { FlameService } from '../flame/service';
import { Store } from '../store';
import { CommandFailure } from '../errors';
import { dispatch } from './dispatch';
import { createHistoryHandlers } from './history';

let data: ReturnType<typeof tempDataDir>;
let store: Store;
let flame: FlameService;
const bus = new EventBus();
let table: ReturnType<typeof handlerTable>;
let baseline: string;

async function call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>> {
  const output = await dispatch(table, name, input);
  return commands[name].output.parse(output) as CommandOutput<N>;
}

async function failure(promise: Promise<unknown>): Promise<CommandFailure['detail']> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof CommandFailure) return err.detail;
    throw err;
  }
  throw new Error('expected the command to fail');
}

const readJson = (id: string, name: string) => JSON.parse(readFileSync(join(store.runDir(id), name), 'utf8'));

beforeAll(async () => {
  data = tempDataDir();
  store = Store.open(data.dir);
  flame = new FlameService({ cacheDir: join(data.dir, 'cache'), workerUrl: null });
  const deps = { store, flame, events: bus };
  table = handlerTable(createHistoryHandlers(deps));
  ({ baseline } = await baselineAndCandidate(store));
});
afterAll(() => {
  store.close();
  data.cleanup();
});

describe('runs.get', () => {
  it('shows a real run: both scheduler-latency sources, provenance, artifacts with the command that opens them', async () => {
    const detail = await call('runs.get', { id: baseline });
    const result = readJson(baseline, 'result.json');
    const analysis = readJson(baseline, 'analysis.json');
    const sampled = result.metrics['/sched/latencies:seconds'];
    const pick = (h: Record<string, number>) => ({ p50: h.p50, p90: h.p90, p99: h.p99, p999: h.p999, max: h.max });
    // The program's goroutines' waits lead; every goroutine's are kept for the agreement with the metric.
    expect(detail.schedLatency.exact).toEqual(pick(analysis.sched_latency.program));
    expect(detail.schedLatency.exactAll).toEqual(pick(analysis.sched_latency.all));
    expect(detail.schedLatency.sampled).toEqual(pick(sampled));
    expect(detail.schedLatency.sampledCount).toBe(sampled.count);
    expect(detail.provenance).toMatchObject({ goVersion: result.provenance.go_version, gomaxprocs: 2, numCpu: result.provenance.num_cpu });
    expect(detail.run).toMatchObject({ state: 'succeeded', opsPerSec: result.ops_per_s, schedP99: analysis.sched_latency.program.p99 });
    expect(detail.analysisNote).toBeNull();

    const byName = Object.fromEntries(detail.artifacts.map((a) => [a.name, a]));
    const abs = (name: string) => join(store.runDir(baseline), name);
    expect(byName['trace.out'].openWith).toBe(`go tool trace ${abs('trace.out')}`);
    expect(byName['cpu.pprof'].openWith).toBe(`go tool pprof -http=: ${abs('cpu.pprof')}`);
    expect(byName['result.json'].openWith).toBeNull();
    expect(detail.artifacts.every((a) => a.onDisk === 'kept')).toBe(true);
    expect(detail.profiles).toEqual(expect.arrayContaining(['cpu.pprof', 'sched.pprof']));
    expect(detail.profiles.every((p) => p.endsWith('.pprof'))).toBe(true);
  });

  it('says why there is no exact latency, and reports a result.json it cannot read', async () => {
    const id = store.createRun({ config: runConfig({ capture: ['cpu'] }) });
    store.transition(id, 'running');
    store.transition(id, 'failed', { exitCode: 1 });
    store.saveResult(id, { ...harnessResult(), schema: 7 });
    const detail = await call('runs.get', { id });
    expect(detail.result).toBeNull();
    expect(detail.schedLatency).toEqual({ exact: null, exactAll: null, sampled: null, sampledCount: 0 });
    expect(detail.analysisNote).toMatch(/schema 7/);
    expect(detail.analysisNote).toMatch(/No execution trace was captured/);
    // The sampled metric is not shown either: it would come from the result.json that could not be read.
    expect(detail.analysisNote).toContain('the sampled runtime metric comes from result.json, and this run left none that can be read');
  });

  it('says a trace that was asked for but never reached the run\'s files is missing, not unanalysed', async () => {
    const remote = store.createRun({ config: runConfig({ capture: ['trace'], host: 'lab' }) });
    store.transition(remote, 'running');
    store.transition(remote, 'failed', { error: "the run's files could not be fetched from host lab" });
    expect((await call('runs.get', { id: remote })).analysisNote).toBe('The trace was asked for, but the run failed without one among its files (a run on host lab has its files fetched at its end): its error says why.');
    const kept = store.createRun({ config: runConfig({ capture: ['trace'] }) });
    store.transition(kept, 'running');
    writeFileSync(join(store.runDir(kept), 'trace.out'), 'not a trace');
    // A profile the target began on a full disk: empty, which no tool opens.
    writeFileSync(join(store.runDir(kept), 'heap.pprof'), '');
    await store.registerFolder(kept);
    store.transition(kept, 'failed', { exitCode: 1, error: 'the disk holding its folder is full' });
    const detail = await call('runs.get', { id: kept });
    expect(detail.analysisNote).toBe('The trace was not analysed: the run failed before an analysis of it was stored (its error says why).');
    expect(Object.fromEntries(detail.artifacts.map((a) => [a.name, a.openWith]))).toEqual({ 'trace.out': `go tool trace ${join(store.runDir(kept), 'trace.out')}`, 'heap.pprof': null });
  });

  it('reads a run stored before labels were held to plain text, and refuses such a label for a run now', async () => {
    const old = store.createRun({ config: runConfig({ label: 'two\nlines \u202Eold' }) });
    expect((await call('runs.get', { id: old })).run.label).toBe('two\nlines \u202Eold');
    expect(await failure(call('runs.setLabel', { id: old, label: 'again\nnot' }))).toMatchObject({ code: 'invalid', message: expect.stringContaining('holds U+000A, a control character: a label is plain text') });
  });

  it('shows a run that is still running without inventing notes', async () => {
    const id = store.createRun({ config: runConfig({ capture: ['trace'] }) });
    store.transition(id, 'running');
    const detail = await call('runs.get', { id });
    expect(detail).toMatchObject({ result: null, analysis: null, analysisNote: null, provenance: null, artifacts: [], profiles: [] });
    expect(detail.run.state).toBe('running');
  });

  it('names an unknown run', async () => {
    expect(await failure(call('runs.get', { id: 'no-such-run' }))).toMatchObject({ code: 'not-found', message: expect.stringContaining('no-such-run') });
  });
});

describe('runs.flame', () => {
  it('draws a real run profile with the totals go tool pprof reports', async () => {
    const tree = await call('runs.flame', { id: baseline, profile: 'cpu.pprof' });
    const raw = pprofRaw(join(store.runDir(baseline), 'cpu.pprof'));
    const col = raw.sampleTypes.indexOf('cpu/nanoseconds');
    expect(tree.total).toBe(raw.samples.reduce((sum, s) => sum + s.values[col], 0));
    const sched = await call('runs.flame', { id: baseline, profile: 'sched.pprof' });
    expect(sched.sampleType).toBe('delay/nanoseconds');
  });

  it('refuses a profile the run does not have, and a file that is not a profile', async () => {
    expect(await failure(call('runs.flame', { id: baseline, profile: 'heap.pprof' }))).toMatchObject({ code: 'not-found', field: 'profile' });
    expect(await failure(call('runs.flame', { id: baseline, profile: 'result.json' }))).toMatchObject({ code: 'not-found' });
  });

  it('reports a corrupt profile with its file name', async () => {
    const id = store.createRun({ config: runConfig() });
    writeFileSync(join(store.runDir(id), 'cpu.pprof'), readFileSync(join(store.runDir(baseline), 'cpu.pprof')).subarray(0, 100));
    await store.registerFolder(id);
    const err = await failure(call('runs.flame', { id, profile: 'cpu.pprof' }));
    expect(err).toMatchObject({ code: 'corrupt-profile', message: expect.stringContaining(join(store.runDir(id), 'cpu.pprof')) });
  });
});

describe("a run's files changed outside the workbench", () => {
  it('are named as missing or changed, with no command to open them, and not read as the run\'s', async () => {
    const id = store.createRun({ config: runConfig() });
    for (const name of ['cpu.pprof', 'sched.pprof', 'terminal.log']) copyFileSync(join(store.runDir(baseline), name), join(store.runDir(id), name));
    await store.registerFolder(id);
    const path = (name: string) => join(store.runDir(id), name);
    rmSync(path('cpu.pprof'));
    appendFileSync(path('sched.pprof'), 'x');
    const detail = await call('runs.get', { id });
    const byName = Object.fromEntries(detail.artifacts.map((a) => [a.name, a]));
    expect(byName['cpu.pprof']).toMatchObject({ onDisk: 'missing', openWith: null });
    expect(byName['sched.pprof']).toMatchObject({ onDisk: 'changed', openWith: null });
    expect(byName['terminal.log']).toMatchObject({ onDisk: 'kept' });
    // Still listed as the run's profiles: the Run page shows each one's tab, with what became of it.
    expect(detail.profiles).toEqual(['cpu.pprof', 'sched.pprof']);
    expect(await failure(call('runs.flame', { id, profile: 'cpu.pprof' }))).toMatchObject({ code: 'gone', message: `cpu.pprof of run ${id} is no longer in its folder (deleted outside the workbench?). The figures stored at the run's end stand; what reads this file cannot be shown.` });
    expect(await failure(call('runs.flame', { id, profile: 'sched.pprof' }))).toMatchObject({ code: 'gone', message: expect.stringContaining(`sched.pprof of run ${id} in its folder is not the file the run kept`) });
    // The message travels in exported reports: no path of this machine in it.
    expect((await failure(call('runs.flame', { id, profile: 'cpu.pprof' }))).message).not.toContain(data.dir);
    // A finished run's log replaced since is said so, not shown as the run's.
    store.transition(id, 'running');
    store.transition(id, 'succeeded');
    expect((await call('runs.terminal', { id })).text).toBe(readFileSync(path('terminal.log'), 'utf8'));
    appendFileSync(path('terminal.log'), 'not the run\'s\n');
    expect(await failure(call('runs.terminal', { id }))).toMatchObject({ code: 'gone', message: expect.stringContaining(`terminal.log of run ${id} in its folder is not the file the run kept`) });
    // The whole folder deleted: every file is missing, and the run is still shown.
    rmSync(store.runDir(id), { recursive: true });
    expect((await call('runs.get', { id })).artifacts.map((a) => a.onDisk)).toEqual(['missing', 'missing', 'missing']);
  });
});

describe('crafted history rows', () => {
  // The database is a plain file: a history shared by someone else, or edited by another program,
  // may hold rows the workbench never wrote. A row must not make it read or write anything outside
  // the run's folder and the data directory.
  it('read no file outside the run folder and write no cache outside the data directory', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'gmpw-outside-'));
    try {
      const profile = join(store.runDir(baseline), 'cpu.pprof');
      copyFileSync(profile, join(outside, 'cpu.pprof'));
      /** A run with one real profile, whose row the SQL then rewrites. */
      const crafted = async (sql: string, ...values: string[]) => {
        const id = store.createRun({ config: runConfig() });
        copyFileSync(profile, join(store.runDir(id), 'cpu.pprof'));
        await store.registerFolder(id);
        const raw = new BetterSqlite3(join(data.dir, 'gmpw.db'));
        raw.prepare(`UPDATE artifacts SET ${sql} WHERE run_id = ? AND name = 'cpu.pprof'`).run(...values, id);
        raw.close();
        return id;
      };
      const rows = {
        'its path': await crafted('path = ?', relative(data.dir, join(outside, 'cpu.pprof'))),
        'its kind': await crafted('kind = ?', `x/../../../${relative(data.dir, outside)}/escape`),
        'its sha256': await crafted('sha256 = ?', `../../../${relative(data.dir, outside)}/escape`),
      };
      for (const [problem, id] of Object.entries(rows)) {
        const err = await failure(call('runs.flame', { id, profile: 'cpu.pprof' }));
        expect(err).toMatchObject({ code: 'corrupt-history', message: expect.stringContaining(`"cpu.pprof" was not written by the workbench (${problem}`) });
        expect(await failure(call('runs.get', { id }))).toMatchObject({ code: 'corrupt-history' });
      }
      expect(readdirSync(outside)).toEqual(['cpu.pprof']);
      // Other runs are unaffected.
      expect((await call('runs.get', { id: baseline })).artifacts.length).toBeGreaterThan(0);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('runs.series and runs.terminal', () => {
  it('gives the stored series of a finished run, and the complete lines of a running one', async () => {
    const { ticks } = await call('runs.series', { id: baseline });
    const lines = readFileSync(join(store.runDir(baseline), 'metrics.jsonl'), 'utf8').trim().split('\n');
    expect(ticks.map((t) => t.t)).toEqual(lines.map((l) => JSON.parse(l).t));

    const live = store.createRun({ config: runConfig() });
    store.transition(live, 'running');
    const file = join(store.runDir(live), 'metrics.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');
    appendFileSync(file, lines[0].slice(0, 20)); // the next line, cut mid-write
    expect((await call('runs.series', { id: live })).ticks.map((t) => t.t)).toEqual(ticks.map((t) => t.t));
  });

  it('returns a small terminal log whole and only the tail of a huge one', async () => {
    const { text } = await call('runs.terminal', { id: baseline });
    expect(text).toBe(readFileSync(join(store.runDir(baseline), 'terminal.log'), 'utf8'));

    const id = store.createRun({ config: runConfig() });
    const line = (i: number) => `line ${i} ${'é'.repeat(40)}\n`;
    const all = Array.from({ length: 40_000 }, (_, i) => line(i)).join('');
    writeFileSync(join(store.runDir(id), 'terminal.log'), all);
    const tail = (await call('runs.terminal', { id })).text;
    const [header, ...rest] = tail.split('\n');
    const skipped = Number(/\[… (\d+) earlier bytes not shown …\]/.exec(header)![1]);
    const shown = rest.join('\n');
    expect(skipped + Buffer.byteLength(shown)).toBe(Buffer.byteLength(all));
    expect(Buffer.byteLength(shown)).toBeLessThanOrEqual(1 << 20);
    expect(shown.endsWith(line(39_999))).toBe(true);
    expect(shown.startsWith('line ')).toBe(true);
  });
});

describe('editing', () => {
  it('tags, labels and deletes finished runs, refuses active ones, and tells lists to refresh', async () => {
    const events: unknown[] = [];
    const off = bus.on('runs.changed', (e) => events.push(e));
    const id = store.createRun({ config: runConfig() });
    const active = store.createRun({ config: runConfig() });
    store.transition(id, 'running');
    store.transition(id, 'cancelled');
    store.transition(active, 'running');
    await call('runs.setTags', { id, tags: ['slow', 'x'] });
    await call('runs.setLabel', { id, label: 'try 2' });
    const listed = await call('runs.list', { filter: { tag: 'slow' } });
    expect(listed.runs.map((r) => [r.id, r.label])).toEqual([[id, 'try 2']]);
    expect(await failure(call('runs.delete', { ids: [active] }))).toMatchObject({ code: 'active' });
    expect(await call('runs.delete', { ids: [id] })).toEqual({ deleted: 1 });
    expect(events).toHaveLength(3);
    off();
  });

  it("keeps the import tag the workbench's: a run made here cannot take it, nor an import lose it", async () => {
    const made = store.createRun({ config: runConfig() });
    expect(await failure(call('runs.setTags', { id: made, tags: ['slow', 'imported'] }))).toMatchObject({ field: 'tags', message: expect.stringContaining("'imported' is the workbench's own tag") });
    const imported = store.createRun({ config: runConfig({ tags: ['imported'] }) });
    expect(await failure(call('runs.setTags', { id: imported, tags: [] }))).toMatchObject({ field: 'tags' });
    await call('runs.setTags', { id: imported, tags: ['imported', 'prod'] });
    expect([store.getRun(made)!.tags, store.getRun(imported)!.tags.sort()]).toEqual([[], ['imported', 'prod']]);
    // A run made here that got the tag by hand before it was reserved (an older history) may lose it:
    // what makes an import is what runs.import stored, not the tag.
    const db = new BetterSqlite3(join(data.dir, 'gmpw.db'));
    db.prepare("INSERT INTO tags (run_id, tag) VALUES (?, 'imported')").run(made);
    db.close();
    expect(store.getRun(made)!.tags).toEqual(['imported']);
    await call('runs.setTags', { id: made, tags: ['slow'] });
    expect(store.getRun(made)!.tags).toEqual(['slow']);
  });

  it('refuses a spelling of the import tag, control and bidi characters, and more tags than a run holds, on either kind of run', async () => {
    const made = store.createRun({ config: runConfig() });
    const imported = store.createRun({ config: runConfig({ tags: ['imported'] }) });
    for (const id of [made, imported]) {
      for (const [i, lookAlike] of [[1, 'Imported'], [1, ' imported '], [1, 'IMPORTED']] as const) {
        expect(await failure(call('runs.setTags', { id, tags: ['imported', lookAlike] }))).toMatchObject({ code: 'invalid', field: `tags.${i}`, message: expect.stringContaining("'imported' is the workbench's own tag") });
      }
      expect(await failure(call('runs.setTags', { id, tags: ['ok', 'a\u202Eb'] }))).toEqual({ code: 'invalid', field: 'tags.1', message: 'holds U+202E, a bidi control, which reorders the text around it: a tag is plain text' });
      expect(await failure(call('runs.setTags', { id, tags: ['tab\there'] }))).toEqual({ code: 'invalid', field: 'tags.0', message: 'holds U+0009, a control character: a tag is plain text' });
      expect(await failure(call('runs.setTags', { id, tags: Array.from({ length: 65 }, (_, n) => `t${n}`) }))).toEqual({ code: 'invalid', field: 'tags', message: 'at most 64 tags' });
    }
    expect([store.getRun(made)!.tags, store.getRun(imported)!.tags]).toEqual([[], ['imported']]);
  });

  it('lists the runs of one host, this machine being local', async () => {
    const experiment = store.createExperiment('two machines', { hosts: ['local', 'lab'] });
    const [here, there] = ['local', 'lab'].map((host) => store.createRun({ config: runConfig({ host }), experimentId: experiment, cell: `host=${host}` }));
    const hostsOf = async (host: string) => (await call('runs.list', { filter: { host, experimentId: experiment } })).runs.map((r) => [r.id, r.host]);
    expect(await hostsOf('lab')).toEqual([[there, 'lab']]);
    expect(await hostsOf('local')).toEqual([[here, 'local']]);
    expect(await hostsOf('elsewhere')).toEqual([]);
    // A run stored before hosts existed has no host in its config: it ran here.
    const older = store.createRun({ config: runConfig(), experimentId: experiment, cell: 'host=local' });
    const db = new BetterSqlite3(join(data.dir, 'gmpw.db'));
    try {
      db.prepare("UPDATE runs SET config = json_remove(config, '$.host') WHERE id = ?").run(older);
    } finally {
      db.close();
    }
    expect((await hostsOf('local')).map(([id]) => id).sort()).toEqual([here, older].sort());
  });

  it('lists the experiments of the listed runs', async () => {
    const experiment = store.createExperiment('sweep', { gomaxprocs: [1, 2] });
    const ids = [1, 2].map((g) => store.createRun({ config: runConfig({ gomaxprocs: g }), experimentId: experiment, cell: `GOMAXPROCS=${g}` }));
    const listed = await call('runs.list', { filter: { experimentId: experiment } });
    expect(listed.total).toBe(2);
    expect(listed.experiments).toEqual([expect.objectContaining({ id: experiment, label: 'sweep', runIds: ids })]);
  });
});
