// The user's own OpenSSH client, driven as a person would: the host's destination and options,
// never a password prompt (BatchMode), and keep-alives so a host that vanishes ends the session
// within seconds instead of hanging it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { SSH_CLOSED } from '../process/exit-message';
import { shellQuote } from '../shell-quote';
import type { Host } from '../../../shared/hosts';

/** ssh's exit status for its own failures (connection refused, lost, authentication). */
export const SSH_FAILED = 255;
/** Seconds between keep-alives and how many may go unanswered: a dead host is noticed in ~15 s. */
const ALIVE_INTERVAL_S = 5;
const ALIVE_COUNT = 3;
const CONNECT_TIMEOUT_S = 10;

/**
 * The ssh argument list for `command` on `host`. The host's own options come first: ssh keeps the
 * first value it reads for an option, so a per-host choice wins over the workbench's defaults.
 */
export function sshArgs(host: Pick<Host, 'destination' | 'sshOptions'>, command: string, extra: string[] = []): string[] {
  return [
    ...host.sshOptions,
    ...extra,
    '-o', 'BatchMode=yes',
    '-o', `ConnectTimeout=${CONNECT_TIMEOUT_S}`,
    '-o', `ServerAliveInterval=${ALIVE_INTERVAL_S}`,
    '-o', `ServerAliveCountMax=${ALIVE_COUNT}`,
    '--', host.destination, command,
  ];
}

export interface SshResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `command` on the host and collects its output; `input` is written to its stdin, `extra`
 * options come after the host's own (which win) and before the workbench's defaults. `timeoutMs`
 * bounds it whole: ConnectTimeout bounds only the connection, and a host that answers keep-alives
 * may still hang in the command (a home on a hung mount).
 */
export function sshRun(host: Pick<Host, 'destination' | 'sshOptions'>, command: string, opts: { input?: Readable; extra?: string[]; timeoutMs?: number } = {}): Promise<SshResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', sshArgs(host, command, opts.extra), { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    const deadline =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            stderr += `no answer within ${opts.timeoutMs! / 1000} s`;
            child.kill('SIGKILL');
          }, opts.timeoutMs);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    if (opts.input) {
      opts.input.on('error', (err: Error) => {
        child.kill('SIGKILL');
        reject(new Error(`could not read what was to be sent: ${err.message}`));
      });
      // The command may stop reading before the input ends (its `cat > file` refused: a read-only or
      // full disk), and the writes then fail with EPIPE: its exit status and stderr say why, on 'close'.
      child.stdin.on('error', () => undefined);
      opts.input.pipe(child.stdin);
    } else {
      child.stdin.end();
    }
    child.on('error', (err) => {
      clearTimeout(deadline);
      reject(new Error(`ssh could not start: ${err.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(deadline);
      // An input the command stopped reading is still open (pipe() only unpipes it): its file would leak.
      opts.input?.destroy();
      resolve({ code, stdout, stderr });
    });
  });
}

/** Resolves with a child's exit code once it has closed, or null when it could not start. */
export function closed(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('close', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
}

/**
 * What the ssh client itself prints when a link fails under a session, as against its line at the
 * end of every session ("Connection to h closed.", which a target's own exit 255 ends with too).
 */
const LINK_LOST = /^(Connection to \S+ closed by remote host|Connection (closed|reset) by |Connection to \S+ port \d+ timed out|Read from remote host |client_loop: |ssh_dispatch_run_fatal: |packet_write_wait: |Timeout, server \S+ not responding)/;
/** How many of a session's last lines may hold it (after it: "Connection to h closed."). */
const LINK_LOST_TAIL = 4;

/** The line in a session's last output where ssh says the link was lost, or null. */
export function linkLostLine(output: string): string | null {
  return tailLines(output).find((l) => LINK_LOST.test(l)) ?? null;
}

/** A session's last lines, where ssh's own come after the target's. */
function tailLines(output: string): string[] {
  const lines = output.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.slice(-LINK_LOST_TAIL);
}

/**
 * Why ssh ended a session it failed, in its own words: the link's loss, or a connection it could
 * not make ("ssh: connect to host …"); else why it said nothing. The target's own last lines are
 * never taken for ssh's.
 */
export function sessionFailure(output: string, sshOptions: readonly string[]): string {
  return linkLostLine(output) ?? tailLines(output).filter((l) => l.startsWith('ssh: ')).at(-1) ?? sshSilence(sshOptions);
}

/**
 * Why ssh said nothing of a failure: it says why it gave up on a link ("Timeout, server … not
 * responding.") at its default LogLevel, INFO, and a lower one keeps it quiet. Named when the host's
 * own options set it (ssh keeps the first value, and those come first: sshArgs).
 */
function sshSilence(sshOptions: readonly string[]): string {
  const options = ` ${sshOptions.join(' ')}`;
  const level = /\s-o\s*LogLevel\s*[=\s]\s*(\S+)/i.exec(options)?.[1];
  if (level !== undefined && /^(quiet|fatal|error)$/i.test(level)) return `ssh gave no reason: this host's option LogLevel=${level} keeps it from saying why`;
  if (/\s-[46Cvakx]*q/.test(options)) return "ssh gave no reason: this host's option -q keeps it from saying why";
  return 'ssh gave no reason: a LogLevel of ERROR, FATAL or QUIET in your ssh configuration would keep it from saying why';
}

/** The line of ssh's error output that says why it failed ("Connection refused", "Permission denied"). */
export function sshFailure(result: SshResult): string {
  // ssh's notes of a closed session and of a host key it added say nothing of why it failed.
  const lines = result.stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !SSH_CLOSED.test(l) && !l.startsWith('Warning: Permanently added '));
  const last = lines.at(-1);
  // A key file ssh could not read is why a login is then refused (it warns of it first), not why a
  // connection is: said beside "Permission denied" alone.
  const keyFile = lines.find((l) => /^Warning: Identity file .+ not accessible/.test(l));
  if (last !== undefined && keyFile !== undefined && /Permission denied/.test(last)) return `${last} (${keyFile.replace(/^Warning: /, '')})`;
  if (last === HOST_KEY_FAILED) return `${last} ${hostKeyAdvice(lines)}`;
  return last ?? `ssh exited with code ${result.code}`;
}

/** ssh's last line when it will not trust the host's key, whether unknown or changed. */
const HOST_KEY_FAILED = 'Host key verification failed.';

/**
 * What to do about a host key ssh refused. Under BatchMode ssh cannot ask, so an unknown key ends
 * in the same line as a changed one: the advice tells them apart where ssh said which, and leads to
 * checking the key in a terminal rather than to turning the check off.
 */
function hostKeyAdvice(lines: readonly string[]): string {
  const changed = lines.map((l) => /^Host key for (\S+) has changed/.exec(l)?.[1]).find((name) => name !== undefined);
  if (changed !== undefined) {
    // The file that holds the old key is ssh's to say: a host's own UserKnownHostsFile, else ~/.ssh/known_hosts.
    const file = lines.map((l) => /^Offending \S+ key in (.+):\d+$/.exec(l)?.[1]).find((f) => f !== undefined);
    // A command to paste into the user's own shell: quoted as that shell reads it.
    const remove = `ssh-keygen${file === undefined ? '' : ` -f ${shellQuote(file)}`} -R ${shellQuote(changed)}`;
    return `(the key ${changed} sent is not the one your known_hosts holds for it: another machine answers, or its key was replaced; if its administrator confirms the change, remove the old key with ${remove} and connect once with ssh in a terminal to accept the new one)`;
  }
  // No word of a change: a key never accepted here, or a LogLevel that keeps ssh from saying.
  return '(ssh accepted no key it holds for this host; if the host is new to you, connect once with ssh in a terminal, check the fingerprint it shows, and accept it: the workbench never accepts a key for you)';
}

/**
 * What ssh itself says of a host's options, read as it would read them (`ssh -G`: the configuration
 * it would use, without connecting): null when it takes them (or no ssh is here to ask), else its
 * complaint. The allowlist (shared/hosts.ts) decides which options a host may carry; only ssh knows
 * whether their values parse ("Port=22 -oProxyCommand=x" is one Port with extra arguments).
 */
export function sshOptionsProblem(sshOptions: readonly string[]): Promise<string | null> {
  if (sshOptions.length === 0) return Promise.resolve(null);
  return new Promise((resolve) => {
    // The options alone: not the user's ~/.ssh/config (its own mistakes, its Match exec), and not
    // the destination, since -G reads some that ssh takes to connect (ssh://me@[::1]:2222) as usage errors.
    execFile('ssh', ['-G', '-T', '-F', '/dev/null', ...sshOptions, '--', 'options-check.invalid'], { timeout: 10_000 }, (err, _stdout, stderr) => {
      if (!err || (err as NodeJS.ErrnoException).code === 'ENOENT') return resolve(null);
      if (err.killed) return resolve('ssh -G did not answer within 10 s');
      const said = stderr.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('Warning:'));
      resolve(said.join('; ') || (err.signal ? `ssh -G was ended by ${err.signal}` : `ssh -G exited with code ${err.code}`));
    });
  });
}
