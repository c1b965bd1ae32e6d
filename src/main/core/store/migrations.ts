// Numbered schema migrations. Migration N brings user_version from N-1 to N; each runs in its own
// transaction together with the user_version bump, so a crash leaves the database at a whole step.
// Never edit a released migration: append a new one.
import type { Database } from 'better-sqlite3';

export const MIGRATIONS: readonly string[] = [
  // 1: the history
  `
  CREATE TABLE experiments (
    id         TEXT PRIMARY KEY,
    label      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    plan       TEXT NOT NULL
  );

  CREATE TABLE runs (
    id            TEXT PRIMARY KEY,
    experiment_id TEXT REFERENCES experiments(id) ON DELETE SET NULL,
    cell          TEXT,
    state         TEXT NOT NULL,
    target_kind   TEXT NOT NULL,
    target_name   TEXT NOT NULL,
    gomaxprocs    INTEGER,            -- NULL: Go's default
    concurrency   INTEGER NOT NULL,
    duration      TEXT NOT NULL,
    label         TEXT NOT NULL DEFAULT '',
    config        TEXT NOT NULL,      -- RunConfig JSON
    created_at    TEXT NOT NULL,      -- ISO 8601 UTC, sorts as text
    started_at    TEXT,
    ended_at      TEXT,
    exit_code     INTEGER,
    error         TEXT,
    ops_per_sec   REAL,
    sched_p50     REAL,               -- seconds; exact (trace) when analysed, else sampled (runtime/metrics)
    sched_p99     REAL,
    gc_pause_p99  REAL,
    result_note   TEXT,               -- why result.json could not be read, when it could not
    analysis_note TEXT                -- why analysis is missing or partial
  );
  CREATE INDEX runs_created      ON runs(created_at, id);
  CREATE INDEX runs_experiment   ON runs(experiment_id, created_at);
  CREATE INDEX runs_target       ON runs(target_name, created_at);
  CREATE INDEX runs_state        ON runs(state, created_at);
  CREATE INDEX runs_gomaxprocs   ON runs(gomaxprocs, created_at);
  CREATE INDEX runs_concurrency  ON runs(concurrency, created_at);
  CREATE INDEX runs_ops          ON runs(ops_per_sec);
  CREATE INDEX runs_sched_p50    ON runs(sched_p50);
  CREATE INDEX runs_sched_p99    ON runs(sched_p99);
  CREATE INDEX runs_gc_pause_p99 ON runs(gc_pause_p99);

  CREATE TABLE artifacts (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name   TEXT NOT NULL,
    kind   TEXT NOT NULL,
    path   TEXT NOT NULL,             -- relative to the data directory
    size   INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (run_id, name)
  ) WITHOUT ROWID;

  CREATE TABLE metrics (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name   TEXT NOT NULL,
    value  REAL NOT NULL,
    PRIMARY KEY (run_id, name)
  ) WITHOUT ROWID;
  CREATE INDEX metrics_by_name ON metrics(name, value);

  CREATE TABLE series (
    run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
    ticks  INTEGER NOT NULL,
    data   BLOB NOT NULL              -- deflated JSON array of MetricsTick
  );

  CREATE TABLE analyses (
    run_id   TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,           -- 'result' (result.json) | 'analysis' (analysis.json)
    version  INTEGER NOT NULL,        -- the document's own schema number, kept even when unknown
    saved_at TEXT NOT NULL,
    json     TEXT NOT NULL,
    PRIMARY KEY (run_id, kind)
  ) WITHOUT ROWID;

  CREATE TABLE tags (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    tag    TEXT NOT NULL,
    PRIMARY KEY (run_id, tag)
  ) WITHOUT ROWID;
  CREATE INDEX tags_by_tag ON tags(tag, run_id);
  `,
  // 2: sort indexes that also cover the tie-break (created_at, id), so a sorted page is read off
  // the index instead of sorting every matching row (bench/store-list)
  `
  DROP INDEX runs_ops;
  DROP INDEX runs_sched_p50;
  DROP INDEX runs_sched_p99;
  DROP INDEX runs_gc_pause_p99;
  CREATE INDEX runs_ops          ON runs(ops_per_sec, created_at, id);
  CREATE INDEX runs_sched_p50    ON runs(sched_p50, created_at, id);
  CREATE INDEX runs_sched_p99    ON runs(sched_p99, created_at, id);
  CREATE INDEX runs_gc_pause_p99 ON runs(gc_pause_p99, created_at, id);
  CREATE INDEX runs_label        ON runs(label, created_at, id);
  `,
  // 3: remote hosts reached over ssh (docs/REMOTE.md)
  `
  CREATE TABLE hosts (
    name        TEXT PRIMARY KEY,
    destination TEXT NOT NULL,        -- what ssh takes as its destination
    ssh_options TEXT NOT NULL,        -- JSON array of extra ssh arguments
    created_at  TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // 4: the GOMAXPROCS that ran (result.json's gomaxprocs.in_force), which a scenario or the runtime
  // may have changed from the configured one; filled for stored runs from their result.json
  `
  ALTER TABLE runs ADD COLUMN gomaxprocs_in_force INTEGER;
  UPDATE runs SET gomaxprocs_in_force = (
    SELECT COALESCE(json_extract(json, '$.gomaxprocs.in_force'), json_extract(json, '$.gomaxprocs.configured'), json_extract(json, '$.provenance.gomaxprocs'))
    FROM analyses WHERE run_id = runs.id AND kind = 'result');
  `,
  // 5: a benchmark run's name says which part is the -bench regex ("pkg -bench ." was "pkg ."):
  // the stored name is the package part, a space and the regex, so the regex is swapped in place
  // (a row whose config is not JSON, an edited history, keeps its name: json_extract would fail the step)
  `
  UPDATE runs SET target_name = substr(target_name, 1, length(target_name) - length(bench)) || '-bench ' || bench
  FROM (SELECT id AS bench_id, json_extract(config, '$.target.bench') AS bench FROM runs WHERE target_kind = 'bench' AND json_valid(config))
  WHERE id = bench_id AND bench IS NOT NULL AND substr(target_name, length(target_name) - length(bench)) = ' ' || bench;
  `,
  // 6: an imported profile named like another kind (trace.pprof) is of kind profile, not that kind
  `
  UPDATE artifacts SET kind = 'profile'
  WHERE name IN ('log.pprof', 'result.pprof', 'metrics.pprof', 'analysis.pprof', 'trace.pprof', 'flight.pprof', 'file.pprof');
  `,
  // 7: whether the run used its concurrency (result.json's config.concurrency_used: a scenario may
  // ignore it). Stored runs of the bundled scenarios that always ignored it (their code did not
  // change when the catalog learned to say so) and imports (nothing ran) did not; their cell names
  // keep the concurrency= they were stored with
  `
  ALTER TABLE runs ADD COLUMN concurrency_used INTEGER NOT NULL DEFAULT 1;
  UPDATE runs SET concurrency_used = 0
  WHERE (target_kind = 'scenario' AND target_name IN ('chan-popular-fanin', 'deadlock-detection', 'goroutine-leak-growth', 'idle',
           'single-producer-fanout', 'wakeup-latency-slope', 'sched-metrics-selfcheck', 'pingpong-hog', 'pingpong-pairs-starvation'))
     OR id IN (SELECT run_id FROM tags WHERE tag = 'imported')
     OR id IN (SELECT run_id FROM analyses WHERE kind = 'result' AND json_valid(json) AND json_extract(json, '$.config.concurrency_used') = 0);
  `,
  // 8: when the target's process started. started_at is when the run left the queue, before its
  // build (a Go release fetched, the target compiled); stored runs did not say.
  `
  ALTER TABLE runs ADD COLUMN target_started_at TEXT;
  `,
  // 9: when the files a failed remote run left on its host were fetched later (gmpw fetch)
  `
  ALTER TABLE runs ADD COLUMN files_fetched_at TEXT;
  `,
  // 10: who is fetching them now ("<pid> <start time> <token>"; null when no fetch is under way):
  // one fetch of a run at a time, across every process on the history (runner/fetch-kept-run.ts)
  `
  ALTER TABLE runs ADD COLUMN files_fetch_claim TEXT;
  `,
  // 11: the run folders being made or removed (folder-claims.ts): a start sweeps only those a crash
  // left, never a folder the history did not make
  `
  CREATE TABLE folder_claims (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL
  );
  `,
  // 12: a profile derived from the trace beside a captured one of its name (trace-block.pprof) is
  // of that kind (block), as its analysis says; it was stored as a plain file
  `
  UPDATE artifacts SET kind = CASE
      WHEN substr(name, 7, length(name) - 12) IN ('log', 'result', 'metrics', 'analysis', 'trace', 'flight', 'file') THEN 'profile'
      ELSE substr(name, 7, length(name) - 12) END
  WHERE kind = 'file' AND name GLOB 'trace-?*.pprof' AND substr(name, 7, length(name) - 12) NOT GLOB '*[^a-z]*';
  `,
  // 13: what that later fetch met (the host's watchdog, the target's exit as the host recorded it,
  // files not kept), one line each: said once by gmpw fetch, and kept for every page since
  `
  ALTER TABLE runs ADD COLUMN files_fetch_notes TEXT;
  `,
  // 14: a trace cut short is marked for the lists (store/scalars.ts trace:partial), which read no
  // analysis; filled for runs stored before it from their analysis.json
  `
  INSERT OR IGNORE INTO metrics (run_id, name, value)
    SELECT run_id, 'trace:partial', 1 FROM analyses
    WHERE kind = 'analysis' AND json_valid(json) AND json_extract(json, '$.meta.partial') = 1;
  `,
];

/** Bring the database to the newest schema; returns the version it started from. */
export function migrate(db: Database, migrations: readonly string[] = MIGRATIONS): number {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > migrations.length) {
    throw new Error(`The history database has schema version ${from}, newer than this workbench knows (${migrations.length}). Update the workbench.`);
  }
  for (let version = from + 1; version <= migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version - 1]);
      db.pragma(`user_version = ${version}`);
    })();
  }
  return from;
}
