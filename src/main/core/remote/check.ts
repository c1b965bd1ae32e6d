// `hosts.check`: one ssh command prints every fact that decides how a run on the host behaves
// (platform, CPUs, kernel, the login's cgroup and its CPU quota), parsed here into a HostCheck.
import type { Host, HostCheck } from '../../../shared/hosts';
import { goarchOf, goosOf } from './platform';
import { loginShellWord } from '../shell-quote';
import { sshFailure, sshRun } from './ssh';

/**
 * POSIX sh, one key=value per line. The quota is the smallest along the login's cgroup path: a
 * parent's cpu.max limits every cgroup below it (cgroup v2); v1 reports its cpu controller's own.
 */
export const PROBE = [
  'echo "os=$(uname -s)"',
  'echo "arch=$(uname -m)"',
  'echo "kernel=$(uname -r)"',
  // The CPUs the login may run on: nproc counts its affinity (a pinned or cpuset-limited host), as
  // Go's NumCPU and this machine's availableParallelism do; macOS has no nproc, only online CPUs.
  'echo "ncpu=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null)"',
  'if [ -f /sys/fs/cgroup/cgroup.controllers ]; then',
  '  echo cgroup=v2',
  '  p=$(sed -n "s/^0:://p" /proc/self/cgroup 2>/dev/null); d=/sys/fs/cgroup${p%/}',
  '  while :; do [ -f "$d/cpu.max" ] && echo "cpumax=$(cat "$d/cpu.max")"; [ "$d" = /sys/fs/cgroup ] && break; d=${d%/*}; done',
  'elif [ -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then',
  '  echo cgroup=v1',
  '  echo "cpumax=$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us) $(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)"',
  'else echo cgroup=none; fi',
].join('\n');

/** "max 100000", "150000 100000" (v2), "-1 100000" (v1) → CPUs, null when unlimited. */
function quotaCpus(line: string): number | null {
  const [quota, period] = line.trim().split(/\s+/);
  const q = Number(quota);
  const p = Number(period);
  return quota === 'max' || !(q > 0) || !(p > 0) ? null : q / p;
}

export function parseProbe(name: string, stdout: string, seconds: number): HostCheck {
  const values = new Map<string, string[]>();
  for (const line of stdout.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq > 0) values.set(line.slice(0, eq), [...(values.get(line.slice(0, eq)) ?? []), line.slice(eq + 1).trim()]);
  }
  const one = (key: string): string | null => values.get(key)?.[0] || null;
  const os = one('os');
  const arch = one('arch');
  const ncpu = Number(one('ncpu'));
  const cgroup = one('cgroup');
  const quotas = (values.get('cpumax') ?? []).map(quotaCpus).filter((q): q is number => q !== null);
  return {
    name,
    reachable: true,
    error: null,
    seconds,
    os,
    arch,
    goos: os ? goosOf(os) : null,
    goarch: arch ? goarchOf(arch) : null,
    numCpu: Number.isInteger(ncpu) && ncpu > 0 ? ncpu : null,
    kernel: one('kernel'),
    cgroup: cgroup === 'v1' || cgroup === 'v2' || cgroup === 'none' ? cgroup : null,
    cpuQuota: quotas.length > 0 ? Math.min(...quotas) : null,
  };
}

/**
 * How long a check may take, the connection included: a host can accept the connection and then
 * hang (a home on a hung mount, a login script waiting), and a check, or a run's, must still end.
 */
export const CHECK_TIMEOUT_MS = 30_000;

export async function checkHost(host: Host, timeoutMs = CHECK_TIMEOUT_MS): Promise<HostCheck> {
  const started = Date.now();
  // Through sh whatever the login shell is (fish, csh): the probe is POSIX sh.
  const result = await sshRun(host, `sh -c ${loginShellWord(PROBE)}`, { timeoutMs });
  const seconds = (Date.now() - started) / 1000;
  if (result.code !== 0) {
    return { name: host.name, reachable: false, error: sshFailure(result), seconds, os: null, arch: null, goos: null, goarch: null, numCpu: null, kernel: null, cgroup: null, cpuQuota: null };
  }
  return parseProbe(host.name, result.stdout, seconds);
}
