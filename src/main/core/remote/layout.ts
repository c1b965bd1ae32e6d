// A run's folder on a host and the POSIX sh scripts that use it. Paths are relative to the login's
// home ($HOME), where viaSh starts every script:
//   .gmpw/runs/<run id>/bin/target   the cross-compiled target, copied per run
//   .gmpw/runs/<run id>/out/         the harness's -out folder: fetched into the local run folder
//   .gmpw/runs/<run id>/pid          the run's process group (the sh that starts the target leads it)
//   .gmpw/runs/<run id>/beats        how many heartbeats from the workbench have arrived (0 at the start)
//   .gmpw/runs/<run id>/status       the target's exit status, once it ended
import { loginShellWord, shellQuote } from '../shell-quote';
import { copyLeftText, keptFilesText } from '../../../shared/kept-files';

const RUNS = '.gmpw/runs';
/** Seconds between the workbench's heartbeats to a run's host, sent while its target runs. */
export const HEARTBEAT_S = 2;
/**
 * Seconds without a heartbeat after which the host takes the link to the workbench as lost and ends
 * the run's process group: well above the heartbeat's interval, near ssh's own keep-alive bound.
 */
export const LOST_AFTER_S = 15;
/**
 * Seconds the host's watchdog waits between SIGTERM and SIGKILL of a run whose link was lost: the
 * harness writes its results on SIGTERM, which takes a few seconds for a large trace (the runner
 * gives a local target as long).
 */
export const LOST_KILL_GRACE_S = 5;
/** The file the watchdog writes in the run folder before it ends the target: the fetch reports it. */
export const LOST_MARK = 'lost';

/**
 * "running" when a process of group $p is alive (a zombie is not), "ended" when none is; nothing
 * when ps cannot tell (a host without it): a target whose session stalled may have ended unseen,
 * a zombie until its parent, stalled too, reaps it.
 */
const GROUP_LIVENESS = `s=$(ps -e -o pgid= -o stat= 2>/dev/null) && printf '%s\\n' "$s" | awk -v g="$p" '$1 == g && $2 !~ /^Z/ { live = 1 } END { print live ? "running" : "ended" }'`;
/**
 * The file in the run folder with the target's exit status once it ended (a shell's: 128 + signal
 * for a signal): the fetch reports it, as `STATUS_FILE N` on stderr.
 */
export const STATUS_FILE = 'status';
/** Days after which a run folder left by a lost connection is removed by the next run on the host. */
const STALE_DAYS = 1;
/** What stop() prints before the state of the run's process group (`running` or `ended`). */
export const GROUP_MARK = 'gmpw-group';
/** What kept() prints when the run's out/ is still on the host. */
export const KEPT_MARK = 'gmpw-kept';
/** The line the follower writes on stderr once its watchdog guards the target. */
export const GUARDED_MARK = 'gmpw-guarded';
/** What the sweep prints before each line of its report (a login's startup files may print too). */
export const SWEEP_MARK = 'gmpw-sweep';
/** The harness's -out, relative to the run folder it starts in. */
export const REMOTE_OUT = 'out';

/**
 * A script for the login shell (sh, bash, zsh, fish): exec'd into POSIX sh, in the login's home
 * (sshd starts there, but a shell's startup file may have moved elsewhere). The script is one word
 * that each of those shells reads alike (loginShellWord: fish's quotes are not POSIX's); the values
 * quoted inside it are for sh alone. csh cannot take it: its quotes do not span lines.
 */
export const viaSh = (script: string): string => `exec sh -c ${loginShellWord(`cd || exit 1\n${script}`)}`;

/**
 * The sh case pattern of a pid file's content `$p` that can name no run's group: empty, not a plain
 * number, 0 or a leading zero (`kill -- -0` is the caller's own group) and 1 (`kill -- -1` is every
 * process of the user). Every kill of a group a pid file names is guarded by it.
 */
const NOT_A_GROUP = "''|*[!0-9]*|0*|1";

/**
 * The sh function `ours DIR`: true, with `p` set to the group, when the run folder DIR's pid file
 * names a live process group that is still that run's: one of its processes works in DIR or runs
 * its target (/proc cwd, exe). A pid file read long after its run (a sweep after a reboot, a home
 * shared with another machine, a fetch days later) may name a group that took the number since: a
 * tmux server of the same user. Never a number NOT_A_GROUP refuses. Without /proc no group is
 * taken for a run's. Every kill of a group a pid file names, but for signal()'s during the run
 * (which checks the number alone), goes through it.
 */
const OURS = [
  'ours() {',
  '  p=$(cat "$1/pid" 2>/dev/null)',
  `  case $p in ${NOT_A_GROUP}) return 1;; esac`,
  '  [ -d /proc/self ] && kill -s 0 -- -"$p" 2>/dev/null || return 1',
  '  for q in $(ps -e -o pid= -o pgid= 2>/dev/null | awk -v g="$p" \'$2 == g { print $1 }\'); do',
  '    { [ "/proc/$q/cwd" -ef "$1" ] || [ "/proc/$q/exe" -ef "$1/bin/target" ]; } && return 0',
  '  done',
  '  return 1',
  '}',
].join('\n');

/**
 * Ends what earlier runs left running on the host, and says so: a POSIX sh script that reports on
 * stdout, one `SWEEP_MARK what id [seconds]` line each, about every run folder (but `self`'s) whose
 * pid file names a live process group that is that run's:
 *   killed ID     it had no heartbeat for `lostAfterS` (or no beats file, so no watchdog): its
 *                 group was killed (SIGKILL) and its folder removed
 *   ended ID S    it ended by itself (its own watchdog, its end) while the sweep waited S seconds
 *   busy ID       its heartbeats arrive: another workbench's live run, left alone
 * The group is the run's only when one of its processes works in the run's folder or runs its
 * target (/proc cwd, exe): a pid file left long ago, after a reboot or on another machine sharing
 * the home, may name a group that reused the id. Without /proc nothing is taken for a run's (the
 * watchdog still ends a lost target).
 * Heartbeats are watched for up to lostAfterS, a second apart, and only while a live group is
 * undecided. Then folders more than STALE_DAYS old go, but a busy run's.
 */
export function sweep(opts: { self?: string; lostAfterS?: number } = {}): string {
  const lostAfterS = opts.lostAfterS ?? LOST_AFTER_S;
  const self = opts.self === undefined ? '' : `${shellQuote(opts.self)}|`;
  const report = (what: string) => `echo "${SWEEP_MARK} ${what}"`;
  return [
    `[ -d ${RUNS} ] || exit 0`,
    OURS,
    'beats() { b=$(cat "$1/beats" 2>/dev/null); case $b in *[!0-9]*) b=x;; esac; echo "$b"; }',
    'pending=; busy=" "',
    `for d in ${RUNS}/*; do`,
    '  id=${d##*/}',
    `  case $id in ${self}*[!0-9A-Za-z._-]*) continue;; esac`,
    '  ours "$d" || continue',
    `  if [ -f "$d/beats" ]; then pending="$pending $id:$p:$(beats "$d")"; else kill -s KILL -- -"$p" 2>/dev/null; rm -rf "$d"; ${report('killed $id')}; fi`,
    'done',
    'waited=0',
    'while [ -n "$pending" ]; do',
    '  left=',
    '  for e in $pending; do',
    '    id=${e%%:*}; r=${e#*:}; p=${r%%:*}; b=${r#*:}; d=' + RUNS + '/$id',
    `    if ! kill -s 0 -- -"$p" 2>/dev/null; then ${report('ended $id $waited')}`,
    `    elif [ "$(beats "$d")" != "$b" ]; then busy="$busy$id "; ${report('busy $id')}`,
    `    elif [ $waited -ge ${lostAfterS} ]; then kill -s KILL -- -"$p" 2>/dev/null; rm -rf "$d"; ${report('killed $id')}`,
    '    else left="$left $e"; fi',
    '  done',
    '  pending=$left',
    '  if [ -n "$pending" ]; then sleep 1; waited=$((waited+1)); fi',
    'done',
    // Busy ids are names of [0-9A-Za-z._-] (checked above): safe as find's -name patterns.
    'keep=; for id in $busy; do keep="$keep ! -name $id"; done',
    `find ${RUNS} -mindepth 1 -maxdepth 1 -mmin +${STALE_DAYS * 24 * 60} $keep -exec rm -rf {} + 2>/dev/null`,
  ].join('\n');
}

export class RemoteRunDir {
  readonly dir: string;

  /** `lostAfterS` is LOST_AFTER_S but in tests of the scripts themselves. */
  constructor(
    readonly runId: string,
    private readonly lostAfterS = LOST_AFTER_S,
  ) {
    this.dir = `${RUNS}/${runId}`;
  }

  /**
   * Sweeps what earlier runs left (sweep(): its report on stdout), then reads the target from stdin
   * into bin/target. The sweep runs in a subshell, its stdin /dev/null: it ends with `exit`.
   */
  upload(): string {
    return [
      `(${sweep({ self: this.runId, lostAfterS: this.lostAfterS })}\n) </dev/null`,
      `mkdir -p ${this.dir}/bin ${this.dir}/${REMOTE_OUT} && cat > ${this.dir}/bin/target && chmod 755 ${this.dir}/bin/target`,
    ].join('\n');
  }

  /**
   * Runs the target in the ssh session's process group, which this sh leads (pid names it), so
   * `kill -- -pid` reaches every process the target starts. sh waits for the target and writes its
   * exit status into STATUS_FILE, which the session's end cannot always carry: ssh exits 255 for a
   * target that a signal ended, as for a target's own 255 and for its own failures. sh outlives the
   * stop signals that end the target (its traps, set before pid names the group; a trapped signal
   * is the default again in the target), but SIGKILL and SIGHUP: sshd's hang-up of the session
   * reaches its leader, sh, alone, and sh's end hangs up the terminal's foreground group, the
   * target. sshd hangs up only when it notices the link is gone, which it may never do (a cut link,
   * a frozen sshd): follow()'s watchdog ends the group then. beats starts at 0 before pid names the
   * group, so a live run always has one.
   */
  run(env: Record<string, string>, args: string[]): string {
    const assignments = Object.entries(env).map(([k, v]) => shellQuote(`${k}=${v}`));
    return [
      `cd ${this.dir} || exit 97; trap : INT TERM; echo 0 > beats; echo $$ > pid`,
      `env ${[...assignments, './bin/target', ...args.map(shellQuote)].join(' ')}`,
      `s=$?; echo $s > ${STATUS_FILE}; exit $s`,
    ].join('\n');
  }

  /**
   * Streams out/metrics.jsonl as the target appends to it, and guards the target against a lost
   * link. The workbench writes a line to this session's stdin every HEARTBEAT_S; a reader counts
   * them into beats, and a watchdog that checks the count every second ends the target's group
   * (SIGTERM, then SIGKILL) when it has not moved for lostAfterS checks, then this session's own
   * group (its follower may be stuck writing into the dead link). Neither writes to the session, so
   * a link that no longer drains it cannot stop them. Without a heartbeat nothing waits on sshd.
   *
   * It says GUARDED_MARK on stderr once the watchdog runs: a session that never got that far guards
   * nothing. The follower ends by itself once the target's process is gone, the watchdog a second
   * later and the reader with it. A follower that dies first (its session closed, it wrote into the
   * closed pipe) leaves the watchdog guarding the target: its heartbeats came through that session.
   * It follows by byte offset and reads once more after the target has ended, so the last lines are
   * never lost to a poller that had not woken yet (tail -F on a loaded host did lose them). The
   * session's sh leads its process group (sshd starts each session with setsid).
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
      // Renamed into place: a reader of beats (the watchdog, a sweep, a test) never sees it empty mid-write.
      '(b=0; while IFS= read -r line <&3; do b=$((b+1)); echo $b > beats.new && mv -f beats.new beats; done) >/dev/null 2>&1 &',
      'reader=$!; exec 3<&-',
      [
        '(last=; quiet=0',
        `while kill -0 "$self" 2>/dev/null || kill -s 0 ${target} 2>/dev/null; do`,
        '  b=$(cat beats 2>/dev/null); if [ "$b" != "$last" ]; then last=$b; quiet=0; else quiet=$((quiet+1)); fi',
        `  if [ $quiet -ge ${this.lostAfterS} ]; then`,
        // Said in the folder first: a link that is still up (a workbench asleep) fetches it with the
        // results. Not of a target that had ended by itself (its group zombies at most: its shell,
        // stuck writing into the dead link, had not reaped it): that one was not cut short.
        `    [ "$(${GROUP_LIVENESS})" = ended ] || echo "$quiet" > ${LOST_MARK}`,
        `    kill -s TERM ${target} 2>/dev/null; i=0; while kill -s 0 ${target} 2>/dev/null && [ $i -lt ${LOST_KILL_GRACE_S} ]; do sleep 1; i=$((i+1)); done`,
        `    kill -s KILL ${target} 2>/dev/null; kill -s KILL -- -"$self"`,
        '  fi',
        '  sleep 1',
        // The end of this session's group: the reader's pid alone could have been reused by now.
        'done; kill -- -"$self" 2>/dev/null) </dev/null >/dev/null 2>&1 &',
      ].join('\n'),
      `echo ${GUARDED_MARK} >&2`,
      // Prints the bytes from offset n to the size measured now (never past it: the target may be writing).
      `send_new_bytes() { [ -f ${file} ] || return 0; s=$(($(wc -c < ${file}))); [ "$s" -gt "$n" ] || return 0; tail -c +$((n+1)) ${file} | head -c $((s-n)); n=$s; }`,
      'while kill -0 "$p" 2>/dev/null; do send_new_bytes; sleep 0.2; done',
      'send_new_bytes',
    ].join('\n');
  }

  /**
   * Sends `signal` to the run's process group; a group already gone is not an error. A pid file
   * that names no run's group (NOT_A_GROUP: 1 would be every process of the user) is not signalled.
   */
  signal(signal: 'TERM' | 'KILL'): string {
    return `p=$(cat ${this.dir}/pid 2>/dev/null) && case $p in ${NOT_A_GROUP}) ;; *) kill -s ${signal} -- -"$p" 2>/dev/null;; esac; true`;
  }

  /**
   * signal(), first saying on stdout whether a process of the run's group was still alive
   * (`GROUP_MARK running`, or `ended`; nothing when ps cannot tell, or the pid file names no
   * group): a target whose session stalled may have ended unseen, left a zombie until its sshd,
   * stalled too, reaps it.
   */
  stop(signal: 'TERM' | 'KILL'): string {
    return [
      `p=$(cat ${this.dir}/pid 2>/dev/null) && case $p in ${NOT_A_GROUP}) false;; esac && g=$(${GROUP_LIVENESS}) && echo "${GROUP_MARK} $g"`,
      this.signal(signal),
    ].join('\n');
  }

  /**
   * Writes out/ as a tar stream on stdout, then kills any process of the run left, but only a group
   * that is still the run's (OURS): the fetch that files kept on the host wait for may come days
   * after the run, when its pid file's number may be another program's. The folder stays:
   * `remove()` goes once the workbench holds the files, so a fetch cut short anywhere (the link
   * dropped, the workbench stopped reading, bytes still in flight) leaves the run's only copy here.
   * First, on stderr, `LOST_MARK N` when the watchdog ended the target after N quiet seconds, and
   * `STATUS_FILE N` when the target's exit status was recorded.
   */
  fetch(): string {
    return [
      ...[LOST_MARK, STATUS_FILE].map((f) => `[ -f ${this.dir}/${f} ] && echo "${f} $(cat ${this.dir}/${f})" >&2`),
      `(cd ${this.dir}/${REMOTE_OUT} && tar -cf - .); s=$?`,
      OURS,
      `ours ${this.dir} && kill -s KILL -- -"$p" 2>/dev/null`,
      'exit $s',
    ].join('\n');
  }

  /** Says KEPT_MARK on stdout when the host still keeps the run's out/ (a fetch that did not come through). */
  kept(): string {
    return `[ -d ${this.dir}/${REMOTE_OUT} ] && echo ${KEPT_MARK}; true`;
  }

  /** Removes the run's folder, after its files were fetched. */
  remove(): string {
    return `rm -rf ${this.dir}`;
  }

  /** The run's folder there, which could not be removed (why) after its files came, for the message that says so. */
  copyLeftAt(hostName: string, reason: string): string {
    return copyLeftText(hostName, this.dir, reason, STALE_DAYS);
  }

  /** Where a fetch that did not come through left the run's files, for the message that says so. */
  keptAt(hostName: string): string {
    return keptFilesText(hostName, `${this.dir}/${REMOTE_OUT}`, STALE_DAYS);
  }
}
