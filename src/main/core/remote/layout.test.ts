// The scripts a host runs, run here by a real sh in a temporary "home": the upload lands an
// executable, the run passes exactly the environment and arguments given and records its group,
// the metrics follower ends with the target, its watchdog ends a target whose heartbeats stopped,
// and the fetch streams out/ and removes the folder. Each script runs as the leader of its own
// process group, as sshd starts every session.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { liveProcessesOfGroup } from '../../../../test/support/run-core';
import { spawnInPty } from '../process/pty-process';
import { LOST_MARK, RemoteRunDir, REMOTE_OUT, STATUS_FILE, sweep, SWEEP_MARK, viaSh } from './layout';

let home: string;

/** A run whose watchdog ends it after 2 quiet seconds: its target (a sleep) and its follower, started as sshd starts sessions. */
function watchedRun() {
  const lostAfterS = 2;
  const watched = new RemoteRunDir('run-1', lostAfterS);
  expect(sh(watched.upload(), '#!/bin/sh\nexec sleep 60\n').status).toBe(0);
  const target = session(watched.run({}, []));
  groups.push(target.pid!);
  const follower = session(watched.follow());
  groups.push(follower.pid!);
  return { lostAfterS, watched, target, follower };
}
const remote = new RemoteRunDir('run-1');
/** A host's environment has none of this process's workbench variables (the suite's own GMPW_MACHINE_LOCK). */
const hostEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GMPW_')));
const sh = (script: string, input?: string | Buffer) => spawnSync('sh', ['-c', script], { cwd: home, input, env: hostEnv });
/** A script as an ssh session runs it: in its own session and process group, stdin a pipe. */
const session = (script: string): ChildProcess => spawn('sh', ['-c', script], { cwd: home, detached: true, stdio: ['pipe', 'pipe', 'pipe'], env: hostEnv });
const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.on('close', resolve));
/** Process groups the test started, killed after it whatever happened. */
const groups: number[] = [];

async function eventually(what: string, check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A target that prints its environment's GMPW_/X_ variables and its arguments, then writes out/metrics.jsonl. */
const TARGET = `#!/bin/sh
env | grep -E '^(GMPW_|X_)' | sort
for a in "$@"; do echo "arg=$a"; done
echo '{"t":1}' >> ${REMOTE_OUT}/metrics.jsonl
printf '{"t":' >> ${REMOTE_OUT}/metrics.jsonl
sleep 0.5
echo '2}' >> ${REMOTE_OUT}/metrics.jsonl
echo '{"t":3}' >> ${REMOTE_OUT}/metrics.jsonl
`;
/** What the target leaves in metrics.jsonl: a line written in two steps, and the last one just before it exits. */
const METRICS = '{"t":1}\n{"t":2}\n{"t":3}\n';

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'gmpw-layout-'));
});
afterEach(() => {
  for (const pgid of groups.splice(0)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
  rmSync(home, { recursive: true, force: true });
});

describe('remote run folder scripts', () => {
  it('upload, run, follow and fetch, with nothing left behind', async () => {
    expect(sh(remote.upload(), TARGET).status).toBe(0);
    const target = join(home, remote.dir, 'bin', 'target');
    expect(statSync(target).mode & 0o111).not.toBe(0);

    const follower = session(remote.follow());
    groups.push(follower.pid!);
    follower.stdin!.write('\n');
    let followed = '';
    follower.stdout!.on('data', (c: Buffer) => (followed += c.toString('utf8')));
    const followerDone = exited(follower);

    const run = sh(remote.run({ GMPW_CONCURRENCY: '4', X_QUOTE: "it's $HOME" }, ['-out', REMOTE_OUT, '-param', 'a b']));
    expect(run.status).toBe(0);
    expect(run.stdout.toString()).toBe(`GMPW_CONCURRENCY=4\nX_QUOTE=it's $HOME\narg=-out\narg=${REMOTE_OUT}\narg=-param\narg=a b\n`);
    expect(Number(readFileSync(join(home, remote.dir, 'pid'), 'utf8'))).toBeGreaterThan(0);

    // The follower saw every byte once, the line written in two steps and the last one included,
    // and ended by itself once the target's process was gone.
    expect(await followerDone).not.toBeNull();
    expect(followed).toBe(METRICS);
    // Its heartbeat reader and watchdog end within a second of it, though stdin stays open.
    await eventually('the follower\'s reader and watchdog ended', () => liveProcessesOfGroup(follower.pid!).length === 0, 3000);

    const fetched = sh(remote.fetch());
    expect(fetched.status).toBe(0);
    const unpacked = join(home, 'unpacked');
    mkdirSync(unpacked);
    expect(spawnSync('tar', ['-xf', '-', '-C', unpacked], { input: fetched.stdout }).status).toBe(0);
    expect(readFileSync(join(unpacked, 'metrics.jsonl'), 'utf8')).toBe(METRICS);
    // The folder stays until the workbench, holding the files, removes it.
    expect(existsSync(join(home, remote.dir))).toBe(true);
    expect(sh(remote.remove()).status).toBe(0);
    expect(existsSync(join(home, remote.dir))).toBe(false);
  });

  it('records the target\'s exit status, which a signal that ended it included, and the fetch reports it', async () => {
    const statusOf = (script: string) => {
      rmSync(join(home, remote.dir), { recursive: true, force: true });
      expect(sh(remote.upload(), `#!/bin/sh\n${script}\n`).status).toBe(0);
      const ran = sh(remote.run({}, []));
      const fetched = sh(remote.fetch());
      return { ran: ran.status, recorded: readFileSync(join(home, remote.dir, STATUS_FILE), 'utf8').trim(), reported: /^status (\d+)$/m.exec(fetched.stderr.toString())?.[1] };
    };
    // ssh exits 255 for all three: the target's own 255, a signal, and its own failure.
    expect(statusOf('exit 255')).toEqual({ ran: 255, recorded: '255', reported: '255' });
    expect(statusOf('exit 3')).toEqual({ ran: 3, recorded: '3', reported: '3' });
    expect(statusOf('kill -s KILL $$')).toEqual({ ran: 137, recorded: '137', reported: '137' });

    // A stop signal to the run's group (the runner's SIGTERM, the watchdog's) ends the target; its
    // shell records how.
    rmSync(join(home, remote.dir), { recursive: true, force: true });
    expect(sh(remote.upload(), '#!/bin/sh\nexec sleep 60\n').status).toBe(0);
    const run = session(remote.run({}, []));
    groups.push(run.pid!);
    const statusFile = join(home, remote.dir, STATUS_FILE);
    await eventually('the target started', () => liveProcessesOfGroup(run.pid!).length >= 2, 5000);
    expect(sh(remote.signal('TERM')).status).toBe(0);
    expect(await exited(run)).toBe(143);
    expect(readFileSync(statusFile, 'utf8')).toBe('143\n');
  });

  it('sshd\'s hang-up of the session ends the target with its shell, the session\'s leader, which alone gets it', async () => {
    expect(sh(remote.upload(), '#!/bin/sh\nexec sleep 60\n').status).toBe(0);
    // As sshd starts a session with a terminal: the shell leads a new session, the pty its terminal.
    const session = spawnInPty({ file: 'sh', args: ['-c', remote.run({}, [])], env: { ...process.env, HOME: home } as Record<string, string>, cwd: home, onData: () => undefined });
    groups.push(session.pid);
    await eventually('the target started', () => liveProcessesOfGroup(session.pid).length >= 2, 5000);
    // sshd's hang-up, once it notices the link is gone, goes to the session's leader.
    process.kill(session.pid, 'SIGHUP');
    await eventually('the target ended with its shell', () => liveProcessesOfGroup(session.pid).length === 0, 5000);
    expect((await session.exited).signal).toBe(1);
    expect(existsSync(join(home, remote.dir, STATUS_FILE))).toBe(false);
  });

  it.skipIf(spawnSync('fish', ['-c', 'true']).status !== 0)('through fish as the login shell, values with backslashes and quotes reach the target whole and run nothing there (needs fish)', () => {
    expect(sh(remote.upload(), TARGET).status).toBe(0);
    // fish reads \\ and \' inside single quotes: a value ending in a backslash once ended the quote there.
    const env = { X_A: 'x\\', X_B: ';touch PWNED;', X_C: "y\\'" };
    const ran = spawnSync('fish', ['-c', viaSh(remote.run(env, ['-a\\', "'"]))], { cwd: home, env: { ...hostEnv, HOME: home } });
    expect([ran.status, ran.stdout.toString()]).toEqual([0, "X_A=x\\\nX_B=;touch PWNED;\nX_C=y\\'\narg=-a\\\narg='\n"]);
    expect(existsSync(join(home, 'PWNED'))).toBe(false);
  });

  it('keeps the folder through a fetch, cut short or whole: only remove() takes it', () => {
    const out = join(home, remote.dir, REMOTE_OUT);
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'trace.out'), Buffer.alloc(8 << 20, 1));
    // The reader goes away after 100 KB, as a dropped link or a fetch over its allowance does.
    expect(sh(`(${remote.fetch()}) | head -c 100000 > /dev/null`).status).toBe(0);
    expect(statSync(join(out, 'trace.out')).size).toBe(8 << 20);
    // Read whole, it stays too: bytes may still be on their way when the host's tar ends.
    const whole = spawnSync('sh', ['-c', remote.fetch()], { cwd: home, maxBuffer: 64 << 20 });
    expect([whole.status, whole.stdout.length > 8 << 20, existsSync(out)]).toEqual([0, true, true]);
  });

  it('a fetch kills what is left of the run\'s own group, and never a group whose number its pid file names but is not the run\'s', async () => {
    const runs = join(home, '.gmpw', 'runs');
    /** A run folder with files to fetch and a pid file holding `pid`. */
    const runFolder = (id: string, pid = '') => {
      const dir = join(runs, id);
      mkdirSync(join(dir, REMOTE_OUT), { recursive: true });
      writeFileSync(join(dir, REMOTE_OUT, 'result.json'), '{}');
      writeFileSync(join(dir, 'pid'), pid);
      return dir;
    };
    // Fetched days later (gmpw fetch, the Run page's button): the number in its pid file is now an
    // unrelated process group of the same user (a tmux or screen server), started elsewhere: a
    // `setsid sleep 300` (detached is setsid).
    const stranger = spawn('sleep', ['300'], { cwd: home, detached: true, stdio: 'ignore' });
    groups.push(stranger.pid!);
    await eventually('the stranger leads its own group', () => liveProcessesOfGroup(stranger.pid!).length > 0, 5000);
    runFolder('late', String(stranger.pid));
    // Fetched as its run ends: a straggler of its own group (a harness's child) still runs in its folder.
    const own = join(runs, 'ending');
    runFolder('ending');
    const straggler = spawn('sh', ['-c', 'echo $$ > pid; sleep 300 & wait'], { cwd: own, detached: true, stdio: 'ignore' });
    groups.push(straggler.pid!);
    await eventually('the straggler started', () => readFileSync(join(own, 'pid'), 'utf8').trim() !== '', 5000);
    // Pid files that cannot name a run's group: 0 (the fetch's own group), a leading zero, no number.
    // (Not 1, which the same check refuses: should it regress, `kill -- -1` would be every process here.)
    for (const pid of ['0', '007', 'x']) runFolder(`bad-${pid}`, pid);

    /** The fetch as its ssh session runs it, the leader of its own group: it brings the files whatever the pid file says. */
    const fetch = (id: string) => {
      const fetched = spawnSync('setsid', ['-w', 'sh', '-c', new RemoteRunDir(id).fetch()], { cwd: home });
      expect([id, fetched.status, fetched.signal, fetched.stdout.includes('result.json')]).toEqual([id, 0, null, true]);
    };
    fetch('late');
    await new Promise((r) => setTimeout(r, 200));
    expect(liveProcessesOfGroup(stranger.pid!).length).toBeGreaterThan(0);
    fetch('ending');
    await eventually('the run\'s own group ended', () => liveProcessesOfGroup(straggler.pid!).length === 0, 5000);
    for (const pid of ['0', '007', 'x']) fetch(`bad-${pid}`);
    expect(liveProcessesOfGroup(stranger.pid!).length).toBeGreaterThan(0);
  });

  it('stop() says whether the run\'s group still runs before it signals it: a zombie left by a stalled parent has ended', async () => {
    const dir = join(home, remote.dir);
    mkdirSync(dir, { recursive: true });
    const state = () => sh(remote.stop('TERM')).stdout.toString();
    // The target's parent (sshd's session, here an sh) is stopped: the target's exit leaves a zombie.
    const parent = spawn('sh', ['-c', `setsid sh -c 'echo $$ > ${dir}/pid; exec sleep 60' & kill -s STOP $$`], { cwd: home, detached: true, stdio: 'ignore' });
    groups.push(parent.pid!);
    await eventually('the target started', () => existsSync(join(dir, 'pid')) && readFileSync(join(dir, 'pid'), 'utf8').trim() !== '', 5000);
    const pgid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    groups.push(pgid);
    expect(state()).toBe('gmpw-group running\n');
    // The TERM went out with the report: the target ended, its parent cannot reap it.
    await eventually('the target a zombie', () => liveProcessesOfGroup(pgid).length === 0, 5000);
    expect(existsSync(`/proc/${pgid}`)).toBe(true);
    expect(state()).toBe('gmpw-group ended\n');
    process.kill(parent.pid!, 'SIGKILL');
  });

  // A pid file that names no run's group (corrupt, or written by something else) must not reach
  // kill: 1 would be `kill -- -1`, every process of the user, 0 the script's own group. Played in a
  // pid namespace (root and unshare(1) needed), where -1 reaches only the namespace's processes: a
  // sentinel `setsid sleep` stands for everything else the user runs.
  const pidNamespace = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true']).status === 0;
  it.skipIf(!pidNamespace)('signal() and stop() signal nothing when the pid file holds 1, 0, a leading zero or no number, and the group a valid one names (needs root and unshare(1))', () => {
    mkdirSync(join(home, remote.dir), { recursive: true });
    const pidFile = `${remote.dir}/pid`;
    const refused = ['1', '0', '007', 'x', '-1', ''];
    // Each script runs as a session would, the leader of its own group: what it printed and its
    // status, then whether the sentinel lives.
    const inNamespace = (script: string) => {
      const outer = [
        // Live, or gone: its parent reaps it (Z, or no longer listed).
        'state() { case $(sed "s/.*) //" /proc/$1/stat 2>/dev/null | cut -d" " -f1) in ""|Z) echo gone;; *) echo live;; esac; }',
        'setsid sleep 60 & s=$!',
        'i=0; while [ "$(ps -o pgid= -p $s | tr -d " ")" != "$s" ]; do i=$((i+1)); [ $i -gt 250 ] && exit 9; sleep 0.02; done',
        'for pid in "$@"; do',
        `  printf "%s\\n" "$pid" > ${pidFile}`,
        '  out=$(setsid -w sh -c "$SCRIPT" 2>&1); echo "pid=$pid status=$? out=$out"',
        'done',
        // A signal sent is taken within this second, even on a loaded machine.
        'sleep 1; echo "sentinel $(state $s)"',
        `echo $s > ${pidFile}`,
        'out=$(setsid -w sh -c "$SCRIPT" 2>&1); echo "valid status=$? out=$out"',
        'i=0; while [ "$(state $s)" != gone ] && [ $i -lt 100 ]; do i=$((i+1)); sleep 0.05; done; echo "sentinel $(state $s)"',
      ].join('\n');
      const r = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'sh', '-c', outer, 'outer', ...refused], { cwd: home, env: { ...process.env, SCRIPT: script }, encoding: 'utf8' });
      return { status: r.status, stdout: r.stdout.split('\n'), stderr: r.stderr };
    };
    const expected = (validOut: string) => ({
      status: 0,
      stdout: [...refused.map((pid) => `pid=${pid} status=0 out=`), 'sentinel live', `valid status=0 out=${validOut}`, 'sentinel gone', ''],
      stderr: '',
    });
    expect(inNamespace(remote.signal('KILL'))).toEqual(expected(''));
    // stop() says nothing of a group it cannot name, as when no pid file is there.
    expect(inNamespace(remote.stop('TERM'))).toEqual(expected('gmpw-group running'));
  });

  it('clears run folders older than a day on upload, and keeps recent ones', () => {
    const old = join(home, '.gmpw', 'runs', 'old');
    const recent = join(home, '.gmpw', 'runs', 'recent');
    mkdirSync(old, { recursive: true });
    mkdirSync(recent, { recursive: true });
    writeFileSync(join(old, 'pid'), '1');
    expect(spawnSync('touch', ['-d', '3 days ago', old]).status).toBe(0);
    expect(sh(remote.upload(), TARGET).status).toBe(0);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
  });

  it('the follower\'s watchdog ends the target and its own session once heartbeats stop', async () => {
    const { lostAfterS, watched, target, follower } = watchedRun();
    // Heartbeats for twice the bound: the target lives on. The count is read meanwhile as the
    // watchdog and a sweep read it, and is never caught half-written (empty).
    const beats = setInterval(() => follower.stdin!.write('\n'), 20);
    const counts: string[] = [];
    const reads = setInterval(() => counts.push(readFileSync(join(home, watched.dir, 'beats'), 'utf8')), 3);
    await new Promise((r) => setTimeout(r, 2 * lostAfterS * 1000));
    clearInterval(beats);
    clearInterval(reads);
    expect(counts.length).toBeGreaterThan(100);
    expect(counts.filter((c) => !/^\d+\n$/.test(c))).toEqual([]);
    const lastBeat = Date.now();
    expect(readFileSync(join(home, watched.dir, 'pid'), 'utf8').trim()).toBe(String(target.pid));
    expect(Number(readFileSync(join(home, watched.dir, 'beats'), 'utf8'))).toBeGreaterThan(lostAfterS * 2);
    expect(liveProcessesOfGroup(target.pid!).length).toBeGreaterThan(0);
    // No heartbeat now, the link still open (nothing tells the host it is gone): within the bound
    // and a second's check, the target's group ends, then the follower's reader, watchdog and all.
    await eventually('the target ended', () => liveProcessesOfGroup(target.pid!).length === 0, (lostAfterS + 3) * 1000);
    expect(Date.now() - lastBeat).toBeGreaterThanOrEqual((lostAfterS - 1) * 1000);
    await eventually('the follower\'s session ended', () => liveProcessesOfGroup(follower.pid!).length === 0, 5000);
    // It said so in the folder, and the fetch tells the workbench, whose link may have held.
    expect(Number(readFileSync(join(home, watched.dir, LOST_MARK), 'utf8'))).toBeGreaterThanOrEqual(lostAfterS);
    expect(sh(watched.fetch()).stderr.toString()).toMatch(new RegExp(`^${LOST_MARK} \\d+$`, 'm'));
  });

  it('the watchdog outlives a follower that died first, and still ends the target without heartbeats', async () => {
    const { lostAfterS, watched, target, follower } = watchedRun();
    follower.stdin!.write('\n');
    await eventually('the first heartbeat counted', () => existsSync(join(home, watched.dir, 'beats')) && readFileSync(join(home, watched.dir, 'beats'), 'utf8').trim() === '1', 5000);
    // Its session closed under it, the follower's sh dies (as on writing into the closed pipe).
    process.kill(follower.pid!, 'SIGKILL');
    follower.stdin!.end();
    await eventually('the target ended', () => liveProcessesOfGroup(target.pid!).length === 0, (lostAfterS + 4) * 1000);
    await eventually('the watchdog and reader ended', () => liveProcessesOfGroup(follower.pid!).length === 0, 5000);
  });

  it('the sweep kills what lost runs left running, waits for heartbeats, and leaves others\' runs and reused pids alone', async () => {
    const lostAfterS = 2;
    const runs = join(home, '.gmpw', 'runs');
    /** A run folder whose pid file names the group of `script`, started in it as a session's leader. */
    const leftover = (id: string, script: string): number => {
      const dir = join(runs, id);
      mkdirSync(dir, { recursive: true });
      const child = spawn('sh', ['-c', `echo $$ > pid; ${script}`], { cwd: dir, detached: true, stdio: 'ignore' });
      groups.push(child.pid!);
      return child.pid!;
    };
    // From a workbench without heartbeats, or one whose watchdog is gone: nothing ends it.
    const unwatched = leftover('unwatched', 'exec sleep 60');
    // Its heartbeats stopped: killed once they have not moved for lostAfterS.
    const lost = leftover('lost', 'echo 3 > beats; exec sleep 60');
    // Another workbench's live run: its heartbeats arrive.
    const busy = leftover('busy', 'i=0; while :; do i=$((i+1)); echo $i > beats; sleep 0.3; done');
    // Its leader gone, a process of its group still running (a harness's child).
    const leaderless = leftover('leaderless', 'sleep 60 & exit 0');
    // A pid file from long ago whose number a process of another program now has, leading its group.
    const stranger = spawn('sleep', ['60'], { cwd: home, detached: true, stdio: 'ignore' });
    groups.push(stranger.pid!);
    mkdirSync(join(runs, 'reused'));
    writeFileSync(join(runs, 'reused', 'pid'), String(stranger.pid));
    // The run that sweeps is never its own leftover.
    const self = leftover('self', 'exec sleep 60');
    await eventually('every leftover started', () => ['unwatched', 'lost', 'busy', 'leaderless', 'self'].every((id) => existsSync(join(runs, id, 'pid'))), 5000);
    await new Promise((r) => setTimeout(r, 300));

    const started = Date.now();
    const sweeper = spawn('sh', ['-c', sweep({ self: 'self', lostAfterS })], { cwd: home });
    let report = '';
    sweeper.stdout.on('data', (c: Buffer) => (report += c.toString('utf8')));
    expect(await exited(sweeper)).toBe(0);
    const took = Date.now() - started;

    expect(report.trim().split('\n').sort()).toEqual([`${SWEEP_MARK} busy busy`, `${SWEEP_MARK} killed leaderless`, `${SWEEP_MARK} killed lost`, `${SWEEP_MARK} killed unwatched`]);
    // Killed is not yet gone: on a busy machine a group's last process exits a moment after the
    // sweep's SIGKILL (it was still listed once). Waited on, not assumed; a kill that never came fails here.
    for (const pgid of [unwatched, lost, leaderless]) await expect.poll(() => liveProcessesOfGroup(pgid), { timeout: 5000 }).toEqual([]);
    for (const id of ['unwatched', 'lost', 'leaderless']) expect(existsSync(join(runs, id))).toBe(false);
    for (const pgid of [busy, stranger.pid!, self]) expect(liveProcessesOfGroup(pgid).length).toBeGreaterThan(0);
    for (const id of ['busy', 'reused', 'self']) expect(existsSync(join(runs, id))).toBe(true);
    // Only the undecided one was waited for, lostAfterS a second apart.
    expect(took).toBeGreaterThanOrEqual(lostAfterS * 1000);
    expect(took).toBeLessThan((lostAfterS + 3) * 1000);
  });

  // A host without /proc (a BSD, a container that hides it): no group can be told to be a run's, so
  // none is taken for one, and the watchdog alone ends a lost target. Played here by a mount
  // namespace whose /proc is an empty tmpfs (root and unshare(1) needed).
  const hideProc = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs none /proc && [ ! -d /proc/self ]']).status === 0;
  it.skipIf(!hideProc)('the sweep leaves every group alone on a host without /proc (needs root and unshare(1) to hide /proc)', async () => {
    const dir = join(home, '.gmpw', 'runs', 'unwatched');
    mkdirSync(dir, { recursive: true });
    const child = spawn('sh', ['-c', 'echo $$ > pid; exec sleep 60'], { cwd: dir, detached: true, stdio: 'ignore' });
    groups.push(child.pid!);
    await eventually('it started', () => existsSync(join(dir, 'pid')), 5000);
    // A folder of a month ago, which the sweep removes on its way out: proof that it ran.
    const stale = join(home, '.gmpw', 'runs', 'stale');
    mkdirSync(stale);
    const monthAgo = Date.now() / 1000 - 30 * 86400;
    utimesSync(stale, monthAgo, monthAgo);
    const swept = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', `mount -t tmpfs none /proc && exec sh -c "$0"`, sweep({ lostAfterS: 1 })], { cwd: home });
    expect(swept.status).toBe(0);
    expect(swept.stdout.toString()).toBe('');
    expect(liveProcessesOfGroup(child.pid!).length).toBeGreaterThan(0);
    expect(existsSync(dir)).toBe(true);
    expect(existsSync(stale)).toBe(false);
  });

  it('the sweep says when a run left running ended while it waited', async () => {
    const dir = join(home, '.gmpw', 'runs', 'ending');
    mkdirSync(dir, { recursive: true });
    const child = spawn('sh', ['-c', 'echo 3 > beats; echo $$ > pid; exec sleep 1.5'], { cwd: dir, detached: true, stdio: 'ignore' });
    groups.push(child.pid!);
    await eventually('it started', () => existsSync(join(dir, 'pid')), 5000);
    const swept = await new Promise<string>((resolve) => {
      const sweeper = spawn('sh', ['-c', sweep({ lostAfterS: 5 })], { cwd: home });
      let out = '';
      sweeper.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
      sweeper.on('close', () => resolve(out));
    });
    expect(swept).toMatch(new RegExp(`^${SWEEP_MARK} ended ending [12]\n$`));
    expect(existsSync(dir)).toBe(true);
  });
});
