// runs.import, and how trace analysis outcomes reach the run: complete, partial (gmptrace exit 3:
// kept and noted), unreadable (exit 2: noted, the run still succeeds).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandFailure } from '../errors';
import { FIXTURES, openTestCore, type TestCore } from '../../../../test/support/run-core';

let t: TestCore;
let source = '';
const scratch = mkdtempSync(join(tmpdir(), 'gmpw-import-'));
beforeAll(async () => {
  t = await openTestCore();
  // Long enough for the trace to hold more than one generation (about one a second), so a cut copy
  // still has a complete one.
  const { ids } = await t.runPlan({ target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '2s', concurrency: [2], gomaxprocs: [2], capture: ['trace', 'cpu'] });
  source = join(t.dataDir, 'runs', ids[0]);
});
afterAll(async () => {
  await t?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('runs.import', () => {
  it('analyses a trace and a profile without running anything', async () => {
    const { runId } = await t.call('runs.import', { files: [join(source, 'trace.out'), join(source, 'cpu.pprof')], label: 'from elsewhere' });
    const d = await t.call('runs.get', { id: runId });
    expect(d.run.state).toBe('succeeded');
    expect(d.run.tags).toEqual(['imported']);
    expect(d.run.label).toBe('from elsewhere');
    expect(d.analysisNote).toBeNull();
    expect(d.schedLatency.exact?.p99).toBeGreaterThan(0);
    expect(d.artifacts.map((a) => a.name)).toEqual(expect.arrayContaining(['trace.out', 'cpu.pprof', 'analysis.json', 'sched.pprof']));
    expect((await t.call('runs.flame', { id: runId, profile: 'cpu.pprof' })).total).toBeGreaterThan(0);
  });

  it('keeps a partial analysis of a cut trace and says so', async () => {
    const cut = join(scratch, 'cut.trace');
    const whole = readFileSync(join(source, 'trace.out'));
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.8)));
    const { runId } = await t.call('runs.import', { files: [cut] });
    const d = await t.call('runs.get', { id: runId });
    expect(d.run.state).toBe('succeeded');
    expect(d.analysis?.meta.partial).toBe(true);
    expect(d.analysisNote).toMatch(/partial|cut short/i);
  });

  it('notes an unreadable trace and still succeeds', async () => {
    const junk = join(scratch, 'junk.trace');
    writeFileSync(junk, Buffer.concat([Buffer.from('go 1.22 trace\0\0\0'), Buffer.alloc(4096, 0xff)]));
    const { runId } = await t.call('runs.import', { files: [junk] });
    const d = await t.call('runs.get', { id: runId });
    expect(d.run.state).toBe('succeeded');
    expect(d.analysis).toBeNull();
    expect(d.analysisNote).toContain('trace not analysed');
  });

  it('refuses files that are neither traces nor profiles, naming the file', async () => {
    const text = join(scratch, 'notes.txt');
    writeFileSync(text, 'hello');
    const err = await t.call('runs.import', { files: [join(source, 'cpu.pprof'), text] }).catch((e: unknown) => e);
    expect((err as CommandFailure).detail.field).toBe('files.1');
  });
});

describe('program given as an executable', () => {
  it('runs a prebuilt harness binary as is', async () => {
    const binary = join(scratch, 'token-ring');
    execFileSync('go', ['build', '-o', binary, '.'], { cwd: join(FIXTURES, 'program') });
    const { ids, states } = await t.runPlan({ target: { kind: 'program', path: binary }, duration: '300ms', concurrency: [2], gomaxprocs: [1] });
    expect(states).toEqual(['succeeded']);
    expect(t.events['run.state'].filter((e) => e.runId === ids[0]).map((e) => e.state)).toEqual(['queued', 'running', 'analysing', 'succeeded']);
    expect((await t.call('runs.get', { id: ids[0] })).result?.scenario).toBe('token-ring');
  });
});
