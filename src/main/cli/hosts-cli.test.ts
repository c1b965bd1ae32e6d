// gmpw hosts as a user types it (bin/gmpw.mjs in a subprocess) against a real sshd on 127.0.0.1.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveProcessesOfGroup } from '../../../test/support/run-core';
import { leaveRunning, startSshd, sshdAvailable, type TestSshd } from '../../../test/support/sshd';

const GMPW = resolve(__dirname, '../../../bin/gmpw.mjs');

/** --data-dir right after the command: anything after `--` belongs to ssh. */
function gmpw(dataDir: string, command: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [GMPW, command, '--data-dir', dataDir, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe.skipIf(!sshdAvailable())('gmpw hosts (needs OpenSSH: /usr/sbin/sshd and ssh)', () => {
  let sshd: TestSshd;
  let dataDir: string;
  beforeAll(async () => {
    sshd = await startSshd();
    dataDir = mkdtempSync(join(tmpdir(), 'gmpw-hosts-cli-'));
  });
  afterAll(() => {
    sshd?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('adds a host with its ssh options after --, lists, checks and removes it', async () => {
    const add = await gmpw(dataDir, 'hosts', 'add', 'loop', sshd.destination, '--', ...sshd.sshOptions);
    expect(add.code, add.stderr).toBe(0);
    const list = await gmpw(dataDir, 'hosts', 'list');
    expect(list.stdout.split('\n').map((line) => line.split(/ {2,}/))).toEqual([['name', 'destination', 'ssh options'], ['loop', sshd.destination, sshd.sshOptions.join(' ')], ['']]);
    const check = await gmpw(dataDir, 'hosts', 'check', 'loop');
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/^loop: reachable in \d+\.\d\ds: linux\/\w+, \d+ CPUs, kernel \S+, (cgroup v[12], (no CPU quota|CPU quota [\d.]+ CPUs)|no cgroup)\n$/);
    const json = JSON.parse((await gmpw(dataDir, 'hosts', 'check', 'loop', '--json')).stdout);
    expect(json[0]).toMatchObject({ name: 'loop', reachable: true, goos: 'linux', leftovers: [] });
    // Runs of a host with no runs yet: none; of a name no host has (a typo): a mistake in the command line.
    expect((await gmpw(dataDir, 'list', '--host', 'loop')).stdout).toBe('no runs\n');
    const typo = await gmpw(dataDir, 'list', '--host', 'lopo');
    expect([typo.code, typo.stdout, typo.stderr]).toEqual([2, '', 'gmpw list: --host: no host is named lopo and no run ran on one so named (gmpw hosts list shows the hosts)\n']);
    expect((await gmpw(dataDir, 'hosts', 'rm', 'loop')).code).toBe(0);
    expect((await gmpw(dataDir, 'hosts', 'list')).stdout).toContain('no hosts');
  });

  it("a run on a host says where it ran in its summary's host column, which a plan of one host names in no cell", async () => {
    expect((await gmpw(dataDir, 'hosts', 'add', 'lab', sshd.destination, '--', ...sshd.sshOptions)).code).toBe(0);
    const run = await gmpw(dataDir, 'run', '--scenario', 'idle', '--duration', '100ms', '--gomaxprocs', '2', '--host', 'lab');
    expect(run.code, run.stderr).toBe(0);
    const [header, row] = run.stdout.split('\n');
    expect(header!.split(/ {2,}/).slice(0, 4)).toEqual(['run', 'cell', 'host', 'state']);
    // The run's row, read at the columns' places (its cell is empty).
    expect(row!.slice(header!.indexOf('host')).split(/ {2,}/).slice(0, 2)).toEqual(['lab', 'succeeded']);
    expect((await gmpw(dataDir, 'hosts', 'rm', 'lab')).code).toBe(0);
  });

  it('check kills a target a lost run left running on the host, and says so', async () => {
    expect((await gmpw(dataDir, 'hosts', 'add', 'swept', sshd.destination, '--', ...sshd.sshOptions)).code).toBe(0);
    // A run folder whose pid file names a live group and no heartbeats ever reached (layout.ts: sweep).
    const left = await leaveRunning(sshd.home, '261204-120000-00aa');
    try {
      const check = await gmpw(dataDir, 'hosts', 'check', 'swept');
      expect(check.code, check.stderr).toBe(0);
      expect(check.stdout.split('\n')[1]).toBe("swept: killed the target of run 261204-120000-00aa (started 2026-12-04 12:00:00 UTC), left running on host swept: no workbench's heartbeat reached it, its link was lost");
      expect(liveProcessesOfGroup(left.pgid)).toEqual([]);
      expect(existsSync(left.dir)).toBe(false);
    } finally {
      left.end();
    }
  });

  it('exits 1 naming ssh\'s reason for an unreachable host, and 2 for a usage mistake', async () => {
    // A port nothing listens on: the server's own port once it is gone.
    const gone = await startSshd();
    gone.stop();
    expect((await gmpw(dataDir, 'hosts', 'add', 'gone', gone.destination, '--', ...gone.sshOptions)).code).toBe(0);
    const check = await gmpw(dataDir, 'hosts', 'check', 'gone');
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^gone: unreachable \(.*Connection refused\) after \d+\.\d\ds\n$/);
    // A --data-dir that names no directory is a typo for a command that reads the history: not an empty one made there.
    const typo = join(dataDir, 'no-such');
    const listed = await gmpw(typo, 'list');
    expect([listed.code, listed.stderr]).toEqual([2, `gmpw list: --data-dir ${typo}: no such directory, so no history there (gmpw run and gmpw import start one)\n`]);
    expect(existsSync(typo)).toBe(false);
    // Nor does a folder that holds no history become one: a read leaves it as it was.
    const elsewhere = join(dataDir, 'notes');
    mkdirSync(elsewhere);
    for (const args of [['list'], ['hosts', 'list']]) {
      const read = await gmpw(elsewhere, args[0]!, ...args.slice(1));
      expect([read.code, read.stderr]).toEqual([2, `gmpw ${args[0]}: --data-dir ${elsewhere}: no history there (no gmpw.db; gmpw run and gmpw import start one)\n`]);
    }
    expect(readdirSync(elsewhere)).toEqual([]);
    const usage = await gmpw(dataDir, 'hosts', 'list', '--', '-p', '22');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('hosts add only');
    // A run on a host nobody added is a plan in error: 2, as run's help says of an invalid one.
    const unknown = await gmpw(dataDir, 'run', '--scenario', 'idle', '--duration', '100ms', '--host', 'nosuch');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('gmpw run: --host (its 1st value): no host named nosuch (gmpw hosts list shows them)\n');
  });

  it('refuses an option with terminal control sequences, and names it without them', async () => {
    const hostile = 'SetEnv=T=\x1b]0;title\x07\x1b[2J';
    const add = await gmpw(dataDir, 'hosts', 'add', 'odd', 'me@odd.example', '--', '-o', hostile);
    expect(add.code).toBe(2);
    expect(add.stderr).toMatch(/^gmpw hosts: SSH_OPTION: -o SetEnv=T=\S*title\S* is not an ssh option a stored host may carry/);
    expect(add.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect((await gmpw(dataDir, 'hosts', 'list')).stdout).not.toContain('odd');
  });
});
