// A run's folder on a host and the POSIX sh scripts that use it. Paths are relative to the login's
// home ($HOME), where viaSh starts every script:
//   .gmpw/runs/<run id>/bin/target   the cross-compiled target, copied per run
//   .gmpw/runs/<run id>/out/         the harness's -out folder: fetched into the local run folder
//   .gmpw/runs/<run id>/pid          the run's process group (the sh that execs the target leads it)
import { shellQuote } from '../shell-quote';

const RUNS = '.gmpw/runs';
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

  constructor(runId: string) {
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
   * `kill -- -pid` reaches every process it starts; sshd's hang-up ends the group if the link drops.
   */
  run(env: Record<string, string>, args: string[]): string {
    const assignments = Object.entries(env).map(([k, v]) => shellQuote(`${k}=${v}`));
    return `cd ${this.dir} || exit 97; echo $$ > pid; exec env ${[...assignments, './bin/target', ...args.map(shellQuote)].join(' ')}`;
  }

  /**
   * Streams out/metrics.jsonl as the target appends to it, and ends by itself once the target's
   * process is gone (a tail left behind would outlive a dropped connection). It follows by byte
   * offset and reads once more after the target has ended, so the last lines are never lost to a
   * poller that had not woken yet (tail -F on a loaded host did lose them).
   */
  followMetrics(): string {
    const file = `${REMOTE_OUT}/metrics.jsonl`;
    return [
      `cd ${this.dir} || exit 1`,
      'i=0; while [ ! -s pid ]; do i=$((i+1)); [ $i -gt 300 ] && exit 1; sleep 0.1; done',
      'p=$(cat pid); n=0',
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
