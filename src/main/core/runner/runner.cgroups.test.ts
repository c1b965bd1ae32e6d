// A run's processes live and die with its cgroup: a target that ignores SIGTERM and SIGHUP, with
// an orphaned grandchild and an orphaned setsid grandchild (test/fixtures/go/strays), leaves zero
// processes when cancelled; a CPU limit is refused with the reason where no cgroup allows one.
// Real go build, real processes in a pty, this machine's cgroups (root, as CI runs).
import { availableParallelism } from 'node:os';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, failureOf, liveProcessesMentioning, openTestCore, type TestCore } from '../../../../test/support/run-core';
import { detectCgroups } from './cgroup';

const support = detectCgroups();
let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
});
afterAll(async () => {
  await t?.close();
});

/** The live processes of a run: each gets the run folder in its arguments (-out), strays' grandchildren too. */
async function waitForProcesses(runDir: string, n: number): Promise<number[]> {
  for (let i = 0; i < 600 && liveProcessesMentioning(runDir).length < n; i++) await sleep(50);
  return liveProcessesMentioning(runDir);
}

describe('run cgroups', () => {
  it.skipIf(!support.group)(`cancel ends a target ignoring SIGTERM and its orphaned and setsid grandchildren ${support.reason ?? ''}`, async () => {
    const { runIds } = await t.call('runs.start', { plan: { target: { kind: 'program', path: join(FIXTURES, 'strays') }, duration: '60s', concurrency: [1], gomaxprocs: [1] } });
    const id = runIds[0];
    const runDir = join(t.dataDir, 'runs', id);
    expect(await waitForProcesses(runDir, 3)).toHaveLength(3);
    const terminal = () => readFileSync(join(runDir, 'terminal.log'), 'utf8');
    // The log is written in the batches the terminal's events are sent in: the line may be a batch away.
    await expect.poll(() => /in cgroup v\d (\S+)/.test(terminal()), { timeout: 5000 }).toBe(true);
    const group = /in cgroup v\d (\S+)/.exec(terminal())?.[1];
    expect(group && existsSync(group)).toBe(true);
    await t.call('runs.cancel', { id });
    expect(await t.waitTerminal(id)).toBe('cancelled');
    expect(liveProcessesMentioning(runDir)).toEqual([]);
    expect(existsSync(group!)).toBe(false);
    expect(terminal()).toContain('setsid-grandchild');
    expect(readdirSync(join(t.dataDir, 'processes'))).toEqual([]);
  });

  it('refuses a CPU limit, naming the field and the reason, where no cgroup allows one', async () => {
    const t2 = await openTestCore({ cgroups: () => detectCgroups({ v1: new Map(), v2: null }, 'linux') });
    try {
      expect(await t2.call('runner.capabilities', {})).toEqual({ cgroupReason: 'no cgroup hierarchy is mounted', cpuLimitReason: 'no cgroup hierarchy is mounted', defaultConcurrency: availableParallelism() });
      const failure = await failureOf(t2.call('runs.start', { plan: { target: { kind: 'scenario', id: 'idle' }, duration: '100ms', concurrency: [1], gomaxprocs: [1], cpuLimit: [0.5] } }));
      expect(failure.detail).toMatchObject({ field: 'plan.cpuLimit', message: 'no CPU limit is possible here: no cgroup hierarchy is mounted' });
      // Without a limit the run goes ahead, contained by its process group only, and says so.
      const { ids, states } = await t2.runPlan({ target: { kind: 'scenario', id: 'idle' }, duration: '100ms', concurrency: [1], gomaxprocs: [1] });
      expect(states).toEqual(['succeeded']);
      expect(readFileSync(join(t2.dataDir, 'runs', ids[0], 'terminal.log'), 'utf8')).toContain('the target runs in its process group only (no cgroup: no cgroup hierarchy is mounted)');
    } finally {
      await t2.close();
    }
  });
});
