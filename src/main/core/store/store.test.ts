// The run history on a real SQLite file in a temporary directory.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TERMINAL_STATES, type RunSummary } from '../../../shared/domain';
import type { RunFilter } from '../../../shared/contract';
import { harnessResult, runConfig, tempDataDir, traceAnalysis } from '../../../../test/support/store-fixtures';
import { tmpfs } from '../../../../test/support/tmpfs';
import { MIGRATIONS, migrate } from './migrations';
import { couldNameCpuLimit } from './query';
import { RunOwnership } from '../runner/ownership';
import { IllegalTransition, Store } from './store';

let data: ReturnType<typeof tempDataDir>;
let store: Store;

beforeEach(() => {
  data = tempDataDir();
  store = Store.open(data.dir);
});
afterEach(() => {
  store.close();
  data.cleanup();
});

/**
 * Closes the store, edits its file as an older workbench left it (`edit`), takes it back to schema
 * version `from` (rewind), migrates it and opens it again.
 */
function migrateFrom(from: number, edit: (db: BetterSqlite3.Database) => unknown = () => undefined): void {
  store.close();
  const db = new BetterSqlite3(join(data.dir, 'gmpw.db'));
  edit(db);
  rewind(db, from);
  migrate(db);
  db.close();
  store = Store.open(data.dir);
}

/** Takes a history file back to schema version `to`, as a file written then: the columns later migrations add are dropped. */
function rewind(db: BetterSqlite3.Database, to: number): void {
  if (to < 13) db.exec('ALTER TABLE runs DROP COLUMN files_fetch_notes');
  if (to < 11) db.exec('DROP TABLE folder_claims');
  if (to < 10) db.exec('ALTER TABLE runs DROP COLUMN files_fetch_claim');
  if (to < 9) db.exec('ALTER TABLE runs DROP COLUMN files_fetched_at');
  if (to < 8) db.exec('ALTER TABLE runs DROP COLUMN target_started_at');
  if (to < 7) db.exec('ALTER TABLE runs DROP COLUMN concurrency_used');
  db.pragma(`user_version = ${to}`);
}

describe('migrations', () => {
  it('creates the schema from empty, and re-opening keeps the data without migrating again', () => {
    const id = store.createRun({ config: runConfig() });
    store.close();
    const raw = new BetterSqlite3(join(data.dir, 'gmpw.db'));
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    store = Store.open(data.dir);
    expect(store.getRun(id)?.state).toBe('queued');
  });

  it('runs each migration in a transaction: a failing step leaves the previous version whole', () => {
    const db = new BetterSqlite3(join(data.dir, 'other.db'));
    expect(() => migrate(db, [...MIGRATIONS, 'CREATE TABLE half_done (x); THIS IS NOT SQL'])).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'`).get()).toEqual({ n: 0 });
    db.close();
  });

  it('migration 4 fills the GOMAXPROCS that ran for runs stored before it, from their result.json', () => {
    const changed = store.createRun({ config: runConfig({ gomaxprocs: 2 }) });
    store.saveResult(changed, { ...harnessResult({ gomaxprocs: 2 }), gomaxprocs: { configured: 2, in_force: 1, changes: [{ t: 0.002, phase: 'measure', from: 2, to: 1 }], changes_dropped: 0 } });
    expect(store.getRun(changed)?.gomaxprocsInForce).toBe(1);
    const older = store.createRun({ config: runConfig({ gomaxprocs: 4 }) });
    store.saveResult(older, harnessResult({ gomaxprocs: 4 }));
    const pending = store.createRun({ config: runConfig() });
    migrateFrom(3, (db) => db.exec('UPDATE runs SET gomaxprocs_in_force = NULL; ALTER TABLE runs DROP COLUMN gomaxprocs_in_force'));
    expect([changed, older, pending].map((id) => store.getRun(id)?.gomaxprocsInForce)).toEqual([1, 4, null]);
  });

  it('migration 9 keeps when a run\'s kept files were fetched later; runs stored before it had none fetched', () => {
    const id = store.createRun({ config: runConfig() });
    migrateFrom(8);
    expect(store.getRun(id)?.filesFetchedAt).toBeNull();
    store.markFilesFetched(id, '2026-12-05T05:30:00.000Z');
    expect(store.getRun(id)?.filesFetchedAt).toBe('2026-12-05T05:30:00.000Z');
  });

  it('migration 14 marks the runs stored before it whose trace was cut short, from their analysis', () => {
    const cut = store.createRun({ config: runConfig() });
    store.saveAnalysis(cut, traceAnalysis([1e-6, 2e-6], true));
    const whole = store.createRun({ config: runConfig() });
    store.saveAnalysis(whole, traceAnalysis([1e-6, 2e-6]));
    migrateFrom(13, (db) => db.exec(`DELETE FROM metrics WHERE name = 'trace:partial'`));
    expect([cut, whole].map((id) => store.getRun(id)?.tracePartial)).toEqual([true, false]);
  });

  it('migration 13 keeps what a later fetch met, a line each; runs stored before it say nothing', () => {
    const id = store.createRun({ config: runConfig() });
    store.markFilesFetched(id, '2026-12-05T05:30:00.000Z');
    migrateFrom(12);
    expect(store.getRun(id)?.filesFetchNotes).toEqual([]);
    const notes = ["the host recorded the target's end, which the run's record could not say: exit code 0", 'a note\nof two lines'];
    store.markFilesFetched(id, '2026-12-05T05:31:00.000Z', notes);
    expect(store.getRun(id)?.filesFetchNotes).toEqual([notes[0], 'a note of two lines']);
  });

  it('migration 10: one claim on the fetch of a run\'s kept files at a time, across connections; a stale one taken over, and none once they are fetched', () => {
    const id = store.createRun({ config: runConfig() });
    migrateFrom(9);
    // A second connection to the same file, as another process on the history has.
    const other = Store.open(data.dir);
    try {
      expect(store.claimFilesFetch(id, 'a')).toBeNull();
      expect(other.claimFilesFetch(id, 'b')).toEqual({ claimedBy: 'a' });
      expect(store.claimFilesFetch(id, 'a2')).toEqual({ claimedBy: 'a' });
      // Taken over only from the claim judged stale, not from one that replaced it.
      expect(other.claimFilesFetch(id, 'b', 'x')).toEqual({ claimedBy: 'a' });
      expect(other.claimFilesFetch(id, 'b', 'a')).toBeNull();
      // A release ends only its own claim.
      store.releaseFilesFetch(id, 'a');
      expect(store.claimFilesFetch(id, 'a')).toEqual({ claimedBy: 'b' });
      other.markFilesFetched(id, '2026-12-05T05:30:00.000Z');
      other.releaseFilesFetch(id, 'b');
      expect(store.claimFilesFetch(id, 'a')).toEqual({ fetchedAt: '2026-12-05T05:30:00.000Z' });
    } finally {
      other.close();
    }
  });

  it('migration 8 keeps when targets start; runs stored before it do not say, and show no build time', () => {
    const id = store.createRun({ config: runConfig() });
    store.transition(id, 'building');
    store.transition(id, 'running');
    migrateFrom(7);
    expect(store.getRun(id)).toMatchObject({ startedAt: expect.any(String), targetStartedAt: null });
  });

  it('migration 7 marks runs stored before it that did not use their concurrency: by result.json, by a bundled scenario that ignores it, or an import', () => {
    const ignored = store.createRun({ config: runConfig() });
    const base = harnessResult({});
    store.saveResult(ignored, { ...base, config: { ...base.config, concurrency_used: false } });
    const used = store.createRun({ config: runConfig() });
    store.saveResult(used, { ...base, config: { ...base.config, concurrency_used: true } });
    const unsaid = store.createRun({ config: runConfig() });
    store.saveResult(unsaid, base);
    const pending = store.createRun({ config: runConfig() });
    // Stored before the harness said so: a bundled scenario that always ignored it, and an import.
    const hog = store.createRun({ config: runConfig({ target: { kind: 'scenario', id: 'pingpong-hog', params: {} } }) });
    store.saveResult(hog, { ...base, scenario: 'pingpong-hog' });
    const imported = store.createRun({ config: runConfig({ target: { kind: 'program', path: '/tmp/trace.out', args: [] }, tags: ['imported'] }) });
    const runs = [ignored, used, unsaid, pending, hog, imported];
    expect(runs.map((id) => store.getRun(id)?.concurrencyUsed)).toEqual([false, true, true, true, true, true]);
    migrateFrom(6);
    expect(runs.map((id) => store.getRun(id)?.concurrencyUsed)).toEqual([false, true, true, true, false, false]);
  });

  it('migration 5 names the -bench regex of benchmark runs stored before it', () => {
    const bench = store.createRun({ config: runConfig({ target: { kind: 'bench', pkg: '/home/me/mymod/pkg', bench: 'Spin' } }) });
    const scenario = store.createRun({ config: runConfig() });
    expect(store.getRun(bench)?.targetName).toBe('pkg -bench Spin');
    const scenarioName = store.getRun(scenario)?.targetName;
    const edited = store.createRun({ config: runConfig({ target: { kind: 'bench', pkg: '/p', bench: 'X' } }) });
    migrateFrom(4, (db) => {
      db.prepare(`UPDATE runs SET target_name = 'pkg Spin' WHERE id = ?`).run(bench);
      db.prepare(`UPDATE runs SET target_name = 'p X', config = '{not json' WHERE id = ?`).run(edited);
    });
    expect([bench, scenario, edited].map((id) => store.getRun(id)?.targetName)).toEqual(['pkg -bench Spin', scenarioName, 'p X']);
  });

  it('migration 6: an imported profile named trace.pprof is a profile, not a trace, before and after it', async () => {
    const id = store.createRun({ config: runConfig() });
    writeFileSync(join(store.runDir(id), 'trace.pprof'), 'x');
    writeFileSync(join(store.runDir(id), 'cpu.pprof'), 'x');
    expect((await store.registerFolder(id)).map((a) => [a.name, a.kind])).toEqual([['cpu.pprof', 'cpu'], ['trace.pprof', 'profile']]);
    migrateFrom(5, (db) => db.prepare(`UPDATE artifacts SET kind = 'trace' WHERE name = 'trace.pprof'`).run());
    expect(store.getStoredRun(id).artifacts.map((a) => [a.name, a.kind])).toEqual([['cpu.pprof', 'cpu'], ['trace.pprof', 'profile']]);
  });

  it('migration 12: a profile derived from the trace beside a captured one of its name is of its kind, not a plain file', async () => {
    const id = store.createRun({ config: runConfig() });
    for (const name of ['block.pprof', 'trace-block.pprof', 'trace-trace.pprof', 'trace-notes.txt']) writeFileSync(join(store.runDir(id), name), 'x');
    const kinds = [['block.pprof', 'block'], ['trace-block.pprof', 'block'], ['trace-notes.txt', 'file'], ['trace-trace.pprof', 'profile']];
    expect((await store.registerFolder(id)).map((a) => [a.name, a.kind])).toEqual(kinds);
    migrateFrom(11, (db) => db.prepare(`UPDATE artifacts SET kind = 'file' WHERE name GLOB 'trace-*'`).run());
    expect(store.getStoredRun(id).artifacts.map((a) => [a.name, a.kind])).toEqual(kinds);
  });

  it('lists a run whose stored config is not JSON, and names it when it is read (one edited row stopped the whole list)', () => {
    const good = store.createRun({ config: runConfig() });
    const edited = store.createRun({ config: runConfig() });
    const raw = new BetterSqlite3(join(data.dir, 'gmpw.db'));
    raw.prepare(`UPDATE runs SET config = '{not json' WHERE id = ?`).run(edited);
    raw.close();
    expect(store.listRuns().runs.map((r) => [r.id, r.host])).toEqual([[edited, 'local'], [good, 'local']]);
    expect(store.listRuns({ filter: { host: 'local' } }).total).toBe(2);
    expect(() => store.getStoredRun(edited)).toThrow(new RegExp(`^Run ${edited}: the history's configuration of this run was not written by the workbench \\(.*JSON.*\\); the database .* has been edited$`));
    const raw2 = new BetterSqlite3(join(data.dir, 'gmpw.db'));
    raw2.prepare(`UPDATE runs SET config = '{"target":{"kind":"nope"}}' WHERE id = ?`).run(edited);
    raw2.close();
    expect(() => store.getStoredRun(edited)).toThrow(/the history's configuration of this run was not written by the workbench \(/);
    expect(store.getStoredRun(good).config).toEqual(runConfig());
  });

  it('refuses a database from a newer workbench', () => {
    store.close();
    const raw = new BetterSqlite3(join(data.dir, 'gmpw.db'));
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => (store = Store.open(data.dir))).toThrow(/newer than this workbench/);
    store = Store.open(join(data.dir, 'fresh'));
  });
});

describe('life cycle', () => {
  it('reaches a terminal state exactly once; a second terminal transition throws', () => {
    const id = store.createRun({ config: runConfig() });
    expect(store.transition(id, 'running').startedAt).not.toBeNull();
    const done = store.transition(id, 'succeeded', { exitCode: 0 });
    expect(done.state).toBe('succeeded');
    expect(done.endedAt).not.toBeNull();
    for (const again of TERMINAL_STATES) {
      expect(() => store.transition(id, again)).toThrow(IllegalTransition);
    }
    expect(store.getRun(id)).toMatchObject({ state: 'succeeded', exitCode: 0 });
  });

  it('stamps when the run left the queue, and when its target started after the build', () => {
    const built = store.createRun({ config: runConfig() });
    const building = store.transition(built, 'building');
    expect(building.startedAt).not.toBeNull();
    expect(building.targetStartedAt).toBeNull();
    const running = store.transition(built, 'running');
    expect(running.startedAt).toBe(building.startedAt);
    expect(Date.parse(running.targetStartedAt!)).toBeGreaterThanOrEqual(Date.parse(running.startedAt!));
    expect(store.transition(built, 'analysing').targetStartedAt).toBe(running.targetStartedAt);
    // Nothing built first (an import): one moment.
    const direct = store.createRun({ config: runConfig() });
    const ran = store.transition(direct, 'running');
    expect(ran.targetStartedAt).toBe(ran.startedAt);
  });

  it('never goes back, and rejects unknown runs', () => {
    const id = store.createRun({ config: runConfig() });
    store.transition(id, 'running');
    expect(() => store.transition(id, 'building')).toThrow(/is running; it cannot become building/);
    expect(() => store.transition(id, 'queued')).toThrow(IllegalTransition);
    expect(() => store.transition('nope', 'running')).toThrow(/No run with id nope/);
  });

  it('turns runs left active into interrupted ones that keep their partial artifacts', async () => {
    const running = store.createRun({ config: runConfig() });
    const queued = store.createRun({ config: runConfig() });
    const finished = store.createRun({ config: runConfig() });
    store.transition(running, 'running');
    store.transition(finished, 'running');
    store.transition(finished, 'failed', { exitCode: 1 });
    writeFileSync(join(store.runDir(running), 'terminal.log'), 'half a run\n');
    writeFileSync(join(store.runDir(running), 'cpu.pprof'), Buffer.alloc(100, 1));
    // Its last sign of life: the newest file, a minute after it started (not the time it is found).
    const lastWrite = new Date(Math.ceil(Date.parse(store.getRun(running)!.startedAt!) / 1000 + 60) * 1000); // whole seconds: exact in every file system's mtime
    utimesSync(join(store.runDir(running), 'cpu.pprof'), lastWrite, lastWrite);
    store.close();

    store = Store.open(data.dir);
    expect((await store.recoverInterrupted()).sort()).toEqual([running, queued].sort());
    expect(store.getRun(running)).toMatchObject({
      state: 'interrupted',
      endedAt: lastWrite.toISOString(),
      error: `The workbench stopped while this run was running (its last sign of life: its newest file, written ${lastWrite.toISOString()}); files written until then are kept.`,
    });
    expect(store.getRun(queued)?.state).toBe('interrupted');
    expect(store.getRun(finished)?.state).toBe('failed');
    expect(store.artifacts(running).map((a) => [a.name, a.kind, a.size])).toEqual([
      ['cpu.pprof', 'cpu', 100],
      ['terminal.log', 'log', 11],
    ]);
    expect(await store.recoverInterrupted()).toEqual([]);
  });

  it('says of an interrupted remote run that what its target wrote on the host was not fetched', async () => {
    const remote = store.createRun({ config: runConfig({ host: 'lab' }) });
    store.transition(remote, 'running');
    // Queued, it had not run there: nothing on the host to speak of.
    const queued = store.createRun({ config: runConfig({ host: 'lab' }) });
    expect((await store.recoverInterrupted()).sort()).toEqual([remote, queued].sort());
    expect(store.getRun(remote)!.error).toMatch(/; files written here until then are kept; what its target wrote on host lab was not fetched\.$/);
    expect(store.getRun(queued)!.error).toBe('The workbench stopped while this run was queued; files written until then are kept.');
  });

  it('recovers a run only once when another process gets to it first', async () => {
    const id = store.createRun({ config: runConfig() });
    store.transition(id, 'running');
    const other = Store.open(data.dir);
    // The other process finishes the run between this one's look at the active runs and its update.
    const recovered = await store.recoverInterrupted((candidate) => {
      other.transition(candidate, 'succeeded', { exitCode: 0 });
      return true;
    });
    other.close();
    expect(recovered).toEqual([]);
    expect(store.getRun(id)).toMatchObject({ state: 'succeeded', exitCode: 0, error: null });
  });
});

describe('privacy on disk', () => {
  it('creates the data directory 0700 and the database files 0600: runs store environment values', () => {
    const root = join(data.dir, 'fresh');
    const fresh = Store.open(root);
    try {
      fresh.createRun({ config: runConfig({ env: { TOKEN: 'secret' } }) });
      const mode = (path: string) => statSync(path).mode & 0o777;
      expect(mode(root)).toBe(0o700);
      expect(['gmpw.db', 'gmpw.db-wal', 'gmpw.db-shm'].map((f) => mode(join(root, f)))).toEqual([0o600, 0o600, 0o600]);
    } finally {
      fresh.close();
    }
  });
});

describe('orphan folders', () => {
  it('removes what a crash left: run folders claimed and owned by no run, build folders of plans that ended; spares the young, the active and what the history never claimed', () => {
    const builds = join(data.dir, 'builds');
    const ended = store.createRun({ config: runConfig() });
    store.transition(ended, 'running');
    store.transition(ended, 'failed', { exitCode: 1 });
    const active = store.createRun({ config: runConfig() });
    store.transition(active, 'running');
    const hourAgo = new Date(Date.now() - 3600_000);
    const folder = (path: string, old: boolean) => {
      mkdirSync(path, { recursive: true });
      writeFileSync(join(path, 'x'), 'x');
      if (old) utimesSync(path, hourAgo, hourAgo);
      return path;
    };
    // What a crash leaves: a folder claimed, its row never written (or its row deleted, the folder not yet).
    const raw = new BetterSqlite3(join(data.dir, 'gmpw.db'));
    const claim = raw.prepare('INSERT INTO folder_claims (id, at) VALUES (?, ?)');
    claim.run('260101-000000-0old', hourAgo.toISOString());
    claim.run('260101-000000-0yng', new Date().toISOString());
    claim.run('260101-000000-gone', hourAgo.toISOString()); // its folder already removed
    raw.close();
    const removed = [folder(store.runDir('260101-000000-0old'), true), folder(join(builds, ended), true), folder(join(builds, 'gone-plan'), true)];
    const notes = join(data.dir, 'runs', 'README.txt');
    writeFileSync(notes, 'mine');
    utimesSync(notes, hourAgo, hourAgo);
    // Never claimed: another database's run folder (one restored, or made anew after a corrupt one was deleted), the user's own.
    const unclaimed = [folder(store.runDir('250101-000000-othr'), true), folder(join(data.dir, 'runs', 'my-notes'), true), notes];
    const kept = [...unclaimed, folder(store.runDir('260101-000000-0yng'), true), folder(join(builds, active), true), store.runDir(ended), store.runDir(active)];
    for (const id of [ended, active]) utimesSync(store.runDir(id), hourAgo, hourAgo);
    expect(store.sweepOrphanFolders(builds).sort()).toEqual([...removed].sort());
    expect(removed.filter(existsSync)).toEqual([]);
    expect(kept.filter(existsSync)).toEqual(kept);
    // The claims a sweep acted on are gone; the young one waits for its process.
    const left = new BetterSqlite3(join(data.dir, 'gmpw.db'), { readonly: true });
    expect((left.prepare('SELECT id FROM folder_claims ORDER BY id').all() as { id: string }[]).map((r) => r.id)).toEqual(['260101-000000-0yng']);
    left.close();
  });

  it('leaves no claim behind a run made or deleted whole', () => {
    const id = store.createRun({ config: runConfig() });
    store.transition(id, 'running');
    store.transition(id, 'failed', { exitCode: 1 });
    store.deleteRuns([id]);
    const raw = new BetterSqlite3(join(data.dir, 'gmpw.db'), { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM folder_claims WHERE id = ?').get(id)).toEqual({ n: 0 });
    raw.close();
    expect(existsSync(store.runDir(id))).toBe(false);
  });
});

describe('crafted rows', () => {
  it('a run id that is not one leads to no file: recovery marks it interrupted and opens nothing', async () => {
    // A history edited outside the workbench: an active run whose id climbs out of runs/ and active/.
    const victim = join(data.dir, 'victim');
    writeFileSync(victim, 'keep me');
    const real = store.createRun({ config: runConfig() });
    const crafted = '../victim';
    const raw = new BetterSqlite3(join(data.dir, 'gmpw.db'));
    raw.prepare(`INSERT INTO runs (id, state, target_kind, target_name, gomaxprocs, concurrency, duration, label, config, created_at)
                 SELECT ?, 'running', target_kind, target_name, gomaxprocs, concurrency, duration, label, config, created_at FROM runs WHERE id = ?`).run(crafted, real);
    raw.close();
    const owners = new RunOwnership(join(data.dir, 'active'));
    const asked: string[] = [];
    const recovered = await store.recoverInterrupted((id) => (asked.push(id), owners.isAbandoned(id)));
    expect(existsSync(victim)).toBe(true);
    expect(asked).toEqual([real]);
    expect(recovered.sort()).toEqual([crafted, real].sort());
    expect(store.getRun(crafted)).toMatchObject({ state: 'interrupted', error: expect.stringMatching(/not a run id/) });
    expect(() => store.runDir(crafted)).toThrow(/not a run id/);
  });
});

describe('documents', () => {
  it('keeps a result.json of an unknown schema and reports it instead of dropping it', () => {
    const id = store.createRun({ config: runConfig() });
    const future = { ...harnessResult(), schema: 2 };
    const checked = store.saveResult(id, future);
    expect(checked.problem).toMatch(/schema 2; this workbench reads schema 1/);
    const stored = store.getStoredRun(id);
    expect(stored.result?.version).toBe(2);
    expect(stored.result?.value).toBeNull();
    expect(stored.result?.problem).toMatch(/schema 2/);
  });

  it('fills the summary columns: sampled scheduler latency until an exact (trace) one is saved, and says which', () => {
    const id = store.createRun({ config: runConfig() });
    expect(store.getRun(id)!.schedSource).toBeNull();
    const result = harnessResult({ opsPerSec: 1234, schedSamples: [1e-6, 3e-6, 9e-6, 2e-5] });
    store.saveResult(id, result);
    const sampled = result.metrics['/sched/latencies:seconds'];
    expect(store.getRun(id)).toMatchObject({ opsPerSec: 1234, schedP50: sampled.p50, schedP99: sampled.p99, schedSource: 'sampled' });

    const analysis = traceAnalysis([5e-7, 7e-7, 3e-6, 8e-6, 4e-5], true);
    store.saveAnalysis(id, analysis);
    const run = store.getRun(id)!;
    expect([run.schedP50, run.schedP99]).toEqual([analysis.sched_latency.all.p50, analysis.sched_latency.all.p99]);
    expect(run.schedSource).toBe('exact');
    expect(store.listRuns().runs.find((r) => r.id === id)!.schedSource).toBe('exact');
    // An analysis that tells the program's goroutines' waits from the runtime's: the program's lead.
    const split = traceAnalysis([5e-7, 7e-7, 3e-6, 8e-6, 4e-5], true);
    const program = traceAnalysis([2e-3, 4e-3, 9e-3], true).sched_latency.all;
    store.saveAnalysis(id, { ...split, sched_latency: { ...split.sched_latency, program } });
    expect(store.getRun(id)).toMatchObject({ schedP50: program.p50, schedP99: program.p99, schedSource: 'exact' });
    expect(store.getStoredRun(id).analysisNote).toMatch(/cut short/);
  });

  it('lists each run with the machine it ran on, this machine for configs stored before hosts', () => {
    const remote = store.createRun({ config: runConfig({ host: 'lab' }) });
    const local = store.createRun({ config: runConfig() });
    const old = store.createRun({ config: runConfig() });
    // A config written by a workbench without hosts has no host field at all.
    const raw = new BetterSqlite3(join(data.dir, 'gmpw.db'));
    raw.prepare("UPDATE runs SET config = json_remove(config, '$.host') WHERE id = ?").run(old);
    raw.close();
    const hosts = new Map(store.listRuns().runs.map((r) => [r.id, r.host]));
    expect([hosts.get(remote), hosts.get(local), hosts.get(old)]).toEqual(['lab', 'local', 'local']);
    expect(store.getRun(remote)?.host).toBe('lab');
  });

  it('stores the metrics series compactly and gives it back unchanged', () => {
    const id = store.createRun({ config: runConfig() });
    const ticks = Array.from({ length: 200 }, (_, i) => ({
      t: i / 10, phase: 'measure' as const, ops: i * 100,
      gauges: { '/sched/goroutines:goroutines': 10 + (i % 7) }, hist: {},
    }));
    store.saveSeries(id, ticks);
    expect(store.getSeries(id)).toEqual(ticks);
    expect(store.getSeries(store.createRun({ config: runConfig() }))).toBeNull();
  });
});

describe('artifacts', () => {
  it('records size and sha256, as sha256sum computes them', async () => {
    const id = store.createRun({ config: runConfig() });
    const file = join(store.runDir(id), 'trace.out');
    writeFileSync(file, Buffer.from(Array.from({ length: 3_000_001 }, (_, i) => (i * 31) % 251)));
    const artifact = await store.addArtifact(id, 'trace.out', 'trace', file);
    expect(artifact.size).toBe(3_000_001);
    expect(artifact.sha256).toBe(execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0]);
    expect(artifact.path).toBe(`runs/${id}/trace.out`);
    expect(store.artifactPath(artifact)).toBe(file);
  });

  it('refuses files outside the data directory and names a missing file', async () => {
    const id = store.createRun({ config: runConfig() });
    await expect(store.addArtifact(id, 'x', 'file', '/etc/hostname')).rejects.toThrow(/outside the data directory/);
    await expect(store.addArtifact(id, 'gone.pprof', 'cpu', join(store.runDir(id), 'gone.pprof'))).rejects.toThrow(/gone\.pprof/);
  });

  it('takes nothing from a run folder its target replaced with a link to a folder elsewhere', async () => {
    const id = store.createRun({ config: runConfig() });
    const elsewhere = join(data.dir, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'precious'), 'not the run\'s');
    rmSync(store.runDir(id), { recursive: true });
    symlinkSync(elsewhere, store.runDir(id));
    expect(await store.registerFolder(id)).toEqual([]);
    expect(store.getStoredRun(id).artifacts).toEqual([]);
  });
});

describe('delete', () => {
  it('removes the rows and the folder, and refuses runs that are still active', async () => {
    const done = store.createRun({ config: runConfig({ tags: ['t'] }) });
    const active = store.createRun({ config: runConfig() });
    store.transition(done, 'running');
    store.transition(done, 'succeeded');
    store.transition(active, 'running');
    writeFileSync(join(store.runDir(done), 'cpu.pprof'), 'x');
    await store.registerFolder(done);
    store.saveResult(done, harnessResult());

    expect(() => store.deleteRuns([done, active])).toThrow(/Cannot delete .*running/);
    expect(store.getRun(done)).not.toBeNull();

    expect(store.deleteRuns([done])).toBe(1);
    expect(store.getRun(done)).toBeNull();
    expect(existsSync(store.runDir(done))).toBe(false);
    store.close();
    const raw = new BetterSqlite3(join(data.dir, 'gmpw.db'));
    for (const table of ['artifacts', 'analyses', 'metrics', 'tags']) {
      expect(raw.prepare(`SELECT count(*) AS n FROM ${table} WHERE run_id = ?`).get(done)).toEqual({ n: 0 });
    }
    raw.close();
    store = Store.open(data.dir);
  });
});

describe('listing', () => {
  const targets = ['chan-sync-pingpong', 'timer-storm', 'gc-assist-pressure'];
  let all: RunSummary[];
  // One history for every listing test (they only read it): 36 runs, made once.
  let listData: ReturnType<typeof tempDataDir>;
  let history: Store;

  beforeAll(() => {
    listData = tempDataDir();
    history = Store.open(listData.dir);
    const store = history;
    const experiment = store.createExperiment('grid', {});
    for (let i = 0; i < 36; i++) {
      const id = store.createRun({
        config: runConfig({
          target: { kind: i % 9 === 0 ? 'program' : 'scenario', ...(i % 9 === 0 ? { path: `/src/prog${i}` } : { id: targets[i % 3] }) } as never,
          gomaxprocs: i % 4 === 0 ? 'default' : (i % 4),
          concurrency: [1, 10, 100][i % 3],
          label: i % 5 === 0 ? `label 100% ${i}` : i === 7 ? 'max load' : '',
          tags: i % 2 ? ['odd'] : ['even', 'x_y'],
          goVersion: i % 8 === 1 ? 'go1.24.x' : 'local',
          cpuLimit: i % 5 === 2 ? 0.5 : 'max',
        }),
        experimentId: i < 12 ? experiment : null,
      });
      if (i % 6 !== 5) {
        store.transition(id, 'running');
        store.transition(id, i % 7 === 0 ? 'failed' : 'succeeded');
        if (i % 4 !== 3) store.saveResult(id, harnessResult({ opsPerSec: ((i * 7919) % 1000) + 1, schedSamples: [1e-6 * (1 + (i % 11))] }));
      }
    }
    all = store.listRuns({ limit: 1000 }).runs;
    expect(all).toHaveLength(36);
  });
  afterAll(() => {
    history.close();
    listData.cleanup();
  });

  const filters: [string, (r: RunSummary) => RunFilter, (f: RunFilter) => (r: RunSummary) => boolean][] = [
    ['text', () => ({ text: '100%' }), () => (r) => r.label.includes('100%')],
    ['text in tags', () => ({ text: 'x_y' }), () => (r) => r.tags.includes('x_y')],
    ['text in the Go release asked', () => ({ text: '1.24' }), () => (r) => r.goVersion === 'go1.24.x'],
    ['text in the CPU limit as listed', () => ({ text: 'cpu 0.5' }), () => (r) => r.cpuLimit === 0.5],
    ['text in the CPU limit, the word alone', () => ({ text: 'CPU' }), () => (r) => r.cpuLimit !== 'max' || r.label.toLowerCase().includes('cpu')],
    // Defaults the list does not show are not searched: "max" finds only the labels that say it (and
    // an id whose random part happens to spell it).
    ['text not in a default', () => ({ text: 'max' }), () => (r) => r.label.includes('max') || r.id.includes('max')],
    ['targetKind', () => ({ targetKind: 'program' }), () => (r) => r.targetKind === 'program'],
    ['targetName', () => ({ targetName: 'timer-storm' }), () => (r) => r.targetName === 'timer-storm'],
    ['state', () => ({ state: 'failed' }), () => (r) => r.state === 'failed'],
    ['gomaxprocs default', () => ({ gomaxprocs: 'default' }), () => (r) => r.gomaxprocs === 'default'],
    ['gomaxprocs n, asked or the default in force', () => ({ gomaxprocs: 2 }), () => (r) => r.gomaxprocs === 2 || (r.gomaxprocs === 'default' && r.gomaxprocsInForce === 2)],
    ['concurrency', () => ({ concurrency: 10 }), () => (r) => r.concurrency === 10],
    ['tag', () => ({ tag: 'odd' }), () => (r) => r.tags.includes('odd')],
    ['experimentId', (r) => ({ experimentId: r.experimentId! }), (f) => (r) => r.experimentId === f.experimentId],
    ['since', (r) => ({ since: r.createdAt }), (f) => (r) => r.createdAt >= f.since!],
    ['until', (r) => ({ until: r.createdAt }), (f) => (r) => r.createdAt < f.until!],
  ];

  it.each(filters)('filters by %s', (_name, make, expected) => {
    // The newest member of the experiment: created mid-way through the history.
    const filter = make(all.find((r) => r.experimentId)!);
    const want = all.filter(expected(filter)).map((r) => r.id);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(all.length);
    const got = history.listRuns({ filter, limit: 1000 });
    expect(got.total).toBe(want.length);
    expect(got.runs.map((r) => r.id).sort()).toEqual([...want].sort());
  });

  it('combines filters', () => {
    const got = history.listRuns({ filter: { tag: 'even', state: 'succeeded', concurrency: 100 }, limit: 1000 });
    const want = all.filter((r) => r.tags.includes('even') && r.state === 'succeeded' && r.concurrency === 100);
    expect(got.runs.map((r) => r.id).sort()).toEqual(want.map((r) => r.id).sort());
  });

  const sortKeys = ['createdAt', 'targetName', 'gomaxprocs', 'concurrency', 'state', 'label', 'opsPerSec', 'schedP50', 'schedP99', 'gcPauseP99'] as const;

  it.each(sortKeys.flatMap((key) => (['asc', 'desc'] as const).map((dir) => [key, dir] as const)))('sorts by %s %s with empty values last', (key, dir) => {
    const value = (r: RunSummary): string | number | null => (key === 'gomaxprocs' && r.gomaxprocs === 'default' ? null : (r[key] as string | number | null));
    const got = history.listRuns({ sort: { key, dir }, limit: 1000 }).runs.map(value);
    const present = got.filter((v) => v !== null);
    expect(got.slice(present.length).every((v) => v === null)).toBe(true);
    const ordered = [...present].sort((a, b) => (a! < b! ? -1 : a! > b! ? 1 : 0));
    expect(present).toEqual(dir === 'asc' ? ordered : ordered.reverse());
  });

  it('pages through the whole list without gaps or repeats, with the total of all matches', () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 40; offset += 7) {
      const page = history.listRuns({ sort: { key: 'opsPerSec', dir: 'desc' }, limit: 7, offset });
      expect(page.total).toBe(36);
      seen.push(...page.runs.map((r) => r.id));
    }
    expect(seen).toHaveLength(36);
    expect(new Set(seen).size).toBe(36);
  });

  it('lists experiments with all their runs, and edits tags and labels', () => {
    const member = all.find((r) => r.experimentId)!;
    const [experiment] = history.listExperiments([member.experimentId!]);
    expect(experiment.runIds).toHaveLength(12);
    expect(experiment.runIds).toContain(member.id);
    history.setTags(member.id, ['b', 'a', 'a']);
    history.setLabel(member.id, 'renamed');
    expect(history.getRun(member.id)).toMatchObject({ tags: ['a', 'b'], label: 'renamed' });
  });

  it('rejects a date that is not one, naming the field', () => {
    expect(() => history.listRuns({ filter: { since: 'yesterday-ish' } })).toThrow(expect.objectContaining({ field: 'filter.since', message: 'not a date: yesterday-ish' }));
  });
});

describe('a search text that can name a CPU limit', () => {
  // The CPU limit in force is read from every run's result.json: only a text that can be part of
  // "cpu 0.5" pays for it, with the same answer either way.
  it('is part of "cpu N" for some number, in any case', () => {
    expect(['cpu 0.5', 'CPU', 'pu 1', 'u 1.5', ' 2', '0.25', 'cp', 'cpu '].map(couldNameCpuLimit)).toEqual(Array(8).fill(true));
    expect(['timer', 'cpu x', 'cpu-bound', 'pu1', 'max', '1.24.x'].map(couldNameCpuLimit)).toEqual(Array(6).fill(false));
  });
});

describe('an unreadable history', () => {
  it('names the database file when it is a folder or no database, and says what to do', () => {
    const dir = join(data.dir, 'other');
    mkdirSync(join(dir, 'gmpw.db'), { recursive: true });
    expect(() => Store.open(dir)).toThrow(`Could not open the run history: ${join(dir, 'gmpw.db')} is a folder, not the history's database file. Move it aside to start a new history; the runs' folders beside it are kept.`);
    rmSync(join(dir, 'gmpw.db'), { recursive: true });
    writeFileSync(join(dir, 'gmpw.db'), Buffer.alloc(8192, 0x5a));
    expect(() => Store.open(dir)).toThrow(new RegExp(`^Could not open the run history: ${join(dir, 'gmpw.db').replace(/[.]/g, '\\.')} is not an SQLite database, or is damaged \\(file is not a database\\)\\. Move it aside`));
  });

  it('refuses an emptied or missing database beside run folders (SQLite would start a new history over them), and changes nothing', () => {
    const dir = join(data.dir, 'emptied');
    const store = Store.open(dir);
    const id = store.createRun({ config: runConfig() });
    store.close();
    for (const f of ['gmpw.db-wal', 'gmpw.db-shm']) rmSync(join(dir, f), { force: true });
    writeFileSync(join(dir, 'gmpw.db'), '');
    expect(() => Store.open(dir)).toThrow(`Could not open the run history: ${join(dir, 'gmpw.db')} is empty, while ${join(dir, 'runs')} holds 1 run folder: the file was emptied or cut (a failed copy?). Restore it from a backup; or move the runs folder aside to start a new history. Nothing was changed.`);
    expect(statSync(join(dir, 'gmpw.db')).size).toBe(0);
    expect(readdirSync(join(dir, 'runs'))).toEqual([id]);
    // Gone altogether: the same, and no new file is made.
    rmSync(join(dir, 'gmpw.db'));
    expect(() => Store.open(dir)).toThrow(`Could not open the run history: ${join(dir, 'gmpw.db')} is missing, while ${join(dir, 'runs')} holds 1 run folder: it was deleted, or the runs folder was copied without it. Restore it from a backup; or move the runs folder aside to start a new history. Nothing was changed.`);
    expect(existsSync(join(dir, 'gmpw.db'))).toBe(false);
    // A new data folder's empty file, with no run folder yet, is a history to begin.
    const fresh = join(data.dir, 'fresh');
    mkdirSync(fresh, { recursive: true });
    writeFileSync(join(fresh, 'gmpw.db'), '');
    Store.open(fresh).close();
  });
});

describe('storage failures', () => {
  // A real full and a real read-only file system need a tmpfs mount, which needs root.
  const mountPoint = join(process.env.TMPDIR ?? '/tmp', `gmpw-tmpfs-${process.pid}`);
  const mount = (): boolean => {
    try {
      mkdirSync(mountPoint, { recursive: true });
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  const unmount = (): void => {
    execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
    rmSync(mountPoint, { recursive: true, force: true });
  };
  const canMount = process.getuid?.() === 0 && mount();
  if (canMount) unmount();
  beforeEach(() => {
    if (canMount) mount();
  });
  afterEach(() => {
    if (canMount) unmount();
  });

  it.runIf(canMount)('a full disk is a clear error and loses nothing stored before', () => {
    const small = Store.open(join(mountPoint, 'data'));
    const kept = small.createRun({ config: runConfig({ label: 'kept' }) });
    small.saveResult(kept, harnessResult({ opsPerSec: 42 }));
    const victim = small.createRun({ config: runConfig() });
    const huge = { ...harnessResult(), padding: 'x'.repeat(4 << 20) };
    let error: unknown;
    try {
      small.saveResult(victim, huge);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'disk-full', message: expect.stringMatching(/is full.*Nothing stored before was lost/) });
    expect(small.getRun(kept)).toMatchObject({ label: 'kept', opsPerSec: 42 });
    expect(small.getStoredRun(victim).result).toBeNull();
    small.close();
    const reopened = Store.open(join(mountPoint, 'data'));
    expect(reopened.getStoredRun(kept).result?.value?.ops_per_s).toBe(42);
    reopened.close();
  });

  it.runIf(canMount)('a read-only data directory is a clear error', () => {
    const s = Store.open(join(mountPoint, 'data'));
    s.createRun({ config: runConfig() });
    s.close();
    execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
    expect(() => Store.open(join(mountPoint, 'data'))).toThrow(expect.objectContaining({ code: 'read-only', message: expect.stringMatching(/--data-dir/) }));
    execFileSync('mount', ['-o', 'remount,rw', mountPoint]);
    const again = Store.open(join(mountPoint, 'data'));
    expect(again.listRuns().total).toBe(1);
    again.close();
  });
});

describe('a full disk', () => {
  const { path: mount, mounted } = tmpfs('8m');

  /** Fills the disk under `dir` to its last byte. */
  const fill = (dir: string): void => {
    const fd = openSync(join(dir, 'filler'), 'w');
    const chunk = Buffer.alloc(64 << 10);
    try {
      for (;;) writeSync(fd, chunk);
    } catch {
      for (let n = 4096; n >= 1; n >>= 1) {
        try {
          for (;;) writeSync(fd, chunk.subarray(0, n));
        } catch {
          // the next smaller piece
        }
      }
    } finally {
      closeSync(fd);
    }
  };

  it.skipIf(!mounted)('keeps its reserve for the run\'s ending: a result or an analysis that does not fit fails, its files and its ending are still written (needs root to mount an 8 MB tmpfs)', async () => {
    const full = Store.open(join(mount, 'data'));
    try {
      const id = full.createRun({ config: runConfig() });
      full.transition(id, 'running');
      writeFileSync(join(full.runDir(id), 'terminal.log'), 'its output\n');
      fill(mount);
      expect(() => full.saveAnalysis(id, traceAnalysis(Array.from({ length: 20_000 }, (_, i) => i * 1e-6)))).toThrow(/disk holding .* is full/);
      expect(existsSync(full.paths.reserve), 'an analysis saved on the way spent the reserve').toBe(true);
      // Its files, registered as it ends, and its ending: both fit in the reserve.
      expect((await full.registerFolder(id, true)).map((a) => a.name)).toEqual(['terminal.log']);
      expect(full.transition(id, 'failed', { error: 'the disk is full' }).state).toBe('failed');
      expect(existsSync(full.paths.reserve)).toBe(false);
    } finally {
      full.close();
      rmSync(join(mount, 'filler'), { force: true });
      rmSync(join(mount, 'data'), { recursive: true, force: true });
    }
  });

  it.skipIf(!mounted)('deletes runs on a full disk, the one way left in the workbench to free space, with the reserve (needs root to mount an 8 MB tmpfs)', () => {
    const full = Store.open(join(mount, 'data'));
    try {
      const ids = [0, 1].map(() => full.createRun({ config: runConfig() }));
      for (const id of ids) {
        writeFileSync(join(full.runDir(id), 'trace.out'), Buffer.alloc(1 << 20));
        full.transition(id, 'running');
        full.transition(id, 'succeeded');
      }
      fill(mount);
      expect(full.deleteRuns([ids[0]!])).toBe(1);
      expect(existsSync(full.runDir(ids[0]!))).toBe(false);
      expect(full.listRuns().runs.map((r) => r.id)).toEqual([ids[1]]);
    } finally {
      full.close();
      rmSync(join(mount, 'filler'), { force: true });
      rmSync(join(mount, 'data'), { recursive: true, force: true });
    }
  });

  it.skipIf(!mounted)('opens the history on a disk with no byte left, with the reserve: its runs can be listed and deleted (needs root to mount an 8 MB tmpfs)', () => {
    const dir = join(mount, 'data');
    let store = Store.open(dir);
    const id = store.createRun({ config: runConfig() });
    store.transition(id, 'running');
    store.transition(id, 'succeeded');
    store.close(); // its last connection: SQLite removes the shared memory, which a new open must make again
    try {
      fill(mount);
      expect(existsSync(join(dir, 'gmpw.db-shm'))).toBe(false);
      store = Store.open(dir);
      expect(store.listRuns().runs.map((r) => r.id)).toEqual([id]);
      expect(existsSync(store.paths.reserve), 'given up to open').toBe(false);
      // Freed by the deletion (the filler gone meanwhile), the reserve is kept again at once.
      rmSync(join(mount, 'filler'), { force: true });
      expect(store.deleteRuns([id])).toBe(1);
      expect(existsSync(store.paths.reserve), 'kept again once there is room').toBe(true);
      store.close();
    } finally {
      rmSync(join(mount, 'filler'), { force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
