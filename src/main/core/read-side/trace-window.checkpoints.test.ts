// A trace of huge generations: its analysis prepares the window queries (gmptrace checkpoints, in the
// run's window cache), and a window deep in it is gmptrace's own answer for the range. A small trace
// gets no checkpoint file: gmptrace makes them only where a window's query reads more than its
// threshold, lowered here to 16 MiB ($GMPTRACE_CHECKPOINT_ABOVE_MIB) so that an 80 MB trace needs them
// however the runtime cut it into generations (a period cannot be set long enough to keep it one: the
// longest, 2.1 s, is set).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TraceWindow } from '../../../shared/trace-window';
import { openTestCore, type TestCore } from '../../../../test/support/run-core';
import { scratchDir } from '../../../../test/support/scratch';
import { checkpointsFile } from '../gmptrace/trace-analysis';
import { goDuration } from './trace-window';
import { builtGmptrace } from '../../../../test/support/built-gmptrace';

/** gmptrace's load program: channel ping-pong pairs that trace themselves until the trace has a size. */
const LOAD_SRC = resolve(__dirname, '../../../../resources/go/cmd/gmptrace/testdata/progs/load/main.go');
/** gmptrace's threshold for preparing a generation's windows, for this test. */
const ABOVE_MIB = 16;
/** Some 12 M events: a window's query reads well past ABOVE_MIB and 2^22 events, however the trace is cut. */
const TRACE_BYTES = 80_000_000;

describe('window checkpoints of a trace of huge generations', () => {
  let t: TestCore;
  let huge: string;
  let small: string;

  beforeAll(async () => {
    const scratch = scratchDir('gmpw-huge-');
    copyFileSync(LOAD_SRC, join(scratch, 'main.go'));
    writeFileSync(join(scratch, 'go.mod'), 'module load\n\ngo 1.21\n');
    execFileSync('go', ['build', '-o', 'load', '.'], { cwd: scratch, stdio: 'pipe' });
    const trace = join(scratch, 'trace.out');
    // Generations as long as the runtime allows (an int32 of nanoseconds, 2.1 s), so that they stay
    // huge even on a loaded machine, which writes the trace more slowly (at 1 s, a loaded sitting cut
    // it into generations below the threshold).
    const env = { ...process.env, GOMAXPROCS: '2', GODEBUG: 'traceadvanceperiod=2147483647' };
    execFileSync(join(scratch, 'load'), ['-trace', trace, '-d', '1m', '-size', String(TRACE_BYTES), '-pairs', '16', '-hogs', '0', '-workers', '2'], { env, stdio: 'pipe' });
    process.env.GMPTRACE_CHECKPOINT_ABOVE_MIB = String(ABOVE_MIB); // the gmptrace the core runs inherits it
    t = await openTestCore();
    huge = (await t.call('runs.import', { files: [trace] })).runId;
    const plain = await t.runPlan({ target: { kind: 'scenario', id: 'burst-release' }, duration: '300ms', gomaxprocs: [2], concurrency: [2], capture: ['trace'] });
    small = plain.ids[0]!;
  }, 300_000);
  afterAll(() => {
    delete process.env.GMPTRACE_CHECKPOINT_ABOVE_MIB;
    return t?.close();
  });
  const runDir = (id: string) => join(t.dataDir, 'runs', id);

  it('prepares its windows with the analysis, and answers a window deep in it as gmptrace does', async () => {
    const detail = await t.call('runs.get', { id: huge });
    expect(detail.run.state).toBe('succeeded');
    expect(statSync(join(runDir(huge), 'trace.out')).size).toBeGreaterThan(ABOVE_MIB << 20);
    const checkpoints = checkpointsFile(runDir(huge), 'trace.out');
    expect(existsSync(checkpoints)).toBe(true);
    const prepared = statSync(checkpoints).mtimeMs;

    const end = detail.analysis!.meta.duration_s;
    const range = { from_s: end * 0.8, to_s: end * 0.8 + 0.02 };
    const answer = await t.call('runs.window', { id: huge, ...range });
    // gmptrace itself, reading from the generation's start (no checkpoint file)
    const gmptrace = builtGmptrace(t.dataDir);
    const out = join(t.dataDir, 'direct.json');
    execFileSync(gmptrace, ['window', join(runDir(huge), 'trace.out'), '-from', goDuration(range.from_s), '-to', goDuration(range.to_s), '-o', out]);
    expect(answer.window).toEqual(TraceWindow.parse(JSON.parse(readFileSync(out, 'utf8'))));
    expect(answer.window.procs.flatMap((p) => p.slices).length).toBeGreaterThan(0);
    // The window came from the prepared checkpoints: its query had nothing to add to them. A query that
    // read from the generation's start would have saved some on its way (one every 2^22 events; the
    // next query shows it does), and more than that many events come before this window.
    expect(detail.analysis!.meta.events * 0.8).toBeGreaterThan(2 ** 22);
    expect(statSync(checkpoints).mtimeMs).toBe(prepared);
    rmSync(checkpoints);
    await t.call('runs.window', { id: huge, from_s: end * 0.9, to_s: end * 0.9 + 0.02 });
    expect(existsSync(checkpoints)).toBe(true);
  });

  it('makes no checkpoint file for a trace of small generations', async () => {
    expect((await t.call('runs.get', { id: small })).analysedTrace).toBe('trace.out');
    expect(existsSync(checkpointsFile(runDir(small), 'trace.out'))).toBe(false);
  });
});
