// SQL for listing the history: a RunFilter becomes a WHERE clause with bound parameters, a sort key
// becomes an ORDER BY that keeps empty values last in either direction and ties in creation order.
import type { RUN_SORT_KEYS, RunFilter } from '../../../shared/contract';
import { UserError } from '../errors';

/** A field of a run's stored config, or `fallback`; a config that is not JSON gives the fallback (one edited row must not stop the list). */
const configField = (path: string, fallback: string): string => `coalesce(CASE WHEN json_valid(config) THEN json_extract(config, '${path}') END, ${fallback})`;
/** The host a run went to, the Go release asked for, and its CPU limit. */
export const RUN_HOST = configField('$.host', "'local'");
export const RUN_GO = configField('$.goVersion', "'local'");
export const RUN_CPU_LIMIT = configField('$.cpuLimit', "'max'");

/**
 * A field of the run's stored result.json, of the JSON type given; null without one, or when the
 * file was not understood or refused as another run's (result_note), or is not JSON (an edited history).
 */
const resultField = (path: string, types: string): string =>
  `(SELECT CASE WHEN json_valid(json) AND json_type(json, '${path}') IN (${types}) THEN json_extract(json, '${path}') END
    FROM analyses WHERE run_id = runs.id AND kind = 'result' AND runs.result_note IS NULL)`;
/**
 * The Go that built what ran, and the CPU limit in force in cores (0: none) as the harness watched
 * it; null where result.json does not say (no readable cgroup, an older harness).
 */
export const RUN_GO_IN_FORCE = resultField('$.provenance.go_version', "'text'");
export const RUN_CPU_LIMIT_IN_FORCE = resultField('$.cpu_limit.in_force', "'integer', 'real'");

export type RunSortKey = (typeof RUN_SORT_KEYS)[number];
export interface RunSort {
  key: RunSortKey;
  dir: 'asc' | 'desc';
}

const SORT_COLUMNS: Record<RunSortKey, { column: string; nullable: boolean }> = {
  createdAt: { column: 'created_at', nullable: false },
  targetName: { column: 'target_name', nullable: false },
  gomaxprocs: { column: 'gomaxprocs', nullable: true },
  concurrency: { column: 'concurrency', nullable: false },
  state: { column: 'state', nullable: false },
  label: { column: 'label', nullable: false },
  opsPerSec: { column: 'ops_per_sec', nullable: true },
  schedP50: { column: 'sched_p50', nullable: true },
  schedP99: { column: 'sched_p99', nullable: true },
  gcPauseP99: { column: 'gc_pause_p99', nullable: true },
};

const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** How the list names a CPU limit: "cpu 0.5". */
const CPU_WORD = 'cpu ';

/**
 * Whether a search text can be part of "cpu 0.5": the CPU limit in force is read from each run's
 * result.json, which costs the search most of its time (13 → 70 ms over 10,000 runs); a text that
 * cannot name a limit ("timer") skips it. LIKE ignores ASCII case, so this does too.
 */
export function couldNameCpuLimit(text: string): boolean {
  const t = text.toLowerCase();
  for (let i = 0; i <= CPU_WORD.length; i++) {
    const rest = CPU_WORD.slice(i);
    if (rest.startsWith(t) || (t.startsWith(rest) && /^[0-9.]*$/.test(t.slice(rest.length)))) return true;
  }
  return false;
}

function isoInstant(value: string, field: string): string {
  const t = new Date(value);
  if (Number.isNaN(t.getTime())) throw new UserError(`not a date: ${value}`, field);
  return t.toISOString();
}

export function whereClause(filter: RunFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]): void => {
    parts.push(sql);
    params.push(...values);
  };
  if (filter.text) {
    // The Go release, CPU limit and host as the list shows them ("go1.24.x", "cpu 0.5", "on lab"),
    // only where they are not the defaults the list leaves out: a search finds what a row says,
    // what ran (go1.24.13, a scenario's own quota) as well as what was asked.
    let likes = 0;
    const like = (expr: string) => {
      likes++;
      return `${expr} LIKE ? ESCAPE '\\'`;
    };
    const terms = [
      like('id'), like('target_name'), like('label'), like('cell'),
      `(${RUN_GO} <> 'local' AND (${like(RUN_GO)} OR ${like(RUN_GO_IN_FORCE)}))`,
      ...(couldNameCpuLimit(filter.text)
        ? [`(${RUN_CPU_LIMIT} <> 'max' AND ${like(`('${CPU_WORD}' || ${RUN_CPU_LIMIT})`)})`, `(${RUN_CPU_LIMIT_IN_FORCE} > 0 AND ${like(`('${CPU_WORD}' || ${RUN_CPU_LIMIT_IN_FORCE})`)})`]
        : []),
      `(${RUN_HOST} <> 'local' AND ${like(`('on ' || ${RUN_HOST})`)})`,
      `id IN (SELECT run_id FROM tags WHERE ${like('tag')})`,
    ];
    add(`(${terms.join(' OR ')})`, ...Array<string>(likes).fill(likePattern(filter.text)));
  }
  if (filter.targetKind) add('target_kind = ?', filter.targetKind);
  if (filter.targetName) add('target_name = ?', filter.targetName);
  if (filter.state) add('state = ?', filter.state);
  if (filter.gomaxprocs !== undefined) {
    if (filter.gomaxprocs === 'default') add('gomaxprocs IS NULL');
    // A number is what ran: asked for, or the default that came to it (an import's, from its trace), as the row shows it.
    else add('(gomaxprocs = ? OR (gomaxprocs IS NULL AND gomaxprocs_in_force = ?))', filter.gomaxprocs, filter.gomaxprocs);
  }
  // The concurrency a run is shown with: none for a benchmark, an endpoint, an import or a scenario that ignored it.
  if (filter.concurrency !== undefined) add(`concurrency = ? AND concurrency_used = 1 AND target_kind IN ('scenario', 'program')`, filter.concurrency);
  // Uncorrelated IN subqueries: SQLite runs them once, not once per run row.
  if (filter.tag) add('id IN (SELECT run_id FROM tags WHERE tag = ?)', filter.tag);
  // Runs stored before hosts existed have none in their config: they ran here.
  if (filter.host) add(`${RUN_HOST} = ?`, filter.host);
  if (filter.experimentId) add('experiment_id = ?', filter.experimentId);
  if (filter.since) add('created_at >= ?', isoInstant(filter.since, 'filter.since'));
  if (filter.until) add('created_at < ?', isoInstant(filter.until, 'filter.until'));
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/**
 * ORDER BY key, then newest first among ties. Every part runs in the same direction and each sort
 * column has an index on (column, created_at, id) (migration 2), so a page is read off an index in
 * the common directions instead of sorting the whole table.
 */
export function orderClause(sort: RunSort): string {
  const { column, nullable } = SORT_COLUMNS[sort.key];
  const dir = sort.dir === 'asc' ? 'ASC' : 'DESC';
  if (column === 'created_at') return `ORDER BY created_at ${dir}, id ${dir}`;
  return `ORDER BY ${column} ${dir}${nullable ? ' NULLS LAST' : ''}, created_at ${dir}, id ${dir}`;
}
