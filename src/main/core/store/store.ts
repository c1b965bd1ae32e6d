// The run history (docs/ARCHITECTURE.md §7): one SQLite file at <data>/gmpw.db plus one folder per run.
// Every write is a single transaction, so a failure (a full disk, a read-only directory) leaves
// what was stored before intact, and surfaces as an error that says what to do.
import { accessSync, chmodSync, closeSync, constants, existsSync, lstatSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { RUN_ID_PATTERN, type RunFilter } from '../../../shared/contract';
import {
  ACTIVE_STATES,
  RunConfig,
  isTerminal,
  type Artifact,
  type ExperimentSummary,
  type MetricsTick,
  type RunState,
  type RunSummary,
} from '../../../shared/domain';
import type { HarnessResult, TraceAnalysis } from '../../../shared/results';
import { IMPORTED_TAG, RESERVED_TAG_MESSAGE } from '../../../shared/imported-tag';
import { LOCAL_HOST } from '../../../shared/hosts';
import { UserError, issueMessage } from '../errors';
import { DataPaths } from '../paths';
import { artifactKind, artifactRowProblem, measureFile } from './artifacts';
import { diskFullError, guarded, storageError } from './errors';
import { FolderClaims } from './folder-claims';
import { HostTable } from './hosts';
import { checkAnalysis, checkRunResult, type Checked, type CheckedRunResult } from './files';
import { newId } from './ids';
import { migrate } from './migrations';
import { concurrencyUsedOf, SUMMARY_COLUMNS, targetName, toSummary, type RunRow } from './run-rows';
import { RUN_HOST, orderClause, whereClause, type RunSort } from './query';
import { SCHED_LATENCY, analysisMetrics, gcPauseHistogram, harnessGomaxprocs, resultMetrics } from './scalars';
import { statesLeadingTo } from './transitions';

/**
 * Space set aside for the writes that record how runs end, and for deleting runs. A target that
 * fills the disk (its terminal output, its profiles) would otherwise leave its run active for ever,
 * its ending unwritable, and the runs that would free the space undeletable; the reserve is given
 * up on the first such write that finds the disk full (not on an optional one, a result or an
 * analysis saved on the way, which would spend it before the ending comes) and made again at the
 * next start.
 */
const RESERVE_BYTES = 1 << 20;

function keepReserve(path: string): void {
  try {
    if (statSync(path, { throwIfNoEntry: false })?.size !== RESERVE_BYTES) writeFileSync(path, Buffer.alloc(RESERVE_BYTES), { mode: 0o600 });
  } catch {
    rmSync(path, { force: true }); // no room for it now: the next start tries again
  }
}

/** True when there was a reserve to give up. */
function releaseReserve(path: string): boolean {
  if (!existsSync(path)) return false;
  rmSync(path, { force: true });
  return true;
}

export interface StoreOptions {
  /** better-sqlite3's compiled addon for this runtime (Electron needs its own build; docs/DESKTOP.md §4). */
  nativeBinding?: string;
  /** How long a writer waits for another connection's lock before failing. */
  busyTimeoutMs?: number;
}

export interface NewRun {
  config: RunConfig;
  experimentId?: string | null;
  /** Position in the experiment grid, e.g. "GOMAXPROCS=2 concurrency=100 #3". */
  cell?: string | null;
  /** False when the target's catalog says it ignores the concurrency (its result.json says so again). */
  concurrencyUsed?: boolean;
}

export interface TransitionFields {
  exitCode?: number | null;
  error?: string | null;
  /** When a terminal state was reached, if known better than now (a run found interrupted). */
  endedAt?: string;
}

export type StoredArtifact = Omit<Artifact, 'openWith' | 'onDisk'>;

/** A run not yet ended, as recovery and the foreign-run follower look at it. */
export interface ActiveRun {
  id: string;
  state: RunState;
  host: string;
  startedAt: string | null;
  targetStartedAt: string | null;
}

/** Everything stored about one run, for the read side to shape into a RunDetail. */
export interface StoredRun {
  summary: RunSummary;
  config: RunConfig;
  /** null when no result.json was saved; otherwise the checked document (value null + problem when unreadable). */
  result: Checked<HarnessResult> | null;
  analysis: Checked<TraceAnalysis> | null;
  analysisNote: string | null;
  artifacts: StoredArtifact[];
}

export interface ListQuery {
  filter?: RunFilter;
  sort?: RunSort;
  limit?: number;
  offset?: number;
}

/** A transition the life cycle does not allow: a bug in the caller or a race, never ignored. */
export class IllegalTransition extends UserError {
  constructor(id: string, from: RunState, to: RunState) {
    super(`Run ${id} is ${from}; it cannot become ${to}`, null, 'illegal-transition');
    this.name = 'IllegalTransition';
  }
}

const ACTIVE_LIST = ACTIVE_STATES.map((s) => `'${s}'`).join(', ');

/** Whether a stored id is one the workbench makes: another (an edited database) names no folder or owner file to look at. */
const pathSafe = (id: string): boolean => RUN_ID_PATTERN.test(id);

/**
 * Runs `open` and names the history's database file when it is no database: replaced by a folder,
 * another file, or damaged (SQLite's "file is not a database" names none), and says what to do.
 */
function unreadableHistory<T>(database: string, open: () => T): T {
  try {
    return open();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const what = code === 'EISDIR' ? 'is a folder, not the history\'s database file' : code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' ? `is not an SQLite database, or is damaged (${(err as Error).message})` : null;
    if (!what) throw err;
    throw new UserError(`Could not open the run history: ${database} ${what}. Move it aside to start a new history; the runs' folders beside it are kept.`, null, 'cannot-open');
  }
}

/**
 * Refuses a history file emptied or gone beside the runs it listed (a truncated or half-copied
 * file, runs/ copied without it): SQLite opens an empty or missing file as a new database, and a
 * new, empty history would take its place with nothing said. An empty file whose write-ahead log
 * holds data is a history never checkpointed: fine.
 */
function refuseLostHistory(paths: DataPaths): void {
  const size = (file: string): number => (existsSync(file) ? statSync(file).size : -1);
  const database = size(paths.database);
  if (database > 0 || size(`${paths.database}-wal`) > 0) return;
  const runs = readdirSync(paths.runs).filter((name) => RUN_ID_PATTERN.test(name)).length;
  if (runs === 0) return;
  const what = database === 0 ? 'is empty' : 'is missing';
  const how = database === 0 ? 'the file was emptied or cut (a failed copy?)' : 'it was deleted, or the runs folder was copied without it';
  throw new UserError(
    `Could not open the run history: ${paths.database} ${what}, while ${paths.runs} holds ${runs} run ${runs === 1 ? 'folder' : 'folders'}: ${how}. Restore it from a backup; or move the runs folder aside to start a new history. Nothing was changed.`,
    null,
    'cannot-open',
  );
}

/** The history's database, in WAL mode, its tables brought up to date. */
function openDatabase(file: string, options: StoreOptions): Database {
  const db = new BetterSqlite3(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // WAL + NORMAL is durable across application crashes; only an OS crash may lose the last commit.
    db.pragma('synchronous = NORMAL');
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

export class Store {
  readonly paths: DataPaths;
  /** Remote hosts (docs/REMOTE.md). */
  readonly hosts: HostTable;
  private readonly claims: FolderClaims;

  private constructor(
    private readonly db: Database,
    paths: DataPaths,
  ) {
    this.paths = paths;
    this.hosts = new HostTable(db, paths.database);
    this.claims = new FolderClaims(db);
  }

  /** Open (creating when needed) the history in `dataDir` and bring its schema up to date. */
  static open(dataDir: string, options: StoreOptions = {}): Store {
    const paths = new DataPaths(dataDir);
    return guarded('open the run history', paths.root, () => {
      // Runs keep their environment values, which may hold credentials: the folders the workbench
      // creates are the user's alone, and so is the database (SQLite gives its -wal and -shm files
      // the database file's mode). A directory the user chose and made keeps its own mode.
      mkdirSync(paths.runs, { recursive: true, mode: 0o700 });
      // SQLite reports a read-only directory only as "unable to open database file": ask the OS first.
      accessSync(paths.root, constants.W_OK);
      refuseLostHistory(paths);
      return unreadableHistory(paths.database, () => {
        closeSync(openSync(paths.database, 'a', 0o600));
        chmodSync(paths.database, 0o600);
        try {
          keepReserve(paths.reserve);
          return new Store(openDatabase(paths.database, options), paths);
        } catch (err) {
          // A disk with no byte left: SQLite cannot make its shared memory. Opening the history is
          // how runs are deleted, the one way left to free space: the reserve is given up for it.
          if (!diskFullError(err, 'open the run history', paths.root) || !releaseReserve(paths.reserve)) throw err;
          return new Store(openDatabase(paths.database, options), paths);
        }
      });
    });
  }

  close(): void {
    this.db.close();
  }

  runDir(id: string): string {
    return this.paths.runDir(id);
  }

  /** Absolute path of a stored artifact. */
  artifactPath(artifact: Pick<StoredArtifact, 'path'>): string {
    return join(this.paths.root, artifact.path);
  }

  /**
   * Writes in one transaction; `useReserve`: a write the reserve is kept for, one that records how a
   * run ended, or deletes runs (on a full disk, the one way left to free space).
   */
  private write<T>(doing: string, fn: () => T, useReserve = false): T {
    const attempt = () => guarded(doing, this.paths.database, () => this.db.transaction(fn)());
    try {
      return attempt();
    } catch (err) {
      // A full disk: give up the reserve, so that how a run ended can still be recorded.
      if (!useReserve || !(err instanceof UserError && err.code === 'disk-full') || !releaseReserve(this.paths.reserve)) throw err;
      return attempt();
    }
  }

  // ---- experiments and runs ------------------------------------------------------------

  createExperiment(label: string, plan: unknown): string {
    // Ids made by two processes in the same second can collide (ids.ts): take another one.
    for (let attempt = 1; ; attempt++) {
      const id = newId();
      try {
        this.write('create an experiment', () => {
          this.db
            .prepare('INSERT INTO experiments (id, label, created_at, plan) VALUES (?, ?, ?, ?)')
            .run(id, label, new Date().toISOString(), JSON.stringify(plan));
        });
        return id;
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY' || attempt >= 8) throw err;
      }
    }
  }

  /**
   * A fresh id whose run folder this process created: the folder is the claim, atomic across
   * processes; the id is claimed in the history first (folder-claims.ts) until the run's row is written.
   */
  private claimRunFolder(): { id: string; dir: string } {
    for (let attempt = 1; ; attempt++) {
      const id = newId();
      const dir = this.runDir(id);
      this.write('claim a run folder', () => this.claims.claim([id]));
      try {
        mkdirSync(dir);
        return { id, dir };
      } catch (err) {
        this.releaseClaims([id]);
        if ((err as { code?: string }).code !== 'EEXIST' || attempt >= 8) throw storageError(err, `create the folder of run ${id}`, dir);
      }
    }
  }

  /** A new run in state queued, with its folder created; returns its id. */
  createRun(run: NewRun): string {
    const config = RunConfig.parse(run.config);
    const { id, dir } = this.claimRunFolder();
    try {
      this.write('create a run', () => {
        this.db
          .prepare(
            `INSERT INTO runs (id, experiment_id, cell, state, target_kind, target_name, gomaxprocs, concurrency, concurrency_used, duration, label, config, created_at)
             VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            id,
            run.experimentId ?? null,
            run.cell ?? null,
            config.target.kind,
            targetName(config.target),
            config.gomaxprocs === 'default' ? null : config.gomaxprocs,
            config.concurrency,
            run.concurrencyUsed === false ? 0 : 1,
            config.duration,
            config.label,
            JSON.stringify(config),
            new Date().toISOString(),
          );
        this.replaceTags(id, config.tags);
        this.claims.release([id]);
      });
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      this.releaseClaims([id]);
      throw err;
    }
    return id;
  }

  /**
   * Move a run along its life cycle. Entering building/running stamps startedAt, entering running
   * targetStartedAt, entering a terminal state stamps endedAt. Throws IllegalTransition when the move is not allowed, in particular a
   * second terminal transition: the check and the update are one statement, so two racing callers
   * cannot both succeed.
   */
  transition(id: string, to: RunState, fields: TransitionFields = {}): RunSummary {
    const from = statesLeadingTo(to);
    const now = new Date().toISOString();
    const starts = to === 'building' || to === 'running';
    const changed = this.write(`record that run ${id} is ${to}`, () => {
      if (from.length === 0) return 0;
      return this.db
        .prepare(
          `UPDATE runs SET state = ?,
             started_at = CASE WHEN ? AND started_at IS NULL THEN ? ELSE started_at END,
             target_started_at = CASE WHEN ? AND target_started_at IS NULL THEN ? ELSE target_started_at END,
             ended_at = CASE WHEN ? THEN ? ELSE ended_at END,
             exit_code = COALESCE(?, exit_code),
             error = COALESCE(?, error)
           WHERE id = ? AND state IN (${from.map(() => '?').join(', ')})`,
        )
        .run(to, starts ? 1 : 0, now, to === 'running' ? 1 : 0, now, isTerminal(to) ? 1 : 0, fields.endedAt ?? now, fields.exitCode ?? null, fields.error ?? null, id, ...from).changes;
    }, isTerminal(to));
    const run = this.requireRun(id);
    if (changed === 0) throw new IllegalTransition(id, run.state, to);
    return run;
  }

  // ---- documents -----------------------------------------------------------------------

  private saveDocument(id: string, kind: 'result' | 'analysis', version: number, raw: unknown): void {
    this.db
      .prepare(
        `INSERT INTO analyses (run_id, kind, version, saved_at, json) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (run_id, kind) DO UPDATE SET version = excluded.version, saved_at = excluded.saved_at, json = excluded.json`,
      )
      .run(id, kind, version, new Date().toISOString(), JSON.stringify(raw));
  }

  private replaceMetrics(id: string, traceDerived: boolean, metrics: Map<string, number>): void {
    this.db.prepare(`DELETE FROM metrics WHERE run_id = ? AND (name LIKE 'trace:%') = ?`).run(id, traceDerived ? 1 : 0);
    const insert = this.db.prepare('INSERT INTO metrics (run_id, name, value) VALUES (?, ?, ?)');
    for (const [name, value] of metrics) insert.run(id, name, value);
  }

  /** The summary's sched columns: exact (trace) quantiles when analysed, else the sampled runtime metric. */
  private refreshSchedColumns(id: string): void {
    const pick = (q: string): string =>
      `COALESCE((SELECT value FROM metrics WHERE run_id = @id AND name = 'trace:sched_latency.${q}'),
                (SELECT value FROM metrics WHERE run_id = @id AND name = '${SCHED_LATENCY}.${q}'))`;
    // Named, not numbered (?1): better-sqlite3 counts each ?1 as one more value to bind.
    this.db.prepare(`UPDATE runs SET sched_p50 = ${pick('p50')}, sched_p99 = ${pick('p99')} WHERE id = @id`).run({ id });
  }

  /**
   * Keep result.json's content (even when its schema is unknown: it is stored raw with its version)
   * and update the summary columns from it. Returns the check, whose `problem` says what was wrong.
   */
  saveResult(id: string, raw: unknown): CheckedRunResult {
    this.requireRun(id);
    const checked = checkRunResult(raw, this.runConfig(id));
    this.write(`save the result of run ${id}`, () => {
      this.saveDocument(id, 'result', checked.version, raw);
      const result = checked.value;
      this.db
        .prepare('UPDATE runs SET result_note = ?, ops_per_sec = ?, gc_pause_p99 = ?, gomaxprocs_in_force = ?, concurrency_used = COALESCE(?, concurrency_used) WHERE id = ?')
        .run(checked.problem, result?.ops_per_s ?? null, result ? (gcPauseHistogram(result)?.p99 ?? null) : null, result ? harnessGomaxprocs(result) : null, concurrencyUsedOf(result), id);
      this.replaceMetrics(id, false, result ? resultMetrics(result) : new Map());
      this.refreshSchedColumns(id);
    });
    return checked;
  }

  /**
   * Throughput measured outside result.json (a Go benchmark's ns/op, turned into ops/s by the
   * runner): the summary column and an ops_per_s metric row, as saveResult would set them.
   */
  /** The GOMAXPROCS a target without result.json reported (a benchmark's "-N"). */
  saveGomaxprocsInForce(id: string, gomaxprocs: number): void {
    this.requireRun(id);
    this.write(`save the GOMAXPROCS of run ${id}`, () => {
      this.db.prepare('UPDATE runs SET gomaxprocs_in_force = ? WHERE id = ?').run(gomaxprocs, id);
    });
  }

  saveThroughput(id: string, opsPerSec: number): void {
    this.requireRun(id);
    this.write(`save the throughput of run ${id}`, () => {
      this.db.prepare('UPDATE runs SET ops_per_sec = ? WHERE id = ?').run(opsPerSec, id);
      this.db.prepare('INSERT OR REPLACE INTO metrics (run_id, name, value) VALUES (?, ?, ?)').run(id, 'ops_per_s', opsPerSec);
    });
  }

  /**
   * Keep analysis.json's content, or with `raw` null only a note saying why there is none
   * (no trace captured, gmptrace failed …). A partial analysis gets a note by itself.
   */
  saveAnalysis(id: string, raw: unknown | null, note: string | null = null): Checked<TraceAnalysis> | null {
    this.requireRun(id);
    const checked = raw === null ? null : checkAnalysis(raw);
    const partial = checked?.value?.meta.partial
      ? 'The trace was cut short; the analysis covers it up to the last complete generation.'
      : null;
    this.write(`save the analysis of run ${id}`, () => {
      if (checked) this.saveDocument(id, 'analysis', checked.version, raw);
      this.db.prepare('UPDATE runs SET analysis_note = ? WHERE id = ?').run(note ?? checked?.problem ?? partial, id);
      this.replaceMetrics(id, true, checked?.value ? analysisMetrics(checked.value) : new Map());
      this.refreshSchedColumns(id);
      // A run without a result.json (an import, a crash) has no GOMAXPROCS in force but its trace's.
      const traced = checked?.value?.meta.gomaxprocs.at(-1)?.n;
      if (traced !== undefined) this.db.prepare('UPDATE runs SET gomaxprocs_in_force = COALESCE(gomaxprocs_in_force, ?) WHERE id = ?').run(traced, id);
    });
    return checked;
  }

  /** Adds sentences to the run's analysis note (what its files showed beside the figures); empty text adds nothing. */
  addAnalysisNote(id: string, text: string): void {
    if (!text) return;
    this.write(`note on the analysis of run ${id}`, () => {
      this.db.prepare("UPDATE runs SET analysis_note = CASE WHEN analysis_note IS NULL OR analysis_note = '' THEN ? ELSE analysis_note || ' ' || ? END WHERE id = ?").run(text, text, id);
    });
  }

  /** Replace the stored metrics.jsonl ticks of a run (kept deflated: ~10× smaller than the JSON). */
  saveSeries(id: string, ticks: MetricsTick[]): void {
    this.requireRun(id);
    const data = deflateSync(JSON.stringify(ticks));
    this.write(`save the metrics series of run ${id}`, () => {
      this.db
        .prepare('INSERT INTO series (run_id, ticks, data) VALUES (?, ?, ?) ON CONFLICT (run_id) DO UPDATE SET ticks = excluded.ticks, data = excluded.data')
        .run(id, ticks.length, data);
    });
  }

  /** The stored ticks, or null when none were saved. */
  getSeries(id: string): MetricsTick[] | null {
    const row = this.db.prepare('SELECT data FROM series WHERE run_id = ?').get(id) as { data: Buffer } | undefined;
    return row ? (JSON.parse(inflateSync(row.data).toString('utf8')) as MetricsTick[]) : null;
  }

  // ---- artifacts -----------------------------------------------------------------------

  /**
   * Register a file of the run (normally inside its folder), measuring its size and sha256.
   * `ending`: the run's files registered as it ends, part of recording its ending (the reserve).
   */
  async addArtifact(id: string, name: string, kind: string, absolutePath: string, ending = false): Promise<StoredArtifact> {
    const rel = relative(this.paths.root, absolutePath);
    if (!isAbsolute(absolutePath) || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
      throw new UserError(`Artifact ${absolutePath} is outside the data directory ${this.paths.root}`);
    }
    let measured: { size: number; sha256: string };
    try {
      measured = await measureFile(absolutePath);
    } catch (err) {
      throw storageError(err, `register artifact ${name} of run ${id}`, absolutePath);
    }
    const artifact: StoredArtifact = { name, kind, path: rel.split(sep).join('/'), ...measured };
    this.write(`register artifact ${name} of run ${id}`, () => {
      this.db
        .prepare(
          `INSERT INTO artifacts (run_id, name, kind, path, size, sha256) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (run_id, name) DO UPDATE SET kind = excluded.kind, path = excluded.path, size = excluded.size, sha256 = excluded.sha256`,
        )
        .run(id, artifact.name, artifact.kind, artifact.path, artifact.size, artifact.sha256);
    }, ending);
    return artifact;
  }

  /**
   * Register every file in the run's folder that is new or changed since it was registered;
   * `ending` as addArtifact's: a few rows, which the reserve holds beside the ending's own.
   */
  async registerFolder(id: string, ending = false): Promise<StoredArtifact[]> {
    const dir = this.runDir(id);
    const known = new Map(this.artifacts(id).map((a) => [a.name, a]));
    // The folder itself is never a link either: a target that put one in its place (it writes in the
    // folder, so it can) would make files from anywhere the run's artifacts, served as such.
    if (!lstatSync(dir, { throwIfNoEntry: false })?.isDirectory()) return [...known.values()]; // none, or not a folder: nothing of it is the run's
    const names = readdirSync(dir);
    for (const name of names.sort()) {
      const file = join(dir, name);
      // Regular files only: a link is not followed (a target's link to a file elsewhere is not its
      // output, and none is fetched from a host either), a FIFO would block the hashing.
      const info = lstatSync(file, { throwIfNoEntry: false });
      if (!info?.isFile() || known.get(name)?.size === info.size) continue;
      known.set(name, await this.addArtifact(id, name, artifactKind(name), file, ending));
    }
    return [...known.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * The run's artifacts, each row checked: the database is a plain file that another program or a
   * shared history may have edited, and a row names a file the read side opens and a kind and hash
   * that name cache files. Only rows the workbench could have written pass.
   */
  artifacts(id: string): StoredArtifact[] {
    const rows = this.db.prepare('SELECT name, kind, path, size, sha256 FROM artifacts WHERE run_id = ? ORDER BY name').all(id) as StoredArtifact[];
    for (const row of rows) {
      const problem = artifactRowProblem(id, row);
      if (problem) {
        throw new UserError(`Run ${id}: the history's row for artifact ${JSON.stringify(row.name)} was not written by the workbench (${problem}); the database ${this.paths.database} has been edited`, null, 'corrupt-history');
      }
    }
    return rows;
  }

  /**
   * On start-up: runs the last session left active become interrupted (exactly once, like any
   * terminal transition) and keep the files they wrote. Returns their ids.
   */
  /** The runs not yet in a terminal state, oldest first. */
  activeRuns(): ActiveRun[] {
    return this.db
      .prepare(`SELECT id, state, ${RUN_HOST} AS host, started_at AS startedAt, target_started_at AS targetStartedAt FROM runs WHERE state IN (${ACTIVE_LIST}) ORDER BY id`)
      .all() as ActiveRun[];
  }

  /** A number that changes whenever another connection (another process) commits to the history. */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  async recoverInterrupted(isAbandoned: (id: string) => boolean = () => true): Promise<string[]> {
    // Another live process (the app while a CLI starts, or the reverse) may own some active runs:
    // the caller says which are really abandoned.
    const active = this.activeRuns();
    const recovered: string[] = [];
    for (const { id, state, host, startedAt, targetStartedAt } of active.filter((r) => !pathSafe(r.id) || isAbandoned(r.id))) {
      // When it ended is not known: the newest file of its folder is its last sign of life (not now, when it is found).
      const lastSign = pathSafe(id) ? this.lastWriteIn(id, targetStartedAt ?? startedAt) : null;
      // Only a running target had written anything on its host; analysing comes after the fetch.
      const kept = host !== LOCAL_HOST && state === 'running' ? `files written here until then are kept; what its target wrote on host ${host} was not fetched` : 'files written until then are kept';
      const error = pathSafe(id)
        ? `The workbench stopped while this run was ${state}${lastSign ? ` (its last sign of life: its newest file, written ${lastSign})` : ''}; ${kept}.`
        : `The run was ${state} but ${JSON.stringify(id)} is not a run id (the history database has been edited); no files were looked at.`;
      try {
        this.transition(id, 'interrupted', { error, ...(lastSign ? { endedAt: lastSign } : {}) });
      } catch (err) {
        // Another process starting at the same moment recovered it first, or its owner just finished it.
        if (err instanceof IllegalTransition) continue;
        throw err;
      }
      if (pathSafe(id)) await this.registerFolder(id);
      recovered.push(id);
    }
    return recovered;
  }

  /** When the newest file in a run's folder was written, if after `since` (ISO time); null when none. */
  private lastWriteIn(id: string, since: string | null): string | null {
    const dir = this.paths.runDir(id);
    let newest = since ? Date.parse(since) : 0;
    let found = false;
    try {
      for (const name of readdirSync(dir)) {
        const st = lstatSync(join(dir, name));
        if (st.isFile() && st.mtimeMs > newest) [newest, found] = [st.mtimeMs, true];
      }
    } catch {
      return null;
    }
    return found ? new Date(newest).toISOString() : null;
  }

  /**
   * Removes the folders a crash left behind and returns their paths: run folders whose id the
   * history claimed and no run owns (the process died between creating one and writing its row, or
   * deleted a row and died before its folder; folder-claims.ts), and plan build folders (named by
   * experiment or first run) whose runs have all ended. A folder the history never claimed is left
   * alone. Claims and build folders younger than `graceMs` are spared: another process sharing the
   * data directory may be between creating one and writing its row.
   */
  sweepOrphanFolders(buildsDir: string, graceMs = 10 * 60_000): string[] {
    const before = new Date(Date.now() - graceMs);
    const stale = (path: string) => (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) < before.getTime();
    const entries = (dir: string) => (statSync(dir, { throwIfNoEntry: false })?.isDirectory() ? readdirSync(dir) : []);
    const planActive = this.db.prepare(`SELECT 1 FROM runs WHERE (id = @plan OR experiment_id = @plan) AND state IN (${ACTIVE_LIST})`);
    // An id that is not one names no folder of runs/ (a claim written outside the workbench).
    const abandoned = this.claims.abandoned(before).filter(pathSafe);
    const runFolders = abandoned.map((id) => this.runDir(id)).filter((path) => existsSync(path));
    const buildFolders = entries(buildsDir).filter((plan) => !planActive.get({ plan })).map((plan) => join(buildsDir, plan)).filter(stale);
    for (const path of [...runFolders, ...buildFolders]) rmSync(path, { recursive: true, force: true });
    if (abandoned.length > 0) this.releaseClaims(abandoned);
    return [...runFolders, ...buildFolders];
  }

  /**
   * Releases claims whose step is whole, if the history can be written now: a claim left (a busy
   * or full database) only has its folder, already made or gone, looked at again by a later sweep.
   */
  private releaseClaims(ids: readonly string[]): void {
    try {
      this.write('release run folders', () => this.claims.release(ids));
    } catch {
      // Swept again later.
    }
  }

  // ---- reading -------------------------------------------------------------------------

  getRun(id: string): RunSummary | null {
    const row = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE id = ?`).get(id) as RunRow | undefined;
    return row ? toSummary(row) : null;
  }

  /** The run, or a UserError "not found" naming it. */
  requireRun(id: string): RunSummary {
    const run = this.getRun(id);
    if (!run) throw new UserError(`No run with id ${id}`, 'id', 'not-found');
    return run;
  }

  getStoredRun(id: string): StoredRun {
    const summary = this.requireRun(id);
    const row = this.db.prepare('SELECT config, analysis_note FROM runs WHERE id = ?').get(id) as {
      config: string;
      analysis_note: string | null;
    };
    const docs = this.db.prepare('SELECT kind, json FROM analyses WHERE run_id = ?').all(id) as { kind: string; json: string }[];
    const doc = (kind: string): unknown => {
      const found = docs.find((d) => d.kind === kind);
      return found ? this.storedJson(id, `${kind} document`, found.json) : undefined;
    };
    const result = doc('result');
    const analysis = doc('analysis');
    const config = this.parsedConfig(id, row.config);
    return {
      summary,
      config,
      result: result === undefined ? null : checkRunResult(result, config),
      analysis: analysis === undefined ? null : checkAnalysis(analysis),
      analysisNote: row.analysis_note,
      artifacts: this.artifacts(id),
    };
  }

  private runConfig(id: string): RunConfig {
    const row = this.db.prepare('SELECT config FROM runs WHERE id = ?').get(id) as { config: string };
    return this.parsedConfig(id, row.config);
  }

  /** What a run was configured with, without reading its documents: a trend looks through a thousand runs for the few of one setup. */
  getRunConfig(id: string): RunConfig {
    this.requireRun(id);
    return this.runConfig(id);
  }

  /** A run's stored configuration; one that does not parse is an edited history, named so. */
  private parsedConfig(id: string, text: string): RunConfig {
    const config = RunConfig.safeParse(this.storedJson(id, 'configuration', text));
    if (!config.success) throw this.editedRow(id, 'configuration', issueMessage(config.error.issues[0]!));
    return config.data;
  }

  /** A JSON column of a run's row, parsed; text that is not JSON is an edited history, named so. */
  private storedJson(id: string, what: string, text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw this.editedRow(id, what, (err as Error).message);
    }
  }

  private editedRow(id: string, what: string, problem: string): UserError {
    return new UserError(`Run ${id}: the history's ${what} of this run was not written by the workbench (${problem}); the database ${this.paths.database} has been edited`, null, 'corrupt-history');
  }

  listRuns(query: ListQuery = {}): { runs: RunSummary[]; total: number } {
    const where = whereClause(query.filter ?? {});
    const order = orderClause(query.sort ?? { key: 'createdAt', dir: 'desc' });
    const total = (this.db.prepare(`SELECT count(*) AS n FROM runs ${where.sql}`).get(...where.params) as { n: number }).n;
    // Two steps: sorting only ids keeps the sorter small, and the summary columns (with the tags
    // subquery) are computed for the page alone, not for every matching row (bench/store-list).
    const ids = this.db
      .prepare(`SELECT id FROM runs ${where.sql} ${order} LIMIT ? OFFSET ?`)
      .pluck()
      .all(...where.params, query.limit ?? 500, query.offset ?? 0) as string[];
    const rows = this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as RunRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { runs: ids.map((id) => toSummary(byId.get(id)!)), total };
  }

  /** The experiments with these ids, each with all of its run ids in creation order. */
  listExperiments(ids: readonly string[]): ExperimentSummary[] {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT e.id, e.label, e.created_at,
           (SELECT json_group_array(id) FROM (SELECT id FROM runs WHERE experiment_id = e.id ORDER BY created_at, id)) AS run_ids
         FROM experiments e WHERE e.id IN (SELECT value FROM json_each(?)) ORDER BY e.created_at DESC`,
      )
      .all(JSON.stringify([...new Set(ids)])) as { id: string; label: string; created_at: string; run_ids: string }[];
    return rows.map((r) => ({ id: r.id, label: r.label, createdAt: r.created_at, runIds: JSON.parse(r.run_ids) as string[] }));
  }

  // ---- editing -------------------------------------------------------------------------

  /**
   * Delete finished runs: their rows (artifacts, metrics, series, analyses and tags cascade) and
   * their folders. Refuses, deleting nothing, when any of them is still active.
   */
  deleteRuns(ids: readonly string[]): number {
    const unique = [...new Set(ids)];
    const runs = unique.map((id) => this.requireRun(id));
    const active = runs.filter((r) => !isTerminal(r.state));
    if (active.length > 0) {
      throw new UserError(`Cannot delete ${active.map((r) => `${r.id} (${r.state})`).join(', ')}: cancel or wait for it first`, 'ids', 'active');
    }
    const deleted = this.write('delete runs', () => {
      const del = this.db.prepare('DELETE FROM runs WHERE id = ?');
      const n = unique.reduce((sum, id) => sum + del.run(id).changes, 0);
      this.db.prepare('DELETE FROM experiments WHERE NOT EXISTS (SELECT 1 FROM runs WHERE experiment_id = experiments.id)').run();
      this.claims.claim(unique); // a folder a crash leaves is swept at the next start
      return n;
    }, true);
    // Rows first: a folder left behind by a failed removal is harmless, a row without its folder is not.
    for (const id of unique) rmSync(this.runDir(id), { recursive: true, force: true });
    this.releaseClaims(unique);
    // The space freed may hold the reserve again, given up on a full disk: not only at the next start.
    keepReserve(this.paths.reserve);
    return deleted;
  }

  private replaceTags(id: string, tags: readonly string[]): void {
    this.db.prepare('DELETE FROM tags WHERE run_id = ?').run(id);
    const insert = this.db.prepare('INSERT OR IGNORE INTO tags (run_id, tag) VALUES (?, ?)');
    for (const tag of tags) insert.run(id, tag);
  }

  setTags(id: string, tags: readonly string[]): void {
    this.requireRun(id);
    // An import is one by what runs.import stored once; a run made here that got the tag before it
    // was reserved may still lose it.
    const imported = this.runConfig(id).tags.includes(IMPORTED_TAG);
    if (tags.includes(IMPORTED_TAG) ? !imported : imported) throw new UserError(RESERVED_TAG_MESSAGE, 'tags');
    this.write(`tag run ${id}`, () => this.replaceTags(id, tags));
  }

  setLabel(id: string, label: string): void {
    this.requireRun(id);
    this.write(`label run ${id}`, () => {
      this.db.prepare('UPDATE runs SET label = ? WHERE id = ?').run(label, id);
    });
  }

  /**
   * Claims the fetch of the files run `id`'s host kept for `claim` (the fetcher's own string), in
   * one conditional UPDATE, so that of two fetchers, in this process or two, exactly one gets it:
   * only while the files were not fetched and no claim stands, or the one standing is `stale` (its
   * fetcher gone, as the caller judged). Null once claimed; else what stood in the way.
   */
  claimFilesFetch(id: string, claim: string, stale: string | null = null): { fetchedAt: string } | { claimedBy: string } | null {
    this.requireRun(id);
    return this.write(`claim the fetch of the files of run ${id}`, () => {
      const taken = this.db
        .prepare('UPDATE runs SET files_fetch_claim = ? WHERE id = ? AND files_fetched_at IS NULL AND (files_fetch_claim IS NULL OR files_fetch_claim = ?)')
        .run(claim, id, stale);
      if (taken.changes === 1) return null;
      const row = this.db.prepare('SELECT files_fetched_at, files_fetch_claim FROM runs WHERE id = ?').get(id) as { files_fetched_at: string | null; files_fetch_claim: string | null } | undefined;
      if (row?.files_fetched_at) return { fetchedAt: row.files_fetched_at };
      // A run deleted meanwhile has no row: its claim is as good as anyone's, and nothing will come of it.
      return { claimedBy: row?.files_fetch_claim ?? '' };
    });
  }

  /** Ends `claim` on the fetch of run `id`'s kept files (claimFilesFetch), if it still stands. */
  releaseFilesFetch(id: string, claim: string): void {
    this.write(`end the fetch of the files of run ${id}`, () => {
      this.db.prepare('UPDATE runs SET files_fetch_claim = NULL WHERE id = ? AND files_fetch_claim = ?').run(id, claim);
    });
  }

  /** Notes that the files a finished remote run left on its host are here now; its state stays. */
  /** `notes`: what the fetch met, kept a line each (a note's own line breaks become spaces). */
  markFilesFetched(id: string, at: string, notes: readonly string[] = []): void {
    this.requireRun(id);
    const text = notes.map((n) => n.replace(/\s*\n\s*/g, ' ')).join('\n') || null;
    this.write(`note that the files of run ${id} were fetched`, () => {
      this.db.prepare('UPDATE runs SET files_fetched_at = ?, files_fetch_notes = ? WHERE id = ?').run(at, text, id);
    });
  }
}
