// A throwaway OpenSSH server on 127.0.0.1 for the remote-host tests: its own host key, user key,
// authorized_keys and config in a temporary folder, on a free port, as the current user (root on
// CI), whose sessions get a home of their own in that folder (so a test's run folders on the
// "host" are not this machine's ~/.gmpw, which another checkout's tests may be using). `stop()` kills the listener and every session process it forked (sshd puts each connection
// in its own session, so its process group alone would miss them) and removes the folder.
// `freeze()` stops sshd's own processes (not what its sessions run): a link cut that sshd does not
// notice, as a dead network looks to a server without ClientAliveInterval. `hold()` keeps the
// sessions whose command holds the text given as `hold` waiting until `release()`: a fetch caught midway.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

const SSHD = '/usr/sbin/sshd';
const PRIVSEP_DIR = '/run/sshd';

export interface TestSshd {
  port: number;
  /** The destination to give `gmpw hosts add`. */
  destination: string;
  /** The ssh options that reach this server and nothing else (key, port, no known-hosts file). */
  sshOptions: string[];
  /** The sessions' HOME, where the workbench keeps its run folders on the host (.gmpw/runs). */
  home: string;
  /** The server's public host key, as a known_hosts line carries it after the host's name. */
  hostPublicKey: string;
  /** Kills the server and all its sessions (a dropped connection, as seen from the client), and waits until they have exited. */
  kill(): void;
  /** SIGSTOP to the listener and its per-connection sshd processes, not to the commands they run. */
  freeze(): void;
  /** SIGCONT to what freeze() stopped. */
  thaw(): void;
  /** kill() and the temporary folder removed. */
  stop(): void;
  /**
   * From now on, sessions whose command contains the `hold` text given to startSshd wait (their
   * command not started) until release(); each one held says so, counted by held().
   */
  hold(): void;
  release(): void;
  /** How many sessions hold() has held so far. */
  held(): number;
}

/**
 * What a lost run leaves on a host: its folder under `home`'s .gmpw/runs, whose pid file names a
 * live process group (a sleep) with no beats file. `end()` kills the group if the sweep did not.
 */
export async function leaveRunning(home: string, runId: string): Promise<{ dir: string; pgid: number; end(): void }> {
  const dir = join(home, '.gmpw', 'runs', runId);
  mkdirSync(dir, { recursive: true });
  const orphan = spawn('sh', ['-c', 'echo $$ > pid; exec sleep 300'], { cwd: dir, detached: true, stdio: 'ignore' });
  for (let i = 0; i < 200 && !existsSync(join(dir, 'pid')); i++) await new Promise((r) => setTimeout(r, 50));
  return {
    dir,
    pgid: orphan.pid!,
    end() {
      try {
        process.kill(-orphan.pid!, 'SIGKILL');
      } catch {
        // the sweep killed it
      }
    },
  };
}

/** Whether this machine can run the server (OpenSSH installed); tests skip naming this when not. */
export const sshdAvailable = (): boolean => existsSync(SSHD) && spawnSync('ssh', ['-V']).status === 0;

/** A new ed25519 key pair without a passphrase: `file` and `file`.pub. */
export function keygen(file: string): void {
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
}

/** Pids of `root` and all its descendants, found through /proc's parent links. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const tree: number[] = [];
  const walk = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  return tree;
}

/**
 * Waits, up to 5 s, until every pid has exited: gone, or a zombie its parent has yet to reap (its
 * sockets are closed by then). Synchronous, as kill() is.
 */
function untilExited(pids: readonly number[]): void {
  const running = (pid: number): boolean => {
    try {
      return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  const deadline = Date.now() + 5_000;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (pids.some(running) && Date.now() < deadline) Atomics.wait(pause, 0, 0, 10);
}

async function waitForListening(port: number, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`sshd exited at start: ${log()}`);
    if (log().includes('Server listening on 127.0.0.1')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not listen on ${port} within 10s: ${log()}`);
}

/**
 * A login's `getconf` that reports `cpus` online processors and passes every other question to the
 * real one: a loopback host that looks like another machine to the CPU count of `hosts.check`.
 */
function fakeCpuCount(dir: string, cpus: number): string[] {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'getconf'), `#!/bin/sh\n[ "$1" = _NPROCESSORS_ONLN ] && { echo ${cpus}; exit 0; }\nexec /usr/bin/getconf "$@"\n`, { mode: 0o755 });
  writeFileSync(join(bin, 'nproc'), `#!/bin/sh\necho ${cpus}\n`, { mode: 0o755 });
  return [`PATH=${bin}:/usr/local/bin:/usr/bin:/bin`];
}

/** Sessions the server refuses: those whose command contains `text`, the first `times` of them (all by default), exiting with `status` (1; 255 is what ssh says of a connection it lost). */
export interface Refusal {
  text: string;
  times?: number;
  status?: number;
}

/**
 * A forced command (authorized_keys `command=`) that refuses the sessions `refusal` names, saying
 * "session refused", holds those whose command contains `hold` while the server is held
 * (TestSshd.hold), and runs the others as sshd would: a host that lets some sessions of a run in and
 * not others (a session limit, a command filter), a link that fails once and then holds, or a
 * session that takes its time.
 */
function forcedCommand(dir: string, refusal: Refusal | undefined, hold: string | undefined): string {
  const file = join(dir, 'forced');
  const count = join(dir, 'refused');
  const lines = ['#!/bin/sh'];
  if (refusal) {
    const { text, times = 1e9, status = 1 } = refusal;
    lines.push(
      `case $SSH_ORIGINAL_COMMAND in *'${text}'*)`,
      `  n=$(cat '${count}' 2>/dev/null || echo 0)`,
      `  if [ "$n" -lt ${times} ]; then echo $((n + 1)) > '${count}'; echo 'session refused' >&2; exit ${status}; fi;;`,
      'esac',
    );
  }
  if (hold !== undefined) {
    const flag = join(dir, 'hold');
    lines.push(
      `case $SSH_ORIGINAL_COMMAND in *'${hold}'*)`,
      `  if [ -e '${flag}' ]; then echo held >> '${join(dir, 'held')}'; while [ -e '${flag}' ]; do sleep 0.05; done; fi;;`,
      'esac',
    );
  }
  lines.push('exec sh -c "$SSH_ORIGINAL_COMMAND"', '');
  writeFileSync(file, lines.join('\n'), { mode: 0o755 });
  return `command="${file}" `;
}

/** `affinity`: the CPUs (taskset's list) the server and its sessions may run on: a pinned host. */
export async function startSshd(options: { reportedCpus?: number; refuseCommandsWith?: string; refuse?: Refusal; hold?: string; affinity?: string } = {}): Promise<TestSshd> {
  // Debian's sshd refuses to start without its privilege-separation folder, which the service
  // unit (not the package) creates at boot; a container never booted it.
  mkdirSync(PRIVSEP_DIR, { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'gmpw-sshd-'));
  const port = await freePort();
  keygen(join(dir, 'host_key'));
  keygen(join(dir, 'user_key'));
  const refusal = options.refuse ?? (options.refuseCommandsWith === undefined ? undefined : { text: options.refuseCommandsWith });
  const forced = refusal === undefined && options.hold === undefined ? '' : forcedCommand(dir, refusal, options.hold);
  writeFileSync(join(dir, 'authorized_keys'), forced + readFileSync(join(dir, 'user_key.pub'), 'utf8'));
  const home = join(dir, 'home');
  mkdirSync(home);
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      // One SetEnv line: sshd keeps the first it reads.
      `SetEnv HOME=${home} ${options.reportedCpus === undefined ? '' : fakeCpuCount(dir, options.reportedCpus).join(' ')}`.trimEnd(),
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${join(dir, 'host_key')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'UsePAM no',
      'PidFile none',
      'LogLevel INFO',
      '',
    ].join('\n'),
  );
  let log = '';
  const argv = [SSHD, '-f', join(dir, 'sshd_config'), '-D', '-e'];
  const server = spawn(options.affinity === undefined ? argv[0]! : 'taskset', options.affinity === undefined ? argv.slice(1) : ['-c', options.affinity, ...argv], { stdio: ['ignore', 'ignore', 'pipe'] });
  server.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const signalAll = (pids: number[], signal: NodeJS.Signals) => {
    for (const pid of pids) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  };
  /** Whether a process is sshd's own (the listener, one per connection), not a shell or target it started. */
  const isSshd = (pid: number): boolean => {
    try {
      // OpenSSH 9.8 names its per-connection processes sshd-session.
      return /^sshd/.test(readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
    } catch {
      return false;
    }
  };
  // sshd's own processes first, as a host that goes away takes its connections down at once: a
  // session's shell killed before its sshd could still send the client its exit status.
  const kill = () => {
    if (server.pid === undefined) return;
    const tree = processTree(server.pid);
    const sshds = tree.filter(isSshd);
    signalAll(sshds, 'SIGKILL');
    signalAll(tree.filter((pid) => !sshds.includes(pid)).reverse(), 'SIGKILL');
    // A killed listener's socket takes connections until the process has exited: a client that
    // came in between was taken and then dropped (CI saw "ssh exited with code 255", not refused).
    untilExited(tree);
  };
  const sshdProcesses = (): number[] => (server.pid === undefined ? [] : processTree(server.pid).filter(isSshd));
  try {
    await waitForListening(port, server, () => log);
  } catch (err) {
    kill();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const sshOptions = [
    '-i', join(dir, 'user_key'),
    '-p', String(port),
    // A stored host may not name a known-hosts file (ssh would write into it): this throwaway
    // server's key is kept nowhere and not checked.
    '-o', 'UserKnownHostsFile=/dev/null',
    '-o', 'StrictHostKeyChecking=no',
    '-o', 'IdentitiesOnly=yes',
    '-o', 'LogLevel=ERROR',
    '-F', '/dev/null',
  ];
  return {
    port,
    destination: `${userInfo().username}@127.0.0.1`,
    sshOptions,
    home,
    hostPublicKey: readFileSync(join(dir, 'host_key.pub'), 'utf8').trim(),
    kill,
    freeze: () => signalAll(sshdProcesses(), 'SIGSTOP'),
    thaw: () => signalAll(sshdProcesses(), 'SIGCONT'),
    hold: () => writeFileSync(join(dir, 'hold'), ''),
    release: () => rmSync(join(dir, 'hold'), { force: true }),
    held: () => (existsSync(join(dir, 'held')) ? readFileSync(join(dir, 'held'), 'utf8').split('\n').filter(Boolean).length : 0),
    stop() {
      kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
