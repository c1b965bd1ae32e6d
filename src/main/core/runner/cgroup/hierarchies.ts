// Where this process sits in the cgroup hierarchies: the mount point of each hierarchy (cgroup v1,
// one per controller set, or the v2 unified one) from /proc/self/mountinfo, and the process's own
// group in it from /proc/self/cgroup. Per-run groups are made below the process's own group, the
// one subtree it may be delegated (a container, a systemd user scope).
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

export interface Hierarchy {
  /** The directory of this process's own group in the hierarchy. */
  ownDir: string;
}

export interface Hierarchies {
  /** v1 hierarchies by controller name ("cpu", "freezer", …). */
  v1: Map<string, Hierarchy>;
  /** The cgroup v2 hierarchy (unified, or the "unified" mount of a hybrid setup). */
  v2: Hierarchy | null;
}

/** mountinfo escapes space, tab, newline and backslash as \ooo. */
const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));

interface Mount {
  /** The path inside the hierarchy that the mount shows at its mount point. */
  root: string;
  point: string;
  fstype: string;
  options: string[];
}

function parseMounts(mountinfo: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of mountinfo.split('\n')) {
    // id parent maj:min root mountpoint options [optional…] - fstype source superoptions
    const [pre, post] = line.split(' - ');
    if (!post) continue;
    const pf = pre.split(' ');
    const qf = post.split(' ');
    if (pf.length < 5 || qf.length < 3) continue;
    mounts.push({ root: unescape(pf[3]), point: unescape(pf[4]), fstype: qf[0], options: qf[2].split(',') });
  }
  return mounts;
}

/** The group directory for `path` (from /proc/self/cgroup) under a mount that shows `root`; null when outside its view. */
function dirOf(mount: Mount, path: string): string | null {
  const rel = posix.relative(mount.root, path);
  if (rel.startsWith('..')) return null;
  return join(mount.point, rel);
}

/** Reads the hierarchies from the given /proc texts (tests pass their own). */
export function parseHierarchies(mountinfo: string, procCgroup: string): Hierarchies {
  const mounts = parseMounts(mountinfo);
  const result: Hierarchies = { v1: new Map(), v2: null };
  for (const line of procCgroup.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line);
    if (!m) continue;
    const [, id, controllers, path] = m;
    if (id === '0' && controllers === '') {
      const mount = mounts.find((x) => x.fstype === 'cgroup2');
      const ownDir = mount && dirOf(mount, path);
      if (ownDir) result.v2 = { ownDir };
      continue;
    }
    for (const controller of controllers.split(',')) {
      const mount = mounts.find((x) => x.fstype === 'cgroup' && x.options.includes(controller));
      const ownDir = mount && dirOf(mount, path);
      if (ownDir) result.v1.set(controller, { ownDir });
    }
  }
  return result;
}

export function readHierarchies(): Hierarchies {
  try {
    return parseHierarchies(readFileSync('/proc/self/mountinfo', 'utf8'), readFileSync('/proc/self/cgroup', 'utf8'));
  } catch {
    return { v1: new Map(), v2: null }; // not Linux, or no /proc
  }
}
