// One run's containment: in its own cgroup (the limit read back, the record kept until the end)
// or, where the machine allows none, in its process group with the reason said.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectCgroups } from './cgroup';
import { contain } from './containment';
import { RunLeftovers } from './leftovers';
import { scratchDir } from '../../../../test/support/scratch';

const leftoversDir = () => scratchDir('gmpw-contain-');
const none = detectCgroups({ v1: new Map(), v2: null }, 'linux');
const support = detectCgroups();

describe('containment', () => {
  it('without cgroups: the command as given, the reason said, a CPU limit refused', async () => {
    const dir = leftoversDir();
    const c = await contain('r1', null, none, new RunLeftovers(dir));
    expect(c.command('/bin/true', ['a'])).toEqual({ file: '/bin/true', args: ['a'] });
    expect(c.description).toBe('in its process group only (no cgroup: no cgroup hierarchy is mounted)');
    c.started(process.pid);
    expect(JSON.parse(readFileSync(join(dir, 'r1.json'), 'utf8'))).toMatchObject({ target: { pid: process.pid }, cgroup: null });
    await c.end();
    expect(readdirSync(dir)).toEqual([]);
    await expect(contain('r2', 0.5, none, new RunLeftovers(dir))).rejects.toThrow('no CPU limit is possible here: no cgroup hierarchy is mounted');
  });

  it.skipIf(support.cpuLimitReason)(`in a cgroup: the limit in force, the wrapped command, the record until the end ${support.cpuLimitReason ?? ''}`, async () => {
    const dir = leftoversDir();
    const c = await contain('r3', 0.25, support, new RunLeftovers(dir));
    expect(c.cpuLimit).toBe(0.25);
    expect(c.description).toMatch(/^in cgroup v[12] \/\S+run-r3-[0-9a-f]{8}.*, CPU limit 0\.25 cores$/);
    const { file, args } = c.command('/bin/true', ['a']);
    expect([file, args.at(-2), args.at(-1)]).toEqual(['/bin/sh', '/bin/true', 'a']);
    const record = JSON.parse(readFileSync(join(dir, 'r3.json'), 'utf8'));
    const paths: string[] = record.cgroup.version === 1 ? [record.cgroup.freezer, record.cgroup.cpu] : [record.cgroup.dir];
    expect(paths.every((p) => existsSync(p))).toBe(true);
    await c.end();
    expect(paths.some((p) => existsSync(p))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.skipIf(!support.group)(`a group is recorded before it is made: a kill in between leaves a record the next start clears ${support.reason ?? ''}`, async () => {
    const dir = leftoversDir();
    const group = support.group!('r4');
    const gone = { pid: spawnSync('true').pid!, start: '1' };
    writeFileSync(join(dir, 'r4.json'), JSON.stringify({ owner: gone, target: null, cgroup: group.record }));
    expect(group.paths.some((p) => existsSync(p))).toBe(false);
    expect(await new RunLeftovers(dir).endAbandoned()).toEqual(['r4']);
    expect(readdirSync(dir)).toEqual([]);
    // The same record once the group was made: the group goes too.
    writeFileSync(join(dir, 'r4.json'), JSON.stringify({ owner: gone, target: null, cgroup: group.make().record }));
    expect(group.paths.every((p) => existsSync(p))).toBe(true);
    expect(await new RunLeftovers(dir).endAbandoned()).toEqual(['r4']);
    expect(group.paths.some((p) => existsSync(p))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
