// The goroutine leak profile (Go 1.26, GOEXPERIMENT=goroutineleakprofile) as a capture: the harness
// built with the experiment on, its profile of the goroutines leaked for good, and the releases
// that have none refused with the reason, before anything runs or before the build.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, openTestCore, type TestCore } from '../../../../test/support/run-core';
import { findGo } from '../toolchain/find-go';
import { obtainRelease } from '../toolchain/go-release';

const OLDER = 'go1.22.12';
const leakPlan = (goVersion?: string[]) => ({
  target: { kind: 'scenario' as const, id: 'goroutine-leak-growth', params: { every: '1ms', pattern: 'send' } },
  duration: '300ms',
  concurrency: [1],
  gomaxprocs: [2],
  capture: ['goroutineleak' as const],
  ...(goVersion ? { goVersion } : {}),
});

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
});
afterAll(async () => {
  await t?.close();
});

describe('capture goroutineleak', () => {
  it("builds the harness with the experiment on and keeps the profile of the scenario's leaked goroutines", async () => {
    const { ids, states } = await t.runPlan(leakPlan());
    const d = await t.call('runs.get', { id: ids[0]! });
    expect(states, d.run.error ?? '').toEqual(['succeeded']);
    expect(d.artifacts.map((a) => a.name)).toContain('goroutineleak.pprof');
    const flame = await t.call('runs.flame', { id: ids[0]!, profile: 'goroutineleak.pprof' });
    // Every goroutine it leaked in the window is in the profile (more leaked before the window, none released).
    const leaked = d.result!.ops;
    expect(leaked).toBeGreaterThan(50);
    expect(flame.total).toBeGreaterThanOrEqual(leaked);
    // Their stacks end in the scenario's leaking function.
    const names = flame.nodes.map((n) => n.name);
    expect(names.some((n) => n.includes('runLeak')), names.slice(0, 20).join(', ')).toBe(true);
  });

  it('refuses a plan whose release has no leak profile, naming it, before anything runs', async () => {
    const failure = await failureOf(t.call('runs.start', { plan: leakPlan(['local', '1.25.x']) }));
    expect(failure.detail.field).toBe('plan.goVersion.1');
    expect(failure.detail.message).toContain('the goroutine leak profile needs Go 1.26 or newer (GOEXPERIMENT=goroutineleakprofile); go1.25.x has none');
  });
});

describe('capture goroutineleak with an older Go as the local one', () => {
  let older: TestCore | null = null;
  let unavailable: string | null = null;
  beforeAll(async () => {
    const release = await obtainRelease(await findGo(), OLDER, { output: () => {}, signal: new AbortController().signal }).catch((err: Error) => {
      unavailable = err.message;
      return null;
    });
    if (release) older = await openTestCore({ goBinary: release.path });
  }, 300_000);
  afterAll(async () => {
    await older?.close();
  });

  it('fails the run before its build, saying which Go it had', async (ctx) => {
    if (unavailable) ctx.skip(`the module proxy did not provide ${OLDER}: ${unavailable}`);
    const { ids, states } = await older!.runPlan(leakPlan());
    expect(states).toEqual(['failed']);
    const d = await older!.call('runs.get', { id: ids[0]! });
    expect(d.run.error).toContain(`the goroutine leak profile needs Go 1.26 or newer (GOEXPERIMENT=goroutineleakprofile); ${OLDER} has none`);
  });
});
