// gmpw fetch as a user types it (bin/gmpw.mjs in a subprocess) against a real sshd on 127.0.0.1:
// runs whose fetch the host refused keep their files there, and fetching them later brings them,
// analysed, without changing what the runs' records say happened.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gmpwIn } from '../../../test/support/gmpw';
import { liveProcessesMentioning, openTestCore, type TestCore } from '../../../test/support/run-core';
import { startSshd, sshdAvailable, type TestSshd } from '../../../test/support/sshd';
import type { RunPlanInput } from '../../shared/domain';

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

describe.skipIf(!sshdAvailable())('gmpw fetch (needs OpenSSH: /usr/sbin/sshd and ssh)', () => {
  let sshd: TestSshd;
  let t: TestCore;
  let gmpw: ReturnType<typeof gmpwIn>;
  /** Two runs on the host whose fetch the host refused (their files kept there), and one run here. */
  let kept: string[];
  let local: string;
  const hostFiles = (id: string) => join(sshd.home, '.gmpw', 'runs', id, 'out');
  beforeAll(async () => {
    // The first two fetches fail as a host's command filter would (not ssh's 255: no retries).
    sshd = await startSshd({ refuse: { text: 'tar -cf', times: 2, status: 1 } });
    t = await openTestCore({ dataDir: mkdtempSync(join(tmpdir(), 'gmpw-fetch-cli-')) });
    gmpw = gmpwIn(t.dataDir);
    await t.call('hosts.add', { name: 'keep', destination: sshd.destination, sshOptions: sshd.sshOptions });
    kept = [];
    for (let i = 0; i < 2; i++) {
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
    expect((await gmpw('show', id)).stdout).toContain(`\nFiles        fetched later from host keep, at ${d.run.filesFetchedAt}\n`);
    // Once is all there is.
    const again = await gmpw('fetch', id);
    expect([again.code, again.stderr]).toEqual([2, `gmpw fetch: RUN_ID: the files of run ${id} were fetched already, at ${d.run.filesFetchedAt}\n`]);
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
