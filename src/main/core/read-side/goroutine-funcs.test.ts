import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TraceWindow } from '../../../shared/trace-window';
import { nameGoroutines, readGoroutineFuncs } from './goroutine-funcs';

const dir = mkdtempSync(join(tmpdir(), 'gmpw-funcs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A window whose goroutine 96 was parked since before it (no name), beside goroutine 11, named. */
const window = TraceWindow.parse({
  schema: 1,
  from_s: 1,
  to_s: 1.1,
  generations: [2],
  procs: [{ p: 0, slices: [{ g: 96, start_func: '', begin_s: 1.01, end_s: 1.02, stop: 'exited' }, { g: 11, start_func: 'main.release', begin_s: 1, end_s: 1.01, stop: 'blocked: chan receive' }] }],
  goroutines: [{ g: 96, start_func: '', state_at_from: 'Waiting', transitions: [{ t: 1.005, from: 'Waiting', to: 'Runnable', stack: 0 }] }],
  unblocks: null,
  run_queue: null,
  ranges: null,
  syscalls: [{ g: 97, begin_s: 1, end_s: 1.1, p: -1, p_until_s: 1 }],
  regions: null,
  tasks: null,
  stacks: [[]],
  truncated: null,
  notes: null,
  longest_waits: [{ g: 96, start_func: '', begin_s: 1.005, end_s: 1.01, from: 'Waiting', stack: 0, own_stop_stack: 0, by: 11, p: 0, ps_busy_s: 0.005, after: { g: 11, start_func: '', end_s: 1.01, stop: 'blocked: chan receive' } }],
  open_waits: 0,
});

describe('goroutine funcs', () => {
  it("names the goroutines a window could not from the analysis's list, and keeps the names it has", async () => {
    const path = join(dir, 'trace.out.goroutine-funcs');
    writeFileSync(path, JSON.stringify({ schema: 1, funcs: ['main.worker', 'main.release'], goroutines: [[11, 1], [96, 0], [97, 0]], dropped: 0 }));
    const startFuncOf = (await readGoroutineFuncs(path))!;
    expect([startFuncOf(96), startFuncOf(11), startFuncOf(12)]).toEqual(['main.worker', 'main.release', undefined]);
    const named = nameGoroutines(window, startFuncOf);
    expect(named.goroutines.map((g) => g.start_func)).toEqual(['main.worker']);
    expect(named.procs[0]!.slices.map((s) => s.start_func)).toEqual(['main.worker', 'main.release']);
    // A goroutine in a syscall throughout the window, which shows nowhere else (and an older gmptrace's syscall, unnamed).
    expect(named.syscalls.map((s) => s.start_func)).toEqual(['main.worker']);
    expect([named.longest_waits[0]!.start_func, named.longest_waits[0]!.after!.start_func]).toEqual(['main.worker', 'main.release']);
    // A name the window has is its own, whatever the list says.
    expect(nameGoroutines(named, () => 'main.other').goroutines[0]!.start_func).toBe('main.worker');
  });

  it('reads no list where there is none or it is not one', async () => {
    expect(await readGoroutineFuncs(join(dir, 'none'))).toBeNull();
    writeFileSync(join(dir, 'garbage'), 'not json');
    expect(await readGoroutineFuncs(join(dir, 'garbage'))).toBeNull();
  });
});
