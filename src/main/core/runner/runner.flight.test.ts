// The harness flight recorder (resources/go/PROTOCOL.md §1–§2) through the core: the plan field,
// the -flight-recorder flag, flight.trace registered as a 'flight' artifact that opens in go tool trace.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harnessArgs } from '../targets/harness-args';
import { RunConfig } from '../../../shared/domain';
import { failureOf, openTestCore, type TestCore } from '../../../../test/support/run-core';

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
});
afterAll(async () => {
  await t?.close();
});

describe('flight recorder', () => {
  it('passes -flight-recorder only when on; stored configs without the field parse as off', () => {
    const old = RunConfig.parse({ target: { kind: 'scenario', id: 'pingpong-hog' }, concurrency: 1, duration: '1s' });
    expect(old.flightRecorder).toBe('0s');
    expect(harnessArgs(old, '/tmp/x', 'pingpong-hog', {})).not.toContain('-flight-recorder');
    const on = harnessArgs({ ...old, flightRecorder: '5s', capture: ['flight'] }, '/tmp/x', 'pingpong-hog', {});
    expect(on.slice(on.indexOf('-flight-recorder'), on.indexOf('-flight-recorder') + 2)).toEqual(['-flight-recorder', '5s']);
    expect(on.slice(on.indexOf('-capture'), on.indexOf('-capture') + 2)).toEqual(['-capture', 'flight']);
  });

  it('a succeeded run with capture flight stores flight.trace as a flight artifact opened with go tool trace', async () => {
    const { ids, states } = await t.runPlan({
      target: { kind: 'scenario', id: 'pingpong-hog' },
      duration: '1s',
      concurrency: [2],
      gomaxprocs: [2],
      flightRecorder: '5s',
      capture: ['flight'],
    });
    expect(states).toEqual(['succeeded']);
    const detail = await t.call('runs.get', { id: ids[0] });
    expect(detail.config.flightRecorder).toBe('5s');
    const flight = detail.artifacts.find((a) => a.kind === 'flight');
    expect(flight?.name).toBe('flight.trace');
    expect(flight?.size).toBeGreaterThan(0);
    const path = join(t.dataDir, 'runs', ids[0], 'flight.trace');
    expect(existsSync(path)).toBe(true);
    expect(flight?.openWith).toMatch(/^go tool trace /);
    expect(flight?.openWith).toContain('flight.trace');
    // The run has no trace.out: its analysis, and every figure from it, is of the recorder's window.
    expect(detail.analysedTrace).toBe('flight.trace');
  });

  it('a cancelled run with the flight recorder keeps its result.json and has its flight.trace analysed: one story', async () => {
    const { runIds } = await t.call('runs.start', {
      plan: { target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '30s', concurrency: [2], gomaxprocs: [2], flightRecorder: '2s', capture: ['flight'] },
    });
    const id = runIds[0];
    await t.waitState(id, 'running');
    // Let the measured window run a little, so the harness has ops and a flight window to write.
    await new Promise((r) => setTimeout(r, 1500));
    await t.call('runs.cancel', { id });
    expect(await t.waitTerminal(id)).toBe('cancelled');
    const d = await t.call('runs.get', { id });
    expect(d.result?.stopped).toBe(true);
    expect(d.result?.ops).toBeGreaterThan(0);
    expect(d.provenance).not.toBeNull();
    expect(d.run.opsPerSec).toBe(d.result?.ops_per_s);
    expect(d.analysis?.sched_latency.all.count).toBeGreaterThan(0);
    expect(d.analysisNote).toContain('flight.trace');
    expect(d.analysedTrace).toBe('flight.trace');
  });

  it('refuses flight capture without the recorder, and the recorder for targets without the harness protocol, naming the field', async () => {
    const before = (await t.call('runs.list', {})).total;
    const scenario = { target: { kind: 'scenario' as const, id: 'pingpong-hog' }, duration: '1s', concurrency: [1], gomaxprocs: ['default' as const] };
    const noRecorder = await failureOf(t.call('runs.start', { plan: { ...scenario, capture: ['flight'] } }));
    expect(noRecorder.detail.field).toBe('plan.capture');
    expect(noRecorder.detail.message).toBe("capture 'flight' needs the flight recorder (e.g. 10s)");
    const tooShort = await failureOf(t.call('runs.start', { plan: { ...scenario, flightRecorder: '10ms' } }));
    expect(tooShort.detail.field).toBe('plan.flightRecorder');
    const bench = await failureOf(t.call('runs.start', { plan: { ...scenario, target: { kind: 'bench', pkg: '/tmp' }, flightRecorder: '10s' } }));
    expect(bench.detail.field).toBe('plan.flightRecorder');
    const endpoint = await failureOf(
      t.call('runs.start', { plan: { ...scenario, target: { kind: 'endpoint', path: '/tmp', pprofUrl: 'http://127.0.0.1:6060/debug/pprof/' }, flightRecorder: '10s' } }),
    );
    expect(endpoint.detail.field).toBe('plan.flightRecorder');
    expect(endpoint.detail.message).toContain('endpoint');
    expect((await t.call('runs.list', {})).total).toBe(before);
  });
});
