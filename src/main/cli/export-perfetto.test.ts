// gmpw export-perfetto as a user runs it: a subprocess on a real traced run, its file held to the
// Trace Event Format's rules and checked against gmptrace's own window of the same range.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/contract';
import { episodeLabel, episodeRange, episodeRangeReason, spikeEpisodes } from '../../shared/drilldown';
import { durationText } from '../../shared/duration-text';
import { PERFETTO_EXPORT_GENERATOR, PERFETTO_PROCESSES, type TraceEventFile } from '../../shared/perfetto-export';
import { TraceWindow } from '../../shared/trace-window';
import { gmpwIn } from '../../../test/support/gmpw';
import { traceEventProblems } from '../../../test/support/trace-event-format';
import { goDuration } from '../core/read-side/trace-window';
import { bytes } from './format';
import { builtGmptrace } from '../../../test/support/built-gmptrace';

const dataDir = mkdtempSync(join(tmpdir(), 'gmpw-perfetto-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const gmpw = gmpwIn(dataDir);
const µs = (s: number) => Math.round(s * 1e9) / 1e3;
/** A span's length in µs, from its ends in whole nanoseconds. */
const µsBetween = (begin: number, end: number) => (Math.round(end * 1e9) - Math.round(begin * 1e9)) / 1e3;

describe('gmpw export-perfetto', () => {
  let id = '';
  let untraced = '';
  let detail: RunDetail;

  beforeAll(async () => {
    // 500 goroutines released at once: a spike, unblock edges, a deep run queue.
    const run = await gmpw('run', '--scenario', 'burst-release', '--param', 'burst=500', '--param', 'at=300ms', '--duration', '600ms', '--gomaxprocs', '2', '--concurrency', '2', '--capture', 'trace');
    expect(run.code, run.stderr).toBe(0);
    id = /^(\S+)\s+succeeded/m.exec(run.stdout)?.[1] ?? '';
    const plain = await gmpw('run', '--scenario', 'burst-release', '--duration', '100ms', '--capture', 'cpu');
    untraced = /^(\S+)\s+succeeded/m.exec(plain.stdout)?.[1] ?? '';
    detail = JSON.parse((await gmpw('show', id, '--json')).stdout) as RunDetail;
  }, 300_000);

  it("writes the highest spike's range as gmptrace's window has it, in the format Perfetto reads", async () => {
    const analysis = detail.analysis!;
    const highest = spikeEpisodes(analysis, 1)[0]!;
    const range = episodeRange(highest, analysis);
    const path = join(dataDir, 'spike.json');
    const out = await gmpw('export-perfetto', id, '--spike', '-o', path);
    expect(out.code, out.stderr).toBe(0);
    const file = JSON.parse(readFileSync(path, 'utf8')) as TraceEventFile;
    const notes = file.otherData.notes ? `. ${file.otherData.notes}` : '';
    expect(out.stdout).toBe(`wrote ${path}: ${file.traceEvents.length.toLocaleString('en-US')} events, ${bytes(statSync(path).size)}, ${range.from_s.toFixed(9)} s to ${range.to_s.toFixed(9)} s of trace.out${notes}\nthe highest spike, ${episodeLabel(highest, analysis)} (p99 ${durationText(highest.p99)}): its range runs ${episodeRangeReason(highest, analysis)}\nopen it in https://ui.perfetto.dev (Open trace file) or chrome://tracing\n`);
    expect(traceEventProblems(file)).toEqual([]);
    expect(readFileSync(path, 'utf8').slice(0, 200)).toContain(PERFETTO_EXPORT_GENERATOR);

    // gmptrace itself, on the same trace and range.
    const gmptrace = builtGmptrace(dataDir);
    const direct = join(dataDir, 'direct.json');
    execFileSync(gmptrace, ['window', join(dataDir, 'runs', id, 'trace.out'), '-from', goDuration(range.from_s), '-to', goDuration(range.to_s), '-o', direct]);
    const w = TraceWindow.parse(JSON.parse(readFileSync(direct, 'utf8')));
    expect(w.truncated, 'nothing left out of this range').toEqual({});
    const ev = file.traceEvents;
    // Every slice of every P, at its time, on the P's track (its number plus one: Perfetto takes tid 0 for the process's).
    const onPs = (cat: string) => ev.filter((e) => e.pid === PERFETTO_PROCESSES.procs && e.ph === 'X' && e.cat === cat).map((e) => [e.tid, e.ts, e.dur, e.args!.goroutine]);
    expect(onPs('goroutine')).toEqual(w.procs.flatMap((p) => p.slices.map((s) => [p.p + 1, µs(s.begin_s), µsBetween(s.begin_s, s.end_s), s.g])));
    expect(onPs('goroutine').length).toBeGreaterThan(100);
    // And each time a goroutine in a syscall held a P, on that P's track: nothing else is there.
    const held = w.syscalls.filter((s) => s.p >= 0);
    expect(onPs('syscall').sort()).toEqual(held.map((s) => [s.p + 1, µs(s.begin_s), µsBetween(s.begin_s, s.p_until_s), s.g]).sort());
    expect(ev.filter((e) => e.pid === PERFETTO_PROCESSES.procs && e.ph === 'X')).toHaveLength(onPs('goroutine').length + held.length);
    // Every goroutine with a transition has a track whose states change exactly at its transitions.
    for (const g of w.goroutines) {
      const states = ev.filter((e) => e.pid === PERFETTO_PROCESSES.goroutines && e.tid === g.g && e.ph === 'X');
      const absent = new Set(['NotExist', 'Undetermined']);
      const starts = g.transitions.filter((tr, i) => !absent.has(tr.to) && tr.t < w.to_s && tr.t !== g.transitions[i + 1]?.t).map((tr) => µs(tr.t));
      expect(states.map((s) => s.ts).filter((t) => t !== µs(w.from_s))).toEqual(starts.filter((t) => t !== µs(w.from_s)));
      expect(states.every((s) => !absent.has(s.name.split(':')[0]!))).toBe(true);
    }
    // The release's wake-ups as flows from the closer to each released goroutine.
    const starts = ev.filter((e) => e.ph === 's');
    // A goroutine has a track when it was in a state to draw: existing at the range's start, or made in it.
    const tracked = new Set(ev.filter((e) => e.pid === PERFETTO_PROCESSES.goroutines && e.name === 'thread_name').map((e) => e.tid));
    expect([...tracked].sort()).toEqual(w.goroutines.filter((g) => g.state_at_from !== 'NotExist' || g.transitions.some((tr) => tr.to !== 'NotExist')).map((g) => g.g).sort());
    // Each from a goroutine running then to one with a state then (the checker above holds each end
    // to a slice): nearly every edge between tracks, the release's 500 among them.
    const between = w.unblocks.filter((u) => tracked.has(u.by) && tracked.has(u.g)).length;
    expect(starts.length).toBeLessThanOrEqual(between);
    expect(starts.length).toBeGreaterThanOrEqual(Math.max(100, 0.9 * between));
    // The edges drawn as no flow (the runtime's timers among them) are counted in the file's notes.
    const unflowed = w.unblocks.length - starts.length;
    if (unflowed > 0) expect(file.otherData.notes).toContain(`${w.unblocks.length.toLocaleString('en-US')} unblock edges, ${unflowed.toLocaleString('en-US')} without a flow: `);
    // The run queue's depth, each change.
    expect(ev.filter((e) => e.ph === 'C').map((e) => [e.ts, e.args!.runnable])).toEqual(w.run_queue.map((d) => [µs(d.t), d.runnable]));
    expect(Math.max(...w.run_queue.map((d) => d.runnable))).toBeGreaterThan(100);
    expect(ev.filter((e) => e.ph === 'b' && e.cat === 'runtime').length).toBe(w.ranges.length + w.sweeps.length);
    expect(file.otherData.range).toBe(`${w.from_s.toFixed(9)} s to ${w.to_s.toFixed(9)} s, counted from the trace's first event`);
  });

  it('takes a range in seconds or as Go durations, the same file either way, and the whole trace by default', async () => {
    const [a, b] = [join(dataDir, 'a.json'), join(dataDir, 'b.json')];
    expect((await gmpw('export-perfetto', id, '--from', '0.25', '--to', '0.35', '-o', a)).code).toBe(0);
    expect((await gmpw('export-perfetto', id, '--from', '250ms', '--to', '350ms', '-o', b)).code).toBe(0);
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
    // An earlier export is replaced without --force.
    expect((await gmpw('export-perfetto', id, '--from', '0.25', '--to', '0.35', '-o', a)).code).toBe(0);
    // The whole trace by default; --json says what was written.
    const path = join(dataDir, 'whole.json');
    const whole = await gmpw('export-perfetto', id, '-o', path, '--json');
    expect(whole.code, whole.stderr).toBe(0);
    const file = JSON.parse(readFileSync(path, 'utf8')) as TraceEventFile;
    expect(JSON.parse(whole.stdout)).toEqual({ path, events: file.traceEvents.length, bytes: statSync(path).size, from_s: 0, to_s: detail.analysis!.meta.duration_s, trace: 'trace.out', notes: file.otherData.notes ?? null });
    expect(file.otherData.range).toBe(`${(0).toFixed(9)} s to ${detail.analysis!.meta.duration_s.toFixed(9)} s, counted from the trace's first event`);
    expect(traceEventProblems(file)).toEqual([]);
  });

  it("a range past the window's caps: every list to its cut, in the format still, and the file says where each stops", async () => {
    // A channel ping-pong on 2 Ps writes hundreds of thousands of transitions a second: more than the cap.
    const run = await gmpw('run', '--scenario', 'chan-sync-pingpong', '--duration', '600ms', '--gomaxprocs', '2', '--concurrency', '4', '--capture', 'trace');
    expect(run.code, run.stderr).toBe(0);
    const busy = /^(\S+)\s+succeeded/m.exec(run.stdout)?.[1] ?? '';
    const path = join(dataDir, 'capped.json');
    const out = await gmpw('export-perfetto', busy, '--from', '0.2', '--to', '0.35', '-o', path, '--json');
    expect(out.code, out.stderr).toBe(0);
    const file = JSON.parse(readFileSync(path, 'utf8')) as TraceEventFile;
    expect(file.otherData.notes).toMatch(/Transitions: \d+ more left out \(cap 100000\); whole until \d+\.\d{6} s/);
    expect(traceEventProblems(file)).toEqual([]);
    // No goroutine's state runs past the transitions' cut (which the note gives to the microsecond).
    const cut = Number(/Transitions: \d+ more left out \(cap 100000\); whole until (\d+\.\d{6}) s/.exec(file.otherData.notes!)![1]);
    const states = file.traceEvents.filter((e) => e.pid === PERFETTO_PROCESSES.goroutines && e.ph === 'X');
    expect(Math.max(...states.map((e) => e.ts! + e.dur!))).toBeLessThanOrEqual(µs(cut) + 0.5);
    expect(cut).toBeLessThan(0.35);
    // Said in words too: each capped list with its cut, earliest first, and the range that comes out whole.
    const said = await gmpw('export-perfetto', busy, '--from', '0.2', '--to', '0.35', '-o', path);
    const line = /^capped: (.+) \(the other lists are whole\); --from 0\.2 --to (\d+\.\d{6}) exports a range with nothing left out$/m.exec(said.stdout);
    expect(line, said.stdout).not.toBeNull();
    const named = line![1]!.split(', ').map((c) => /^(.+?) (?:whole )?until (\d+\.\d{6}) s$/.exec(c)!);
    expect(named.map((m) => m[1])).toContain('transitions');
    expect(Number(named.find((m) => m[1] === 'transitions')![2])).toBeCloseTo(cut, 6);
    expect(named.map((m) => Number(m[2]))).toEqual(named.map((m) => Number(m[2])).sort((a, b) => a - b));
    // The earliest cut, rounded down to the µs: inside it.
    expect(Number(line![2])).toBeLessThanOrEqual(Number(named[0]![2]));
    expect(Number(line![2])).toBeGreaterThan(Number(named[0]![2]) - 2e-6);
    expect(Number(line![2])).toBeLessThanOrEqual(cut + 1e-6);
  });

  it('refuses what it cannot export by name, and leaves a file that is not its own alone', async () => {
    const notes = join(dataDir, 'notes.json');
    writeFileSync(notes, '{"mine": true}');
    const refused = await gmpw('export-perfetto', id, '--spike', '-o', notes);
    expect([refused.code, refused.stderr]).toEqual([2, `gmpw export-perfetto: ${notes} exists and is not a gmpw export-perfetto: give another -o, or --force to replace it\n`]);
    expect(readFileSync(notes, 'utf8')).toBe('{"mine": true}');
    expect((await gmpw('export-perfetto', id, '--from', '1s')).stderr).toBe('gmpw export-perfetto: --from and --to go together\n');
    // Past the trace's end nothing was traced: a range reaching past it ends there, one starting past it is refused.
    const end = detail.analysis!.meta.duration_s;
    const past = await gmpw('export-perfetto', id, '--from', '0.5', '--to', '99', '-o', join(dataDir, 'past.json'), '--json');
    expect(JSON.parse(past.stdout)).toMatchObject({ from_s: 0.5, to_s: end });
    const after = await gmpw('export-perfetto', id, '--from', '99', '--to', '100');
    expect([after.code, after.stderr]).toEqual([2, `gmpw export-perfetto: --from: the trace ends at ${end} s, before 99\n`]);
    const bad = await gmpw('export-perfetto', id, '--from', 'soon', '--to', '1s');
    expect([bad.code, bad.stderr]).toEqual([2, 'gmpw export-perfetto: --from: "soon" is neither seconds (0.12) nor a Go duration (120ms)\n']);
    // 1e400 reads as a number, Infinity: no time at all.
    const huge = await gmpw('export-perfetto', id, '--from', '0', '--to', '1e400');
    expect([huge.code, huge.stderr]).toEqual([2, 'gmpw export-perfetto: --to: "1e400" is more seconds than a number holds\n']);
    const noTrace = await gmpw('export-perfetto', untraced);
    expect([noTrace.code, noTrace.stderr]).toEqual([1, `gmpw export-perfetto: run ${untraced} has no analysed execution trace (capture trace to have one)\n`]);
  });
});
