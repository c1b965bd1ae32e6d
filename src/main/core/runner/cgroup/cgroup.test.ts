// Per-run cgroups on this machine's real hierarchies (as root, as CI runs): a process tree that
// ignores SIGTERM and SIGHUP, with an orphan that called setsid, joins its group before it runs
// and is ended whole. Each backend is tested where its hierarchy is mounted and writable; a skip
// names what is missing. The parsing of /proc is tested on texts of known setups.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmdirSync, writeFileSync } from 'node:fs';

import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveProcessesMentioning } from '../../../../../test/support/run-core';
import { detectCgroups, enterCommand, openRecorded, type RunCgroup } from './index';
import { parseHierarchies, readHierarchies } from './hierarchies';
import { V1RunCgroup } from './v1';
import { V2RunCgroup } from './v2';
import { scratchDir } from '../../../../../test/support/scratch';

const HYBRID_MOUNTS = [
  '32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu',
  '37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer',
  '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
].join('\n');

describe('hierarchies', () => {
  it('finds each v1 controller and v2 with the process own group in it', () => {
    const h = parseHierarchies(HYBRID_MOUNTS, '6:freezer:/ci/job\n1:cpu:/ci\n0::/user.slice/x.scope\n');
    expect(h.v1.get('cpu')).toEqual({ ownDir: '/sys/fs/cgroup/cpu/ci' });
    expect(h.v1.get('freezer')).toEqual({ ownDir: '/sys/fs/cgroup/freezer/ci/job' });
    expect(h.v2).toEqual({ ownDir: '/sys/fs/cgroup/unified/user.slice/x.scope' });
  });

  it('maps a container mount that shows only its own subtree, and unescapes mount points', () => {
    const mounts = '50 40 0:30 /docker/abc /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n51 40 0:31 / /mnt/with\\040space rw - cgroup cgroup rw,freezer';
    const h = parseHierarchies(mounts, '0::/docker/abc/inner\n3:freezer:/\n');
    expect(h.v2).toEqual({ ownDir: '/sys/fs/cgroup/inner' });
    expect(h.v1.get('freezer')).toEqual({ ownDir: '/mnt/with space' });
    // A group outside what the mount shows cannot be reached through it.
    expect(parseHierarchies(mounts, '0::/elsewhere\n').v2).toBeNull();
  });

  it('says why when nothing is possible, and a CPU limit is then refused with the same reason', () => {
    expect(detectCgroups({ v1: new Map(), v2: null }, 'darwin')).toMatchObject({ group: null, reason: 'cgroups exist on Linux only', cpuLimitReason: 'cgroups exist on Linux only' });
    expect(detectCgroups({ v1: new Map(), v2: null }, 'linux')).toMatchObject({ group: null, reason: 'no cgroup hierarchy is mounted' });
    expect(detectCgroups({ v1: new Map([['cpu', { ownDir: '/sys/fs/cgroup/cpu' }]]), v2: null }, 'linux').reason).toMatch(/without the freezer controller/);
    const notADir = join(scratchDir('gmpw-cg-'), 'file');
    writeFileSync(notADir, '');
    const unwritable = detectCgroups({ v1: new Map(), v2: { ownDir: notADir } }, 'linux');
    expect(unwritable).toMatchObject({ group: null, reason: `cannot use a cgroup under ${notADir}/gmp-workbench: ENOTDIR` });
  });
});

/** Starts, inside `group`, a shell that ignores SIGTERM/SIGHUP with a child and an orphaned setsid grandchild. */
function startTree(group: RunCgroup, marker: string): void {
  // Every shell keeps the marker as its $0; `sleep 300; :` keeps a shell from exec'ing sleep.
  const grandchildren = `trap "" TERM HUP; sleep 300 & setsid sh -c "trap '' TERM HUP; sleep 300; :" ${marker}-setsid & wait`;
  const target = `trap "" TERM HUP; sh -c '${grandchildren}' ${marker}-child & sleep 300; :`;
  const { file, args } = enterCommand(group, '/bin/sh', ['-c', target, marker]);
  spawn(file, args, { detached: true, stdio: 'ignore' }).unref();
}

async function waitForPids(group: RunCgroup, n: number): Promise<number[]> {
  for (let i = 0; i < 200 && group.pids().length < n; i++) await sleep(10);
  return group.pids();
}

const cpuHierarchy = readHierarchies().v1.get('cpu');
const freezerHierarchy = readHierarchies().v1.get('freezer');
const v2Hierarchy = readHierarchies().v2;

/**
 * A parent for a block's groups below the process's own group: made before the block's tests and
 * removed after them (made as the block was collected, it outlived every run whose filter left the
 * block out). `usable` says, at collection, whether one can be made there, with the file `needs`
 * (cgroup.kill: only a group below the root has it), found by making one for a moment.
 */
function testParent(ownDir: string | undefined, needs?: string): { path: string; usable: boolean } {
  const path = join(ownDir ?? '', `gmpw-test-${process.pid}-${randomBytes(3).toString('hex')}`);
  if (!ownDir) return { path, usable: false };
  let usable = false;
  try {
    mkdirSync(path);
    usable = !needs || existsSync(join(path, needs));
    rmdirSync(path);
  } catch {
    return { path, usable: false };
  }
  if (usable) {
    beforeAll(() => mkdirSync(path));
    afterAll(() => {
      if (existsSync(path)) rmdirSync(path);
    });
  }
  return { path, usable };
}

function endsTheWholeTree(make: () => RunCgroup, minPids: number) {
  return async () => {
    const group = make();
    const marker = `gmpw-cgroup-test-${randomBytes(4).toString('hex')}`;
    startTree(group, marker);
    const pids = await waitForPids(group, minPids);
    expect(pids.length).toBeGreaterThanOrEqual(minPids);
    // The setsid orphan left the session but not the group.
    expect(liveProcessesMentioning(`${marker}-setsid`).length).toBeGreaterThan(0);
    // Ended from its record, as a restart does.
    await openRecorded(group.record).end();
    expect(liveProcessesMentioning(marker)).toEqual([]);
    for (const dir of group.paths) expect(existsSync(dir)).toBe(false);
  };
}

describe('cgroup v1 (cpu + freezer)', () => {
  const cpuParent = testParent(cpuHierarchy?.ownDir);
  const freezerParent = testParent(freezerHierarchy?.ownDir);
  const why = !cpuParent.usable || !freezerParent.usable ? `no writable v1 cpu and freezer hierarchies (cpu ${cpuHierarchy?.ownDir ?? 'not mounted'}, freezer ${freezerHierarchy?.ownDir ?? 'not mounted'})` : '';
  const make = () => V1RunCgroup.named({ cpu: cpuParent.path, freezer: freezerParent.path }, `run-${randomBytes(3).toString('hex')}`).make();

  it.skipIf(why)(`freezes and kills everything in the group, setsid orphans included ${why}`, endsTheWholeTree(make, 6));

  it.skipIf(why)(`sets a CPU limit and reads back the one in force ${why}`, async () => {
    const group = make();
    expect(group.setCpuLimit(0.5)).toBe(0.5);
    expect(group.setCpuLimit(0.0001)).toBe(0.01); // the kernel's floor: 1 ms of a 100 ms period
    expect(group.setCpuLimit(null)).toBeNull();
    await group.end();
  });
});

describe('cgroup v2', () => {
  const parent = testParent(v2Hierarchy?.ownDir, 'cgroup.kill');
  const why = parent.usable ? '' : `no writable cgroup v2 group with cgroup.kill (unified: ${v2Hierarchy?.ownDir ?? 'not mounted'})`;

  it.skipIf(why)(`kills everything in the group with cgroup.kill, setsid orphans included ${why}`, endsTheWholeTree(() => V2RunCgroup.named(parent.path, `run-${randomBytes(3).toString('hex')}`).make(), 6));
});

describe('the run group on this machine', () => {
  const support = detectCgroups();
  it.skipIf(!support.group)(`is made in the workbench's folder of the process's own group ${support.reason ?? ''}`, async () => {
    const group = support.group!('unit');
    for (const dir of group.paths) expect(existsSync(dir)).toBe(false); // named only, until made
    group.make();
    try {
      for (const dir of group.paths) expect(dir).toMatch(/\/gmp-workbench\/run-unit-[0-9a-f]{8}$/);
      if (!support.cpuLimitReason) expect(group.setCpuLimit(1.5)).toBe(1.5);
    } finally {
      await group.end();
    }
    for (const dir of group.paths) expect(existsSync(dir)).toBe(false);
  });
});
