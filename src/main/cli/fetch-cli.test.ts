// gmpw fetch as a user types it (bin/gmpw.mjs in a subprocess) against a real sshd on 127.0.0.1:
// runs whose fetch the host refused keep their files there, and fetching them later brings them,
// analysed, without changing what the runs' records say happened.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GMPW, gmpwIn } from '../../../test/support/gmpw';
import { liveProcessesMentioning, openTestCore, type TestCore } from '../../../test/support/run-core';
import { startSshd, sshdAvailable, type TestSshd } from '../../../test/support/sshd';
import type { RunPlanInput } from '../../shared/domain';
import { ERROR_BEFORE_FETCH } from '../../shared/kept-files';

/** Every file under `dir`, by its path there, with its content's hash: what a fetch could lose, change or leave. */
function filesUnder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[path.slice(dir.length + 1)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return files;
}

const PLAN: RunPlanInput = { target: { kind: 'scenario', id: 'chan-sync-pingpong' }, duration: '300ms', concurrency: [1], gomaxprocs: [1], capture: ['trace'] };

/**
 * Runs the host kept the files of: fetched once, refused twice, unreached, fetched twice at once,
 * after a fetch killed midway, and one whose record lost its exit status.
 */
const KEPT_RUNS = 5;

async function eventually(what: string, check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The landing folders of fetches in a run folder (remote/fetch-files.ts), which a fetch removes when it ends. */
const landings = (runDir: string): string[] => readdirSync(runDir).filter((name) => name.startsWith('.remote-files'));

describe.skipIf(!sshdAvailable())('gmpw fetch (needs OpenSSH: /usr/sbin/sshd and ssh)', () => {
  let sshd: TestSshd;
  let t: TestCore;
  let gmpw: ReturnType<typeof gmpwIn>;
  /** Two runs on the host whose fetch the host refused (their files kept there), and one run here. */
  let kept: string[];
  let local: string;
  const hostFiles = (id: string) => join(sshd.home, '.gmpw', 'runs', id, 'out');
  beforeAll(async () => {
    // The runs' own fetches fail as a host's command filter would (not ssh's 255: no retries); a
    // fetch's tar may be held there while a test holds the server.
    sshd = await startSshd({ refuse: { text: 'tar -cf', times: KEPT_RUNS, status: 1 }, hold: 'tar -cf' });
    t = await openTestCore({ dataDir: mkdtempSync(join(tmpdir(), 'gmpw-fetch-cli-')) });
    gmpw = gmpwIn(t.dataDir);
    await t.call('hosts.add', { name: 'keep', destination: sshd.destination, sshOptions: sshd.sshOptions });
    kept = [];
    for (let i = 0; i < KEPT_RUNS; i++) {
      const { ids, states } = await t.runPlan({ ...PLAN, hosts: ['keep'] });
      expect(states).toEqual(['failed']);
      kept.push(ids[0]!);
    }
    const here = await t.runPlan(PLAN);
    expect(here.states).toEqual(['succeeded']);
    local = here.ids[0]!;
  }, 240_000);
  afterAll(async () => {
    sshd?.stop();
    await t?.close();
  });

  it('brings a failed run\'s kept files, analysed; the run stays failed, its error as it was, and notes when they came', async () => {
    const id = kept[0]!;
    const before = (await t.call('runs.get', { id })).run;
    expect(before.error).toBe(`the run's files could not be fetched from host keep: session refused; its files are kept on host keep in ~/.gmpw/runs/${id}/out, until a run there finds them more than 1 day old`);
    expect(before.filesFetchedAt).toBeNull();
    const fetched = await gmpw('fetch', id);
    expect(fetched.stderr).toBe('');
    expect(fetched.stdout).toMatch(new RegExp(`^fetched the files of run ${id} from host keep \\(\\d+ files in its folder now\\) and analysed them; the run stays failed\\n$`));
    expect(fetched.code).toBe(0);
    const d = await t.call('runs.get', { id });
    expect([d.run.state, d.run.error, d.run.exitCode]).toEqual([before.state, before.error, before.exitCode]);
    expect(Date.parse(d.run.filesFetchedAt!)).toBeGreaterThan(Date.parse(before.endedAt!));
    for (const name of ['result.json', 'trace.out', 'analysis.json']) expect(d.artifacts.map((a) => a.name)).toContain(name);
    expect(d.run.opsPerSec).toBeGreaterThan(0);
    expect(d.schedLatency.exact?.p99).toBeGreaterThan(0);
    expect(existsSync(join(sshd.home, '.gmpw', 'runs', id))).toBe(false);
    const shown = (await gmpw('show', id)).stdout;
    expect(shown).toContain(`\nFiles        fetched later from host keep, at ${d.run.filesFetchedAt}\n`);
    // The error, kept as it was, says where the files were then: marked as the run's end, not now.
    expect(shown).toContain(`\nError        (${ERROR_BEFORE_FETCH}) ${d.run.error}\n`);
    // Once is all there is.
    const again = await gmpw('fetch', id);
    expect([again.code, again.stderr]).toEqual([2, `gmpw fetch: RUN_ID: the files of run ${id} were fetched already, at ${d.run.filesFetchedAt}\n`]);
  });

  it('notes the exit status the host recorded when the run\'s record could not say it (its session ended unseen)', async () => {
    const id = kept[4]!;
    // As a run whose session's end never came through records it: no exit status.
    const db = new BetterSqlite3(join(t.dataDir, 'gmpw.db'));
    try {
      db.prepare('UPDATE runs SET exit_code = NULL WHERE id = ?').run(id);
    } finally {
      db.close();
    }
    const fetched = await gmpw('fetch', id);
    expect([fetched.code, fetched.stderr]).toEqual([0, '']);
    expect(fetched.stdout).toContain("\nnote: the host recorded the target's end, which the run's record could not say: exit code 0\n");
    // The record stays as the run left it: the note says what the host knew, and is kept with it for
    // gmpw show and the Run page (it was printed once and lost).
    const { run } = await t.call('runs.get', { id });
    expect(run.exitCode).toBeNull();
    expect(run.filesFetchNotes).toEqual(["the host recorded the target's end, which the run's record could not say: exit code 0"]);
    expect((await gmpw('show', id)).stdout).toContain("\n  fetch met  the host recorded the target's end, which the run's record could not say: exit code 0\n");
  });

  // An unknown run id: cli-mistakes.test.ts, with every command that names a run.
  it('exits 2 for a run that ran here and a run whose host keeps nothing', async () => {
    const here = await gmpw('fetch', local);
    expect([here.code, here.stderr]).toEqual([2, `gmpw fetch: RUN_ID: run ${local} ran on this machine: no host keeps files of it\n`]);
    const id = kept[1]!;
    renameSync(hostFiles(id), `${hostFiles(id)}.away`);
    try {
      const none = await gmpw('fetch', id);
      expect([none.code, none.stderr]).toEqual([2, `gmpw fetch: RUN_ID: host keep keeps no files of run ${id} (its fetch brought them, or a later run there removed them after a day)\n`]);
    } finally {
      renameSync(`${hostFiles(id)}.away`, hostFiles(id));
    }
  });

  /**
   * Starts `first`, holds its tar on the host, then `second`, and waits until the second ended (or
   * was held there too, as when nothing stops it): the server is released after that, whatever
   * happened. Resolves with both outcomes and how many tars the host held meanwhile.
   */
  async function secondWhileFirstHeld<A, B>(first: () => Promise<A>, second: () => Promise<B>): Promise<{ first: A; second: B; held: number }> {
    const heldBefore = sshd.held();
    sshd.hold();
    try {
      const one = first();
      await eventually('the first fetch\'s tar held on the host', () => sshd.held() > heldBefore, 60_000);
      let secondDone = false;
      const two = second().finally(() => (secondDone = true));
      await eventually('the second fetch ended, or was held as well', () => secondDone || sshd.held() > heldBefore + 1, 60_000);
      const held = sshd.held() - heldBefore;
      sshd.release();
      return { first: await one, second: await two, held };
    } finally {
      sshd.release();
    }
  }

  it('two gmpw fetch of one run at once: the one that came first fetches, the other is refused at once, changing nothing; files and record whole', async () => {
    const id = kept[2]!;
    const runDir = join(t.dataDir, 'runs', id);
    const before = (await t.call('runs.get', { id })).run;
    const { first, second, held } = await secondWhileFirstHeld(() => gmpw('fetch', id), () => gmpw('fetch', id));
    // The second never got as far as the host: one tar, the first's, was asked for.
    expect(held).toBe(1);
    expect([second.code, second.stdout]).toEqual([1, '']);
    expect(second.stderr).toMatch(new RegExp(`^gmpw fetch: RUN_ID: a fetch of the files of run ${id} is already under way \\(by process \\d+\\): it alone fetches them, and this one changed nothing\n$`));
    expect([first.code, first.stderr]).toEqual([0, '']);
    expect(first.stdout).toMatch(new RegExp(`^fetched the files of run ${id} from host keep \\(\\d+ files in its folder now\\) and analysed them; the run stays failed\n$`));
    // Whole: the record says what ran and when the files came, every file is here and analysed, once.
    const d = await t.call('runs.get', { id });
    expect([d.run.state, d.run.error, d.run.exitCode]).toEqual([before.state, before.error, before.exitCode]);
    expect(d.run.filesFetchedAt).not.toBeNull();
    for (const name of ['result.json', 'trace.out', 'analysis.json']) expect(d.artifacts.map((a) => a.name)).toContain(name);
    expect(d.run.opsPerSec).toBeGreaterThan(0);
    expect(d.schedLatency.exact?.p99).toBeGreaterThan(0);
    expect(landings(runDir)).toEqual([]);
    expect(existsSync(join(sshd.home, '.gmpw', 'runs', id))).toBe(false);
    const again = await gmpw('fetch', id);
    expect([again.code, again.stderr]).toEqual([2, `gmpw fetch: RUN_ID: the files of run ${id} were fetched already, at ${d.run.filesFetchedAt}\n`]);
  });

  it('a gmpw fetch killed midway does not hold the run: the next fetch takes it over; two at once in one workbench (two windows), the second is refused', async () => {
    const id = kept[3]!;
    const runDir = join(t.dataDir, 'runs', id);
    const before = (await t.call('runs.get', { id })).run;
    // gmpw fetch killed, its ssh with it (their process group), while the host holds its tar.
    const heldBefore = sshd.held();
    sshd.hold();
    try {
      const killed = spawn(process.execPath, [GMPW, 'fetch', id, '--data-dir', t.dataDir], { detached: true, stdio: 'ignore' });
      const gone = new Promise((resolve) => killed.on('exit', resolve));
      await eventually('the killed fetch\'s tar held on the host', () => sshd.held() > heldBefore, 60_000);
      process.kill(-killed.pid!, 'SIGKILL');
      await gone;
    } finally {
      sshd.release();
    }
    // Killed midway, it left its landing folder and the run unfetched.
    expect(landings(runDir)).toHaveLength(1);
    expect((await t.call('runs.get', { id })).run.filesFetchedAt).toBeNull();

    const refusal = (err: unknown) => (err as { detail?: unknown }).detail ?? err;
    const { first, second, held } = await secondWhileFirstHeld(
      () => t.call('runs.fetchKept', { id }),
      () => t.call('runs.fetchKept', { id }).then(() => 'fetched as well', refusal),
    );
    expect(held).toBe(1);
    expect(second).toEqual({ message: `a fetch of the files of run ${id} is already under way (by this workbench): it alone fetches them, and this one changed nothing`, field: 'id', code: 'active' });
    expect(first).toMatchObject({ host: 'keep', state: 'failed', artifacts: expect.arrayContaining(['result.json', 'trace.out', 'analysis.json']) });
    const d = await t.call('runs.get', { id });
    expect([d.run.state, d.run.error, d.run.exitCode]).toEqual([before.state, before.error, before.exitCode]);
    expect(d.run.filesFetchedAt).toBe(first.fetchedAt);
    expect(d.schedLatency.exact?.p99).toBeGreaterThan(0);
    // The killed fetch's landing folder went with the fetch that took the run over.
    expect(landings(runDir)).toEqual([]);
    expect(existsSync(join(sshd.home, '.gmpw', 'runs', id))).toBe(false);
  });

  it('exits 1 when the host cannot be reached, saying which and why, and where its files stay; nothing is lost', async () => {
    const id = kept[1]!;
    const record = await t.call('runs.get', { id });
    const thereBefore = filesUnder(hostFiles(id));
    const hereBefore = filesUnder(join(t.dataDir, 'runs', id));
    expect(Object.keys(thereBefore)).toEqual(expect.arrayContaining(['result.json', 'trace.out']));
    // The server gone, its port on 127.0.0.1 has nothing listening.
    sshd.kill();
    const asked = Date.now();
    const unreached = await gmpw('fetch', id);
    console.log(`gmpw fetch of a host with nothing listening on its port ended in ${Date.now() - asked} ms`);
    expect([unreached.code, unreached.stdout]).toEqual([1, '']);
    expect(unreached.stderr).toBe(
      `gmpw fetch: host keep could not be reached (ssh: connect to host 127.0.0.1 port ${sshd.port}: Connection refused): nothing was fetched, and run ${id} is as it was; ` +
        `as its error says, its files are kept on host keep in ~/.gmpw/runs/${id}/out, until a run there finds them more than 1 day old\n`,
    );
    // Nothing lost: the record (its Fetch button with it), the run's folder here and the files there.
    expect(await t.call('runs.get', { id })).toEqual(record);
    expect(filesUnder(join(t.dataDir, 'runs', id))).toEqual(hereBefore);
    expect(filesUnder(hostFiles(id))).toEqual(thereBefore);
    expect(kept.flatMap((k) => liveProcessesMentioning(`.gmpw/runs/${k}`))).toEqual([]);
  });
});
