// A run's folder on a host and the POSIX sh scripts that use it. Paths are relative to the login's
// home ($HOME), where viaSh starts every script:
//   .gmpw/runs/<run id>/bin/target   the cross-compiled target, copied per run
//   .gmpw/runs/<run id>/out/         the harness's -out folder: fetched into the local run folder
//   .gmpw/runs/<run id>/pid          the run's process group (the sh that execs the target leads it)
//   .gmpw/runs/<run id>/beats        how many heartbeats from the workbench have arrived (0 at the start)
import { shellQuote } from '../shell-quote';

const RUNS = '.gmpw/runs';
/** Seconds between the workbench's heartbeats to a run's host, sent while its target runs. */
export const HEARTBEAT_S = 2;
/**
 * Seconds without a heartbeat after which the host takes the link to the workbench as lost and ends
 * the run's process group: well above the heartbeat's interval, near ssh's own keep-alive bound.
 */
export const LOST_AFTER_S = 15;
/** Seconds the host's watchdog waits between SIGTERM and SIGKILL of a run whose link was lost. */
const LOST_KILL_GRACE_S = 2;
/** Days after which a run folder left by a lost connection is removed by the next run on the host. */
const STALE_DAYS = 1;
/** The harness's -out, relative to the run folder it starts in. */
export const REMOTE_OUT = 'out';

/**
 * A script for the login shell, whichever it is (bash, fish, csh): exec'd into POSIX sh, in the
 * login's home (sshd starts there, but a shell's startup file may have moved elsewhere).
 */
export const viaSh = (script: string): string => `exec sh -c ${shellQuote(`cd || exit 1\n${script}`)}`;

export class RemoteRunDir {
  readonly dir: string;

  /** `lostAfterS` is LOST_AFTER_S but in tests of the scripts themselves. */
  constructor(runId: string, private readonly lostAfterS = LOST_AFTER_S) {
    this.dir = `${RUNS}/${runId}`;
  }

  /** Reads the target from stdin into bin/target; clears folders that lost connections left. */
  upload(): string {
    return [
      `find ${RUNS} -mindepth 1 -maxdepth 1 -mtime +${STALE_DAYS} -exec rm -rf {} + 2>/dev/null`,
      `mkdir -p ${this.dir}/bin ${this.dir}/${REMOTE_OUT} && cat > ${this.dir}/bin/target && chmod 755 ${this.dir}/bin/target`,
    ].join('; ');
  }

  /**
   * Runs the target as the leader of the ssh session's process group (exec keeps sh's pid), so
   * `kill -- -pid` reaches every process it starts. sshd's hang-up ends the group only when sshd
   * notices the link is gone, which it may never do (a cut link, a frozen sshd): follow()'s watchdog
   * ends it then. beats starts at 0 before pid names the group, so a live run always has one.
   */
  run(env: Record<string, string>, args: string[]): string {
    const assignments = Object.entries(env).map(([k, v]) => shellQuote(`${k}=${v}`));
    return `cd ${this.dir} || exit 97; echo 0 > beats; echo $$ > pid; exec env ${[...assignments, './bin/target', ...args.map(shellQuote)].join(' ')}`;
  }

  /**
   * Streams out/metrics.jsonl as the target appends to it, and guards the target against a lost
   * link. The workbench writes a line to this session's stdin every HEARTBEAT_S; a reader counts
   * them into beats, and a watchdog that checks the count every second ends the target's group
   * (SIGTERM, then SIGKILL) when it has not moved for lostAfterS checks, then this session's own
   * group (its follower may be stuck writing into the dead link). Neither writes to the session, so
   * a link that no longer drains it cannot stop them. Without a heartbeat nothing waits on sshd.
   *
   * The follower ends by itself once the target's process is gone, the watchdog a second later and
   * the reader with it. It follows by byte offset and reads once more after the target has ended, so
   * the last lines are never lost to a poller that had not woken yet (tail -F on a loaded host did
   * lose them). The session's sh leads its process group (sshd starts each session with setsid).
   */
  follow(): string {
    const file = `${REMOTE_OUT}/metrics.jsonl`;
    const target = '-- -"$p"';
    return [
      `cd ${this.dir} || exit 1`,
      // The heartbeats are for the reader alone: an asynchronous list's stdin would be /dev/null.
      'exec 3<&0 </dev/null',
      'i=0; while [ ! -s pid ]; do i=$((i+1)); [ $i -gt 300 ] && exit 1; sleep 0.1; done',
      'p=$(cat pid); n=0; self=$$',
      '(b=0; while IFS= read -r line <&3; do b=$((b+1)); echo $b > beats; done) >/dev/null 2>&1 &',
      'reader=$!; exec 3<&-',
      [
        '(last=; quiet=0',
        'while kill -0 "$self" 2>/dev/null; do',
        '  b=$(cat beats 2>/dev/null); if [ "$b" != "$last" ]; then last=$b; quiet=0; else quiet=$((quiet+1)); fi',
        `  if [ $quiet -ge ${this.lostAfterS} ]; then`,
        `    kill -s TERM ${target} 2>/dev/null; i=0; while kill -s 0 ${target} 2>/dev/null && [ $i -lt ${LOST_KILL_GRACE_S} ]; do sleep 1; i=$((i+1)); done`,
        `    kill -s KILL ${target} 2>/dev/null; kill -s KILL -- -"$self"`,
        '  fi',
        '  sleep 1',
        'done; kill "$reader" 2>/dev/null) </dev/null >/dev/null 2>&1 &',
      ].join('\n'),
      // Prints the bytes from offset n to the size measured now (never past it: the target may be writing).
      `send_new_bytes() { [ -f ${file} ] || return 0; s=$(($(wc -c < ${file}))); [ "$s" -gt "$n" ] || return 0; tail -c +$((n+1)) ${file} | head -c $((s-n)); n=$s; }`,
      'while kill -0 "$p" 2>/dev/null; do send_new_bytes; sleep 0.2; done',
      'send_new_bytes',
    ].join('\n');
  }

  /** Sends `signal` to the run's process group; a group already gone is not an error. */
  signal(signal: 'TERM' | 'KILL'): string {
    return `p=$(cat ${this.dir}/pid 2>/dev/null) && kill -s ${signal} -- -"$p" 2>/dev/null; true`;
  }

  /** Writes out/ as a tar stream on stdout, then kills any process of the run left and removes the folder. */
  fetchAndRemove(): string {
    return [
      `(cd ${this.dir}/${REMOTE_OUT} && tar -cf - .); s=$?`,
      this.signal('KILL'),
      `rm -rf ${this.dir}`,
      'exit $s',
    ].join('; ');
  }
}
