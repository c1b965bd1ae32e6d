// gmpw trend as a user runs it: a subprocess on a data directory holding a setup's stored runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gmpwIn, type CliResult } from '../../../test/support/gmpw';
import { storedRunAt, tempDataDir } from '../../../test/support/store-fixtures';
import BetterSqlite3 from 'better-sqlite3';
import { Store } from '../core/store';
import { DataPaths } from '../core/paths';

let data: ReturnType<typeof tempDataDir>;
let gmpw: (...args: string[]) => Promise<CliResult>;
let before: string[];
let after: string[];
let startedAt: Map<string, string | null>;

beforeAll(() => {
  data = tempDataDir();
  gmpw = gmpwIn(data.dir);
  const store = Store.open(data.dir);
  before = [1000, 1010, 990, 1005, 995].map((v) => storedRunAt(store, v, { gomaxprocs: 2 }));
  storedRunAt(store, 9000, { gomaxprocs: 1 });
  after = [1500, 1490, 1510, 1505, 1495].map((v) => storedRunAt(store, v, { gomaxprocs: 2 }, 'go1.26.1'));
  store.close();
  // A plan's runs are made together and run one after another: each starts minutes after it was made
  // here, so a column that showed the creation would not match.
  const db = new BetterSqlite3(new DataPaths(data.dir).database);
  const later = db.prepare("UPDATE runs SET started_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+' || ? || ' minutes') WHERE id = ? RETURNING started_at");
  startedAt = new Map([...before, ...after].map((id, i) => [id, (later.get(i + 1, id) as { started_at: string }).started_at]));
  db.close();
});
afterAll(() => data.cleanup());

describe('gmpw trend', () => {
  it("prints the setup's runs oldest first with what built them, then the latest 5 against the 5 before", async () => {
    const out = await gmpw('trend', before[0]!);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^Setup {3}chan-sync-pingpong · 2s · concurrency 8 · GOMAXPROCS 2\nRuns {4}10 runs of this setup, oldest first\n/);
    const rows = out.stdout.split('\n').filter((l) => /^\d{6}-/.test(l));
    expect(rows.map((l) => l.split(/\s+/)[0])).toEqual([...before, ...after]);
    // When each started, not when its plan was made: the runs of one plan run one after another.
    expect(out.stdout.split('\n').find((l) => l.startsWith('run '))).toMatch(/^run\s+started \(UTC\)\s+state/);
    expect(rows.map((l) => l.split(/\s+/).slice(1, 3).join('T'))).toEqual([...before, ...after].map((id) => startedAt.get(id)!.slice(0, 19)));
    expect(rows[0]).toMatch(/succeeded\s+go1\.26\.0\s+2\s+2\s+none\s+1,000 ops\/s/);
    expect(rows[9]).toMatch(/succeeded\s+go1\.26\.1\s+2\s+2\s+none\s+1,495 ops\/s/);
    expect(out.stdout).toMatch(/^ {2}Throughput\s+\+50\.00% \(p=0\.008 n=5\)\s+better$/m);
  });

  it('shows the metrics asked for, as --json names them, and refuses one no run measured', async () => {
    const out = await gmpw('trend', after[4]!, '--metric', 'gcPause.p99');
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout.split('\n').find((l) => l.startsWith('run '))).toMatch(/GC pause p99 \[1\]$/);
    // The verdicts are of the metrics asked for.
    expect(out.stdout.slice(out.stdout.indexOf('Latest 5'))).not.toContain('Throughput');
    for (const json of [[], ['--json']]) {
      const bad = await gmpw('trend', after[4]!, '--metric', 'gc.pause', ...json);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--metric: no run of this setup measured gc\.pause \(measured: opsPerSec, /);
    }
    expect(JSON.parse((await gmpw('trend', after[4]!, '--metric', 'opsPerSec', '--json')).stdout).metrics.map((m: { key: string }) => m.key)).toEqual(['opsPerSec']);
    expect((await gmpw('trend', after[4]!, '--limit', '3,50')).stderr).toContain('--limit: one whole number, not a list');
    const json = JSON.parse((await gmpw('trend', after[4]!, '--json', '--limit', '3')).stdout);
    expect(json.points.map((p: { id: string }) => p.id)).toEqual(after.slice(2));
    expect((await gmpw('trend', after[4]!, '--limit', '1')).code).toBe(2);
  });
});
