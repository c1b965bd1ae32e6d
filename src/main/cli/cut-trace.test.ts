// gmpw cut-trace as a user runs it: a subprocess on a real traced run of several generations, its
// file held to being the trace's header and a stretch of its bytes, and to holding the range.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/contract';
import { episodeLabel, episodeRange, episodeRangeReason, spikeEpisodes } from '../../shared/drilldown';
import { durationText } from '../../shared/duration-text';
import { CUT_CACHE_FILES } from '../../shared/trace-cut';
import { gmpwIn } from '../../../test/support/gmpw';
import { bytes } from './format';

const dataDir = mkdtempSync(join(tmpdir(), 'gmpw-cut-trace-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const gmpw = gmpwIn(dataDir);
/** A Go trace's header: "go 1.NN trace" padded to 16 bytes. */
const HEADER = 16;

describe('gmpw cut-trace', () => {
  let id = '';
  let untraced = '';
  let detail: RunDetail;
  let trace: Buffer;

  beforeAll(async () => {
    // 2.5 s: the runtime starts a generation about every second, so the trace has three or more;
    // the burst at 1.5 s is its spike.
    const run = await gmpw('run', '--scenario', 'burst-release', '--param', 'burst=500', '--param', 'at=1500ms', '--duration', '2500ms', '--gomaxprocs', '2', '--concurrency', '2', '--capture', 'trace');
    expect(run.code, run.stderr).toBe(0);
    id = /^(\S+)\s+succeeded/m.exec(run.stdout)?.[1] ?? '';
    const plain = await gmpw('run', '--scenario', 'burst-release', '--duration', '100ms', '--capture', 'cpu');
    untraced = /^(\S+)\s+succeeded/m.exec(plain.stdout)?.[1] ?? '';
    detail = JSON.parse((await gmpw('show', id, '--json')).stdout) as RunDetail;
    trace = readFileSync(join(dataDir, 'runs', id, 'trace.out'));
  }, 300_000);

  it("writes the generations that hold the highest spike: the trace's header and a stretch of its bytes, less than the trace", async () => {
    const analysis = detail.analysis!;
    const highest = spikeEpisodes(analysis, 1)[0]!;
    const range = episodeRange(highest, analysis);
    const path = join(dataDir, 'spike.trace');
    const out = await gmpw('cut-trace', id, '--spike', '-o', path, '--json');
    expect(out.code, out.stderr).toBe(0);
    const cut = JSON.parse(out.stdout) as { path: string; generations: number[]; of: number; from_s: number; to_s: number; bytes: number; traceBytes: number; whole: boolean; fromStart: boolean };
    const file = readFileSync(path);
    expect(cut).toMatchObject({ path, bytes: file.length, traceBytes: trace.length, whole: false, fromStart: false });
    expect(cut.of).toBeGreaterThanOrEqual(3);
    expect(cut.generations.length).toBeLessThan(cut.of);
    expect(file.length).toBeLessThan(trace.length);
    // Byte for byte: the header, then whole generations as the runtime wrote them.
    expect(file.subarray(0, HEADER)).toEqual(trace.subarray(0, HEADER));
    expect(trace.indexOf(file.subarray(HEADER))).toBeGreaterThanOrEqual(HEADER);
    // The range lies inside the time the cut spans.
    expect(cut.from_s).toBeLessThanOrEqual(range.from_s);
    expect(cut.to_s).toBeGreaterThanOrEqual(range.to_s);

    const said = await gmpw('cut-trace', id, '--spike', '-o', path, '--force');
    const which = cut.generations.length === 1 ? `generation ${cut.generations[0]}` : `generations ${cut.generations[0]}–${cut.generations.at(-1)}`;
    expect(said.stdout.split('\n')[0]).toBe(`wrote ${path}: ${which} of ${cut.of}, ${bytes(cut.bytes)} of ${bytes(trace.length)}, ${cut.from_s.toFixed(6)} s to ${cut.to_s.toFixed(6)} s of trace.out`);
    expect(said.stdout).toContain(`open it with go tool trace ${path}; `);
    expect(said.stdout.split('\n')[1]).toBe(`the range: ${range.from_s.toFixed(9)} s to ${range.to_s.toFixed(9)} s of trace.out`);
    // Which spike, and why its range reaches past the spike's windows (the Run page's button names those).
    expect(said.stdout.split('\n')[2]).toBe(`the highest spike, ${episodeLabel(highest, analysis)} (p99 ${durationText(highest.p99)}): its range runs ${episodeRangeReason(highest, analysis)}`);
    if (cut.from_s > 0) expect(said.stdout).toContain(`the range is at ${(range.from_s - cut.from_s).toFixed(6)}–${(range.to_s - cut.from_s).toFixed(6)} s there`);
  });

  it('is the trace itself when the range needs every generation, and takes seconds in any notation', async () => {
    const whole = join(dataDir, 'whole.trace');
    const out = await gmpw('cut-trace', id, '-o', whole);
    expect(out.code, out.stderr).toBe(0);
    expect(readFileSync(whole)).toEqual(trace);
    expect(out.stdout).toContain(`: all of trace.out (${bytes(trace.length)}): the range needs every generation of it`);
    expect(out.stdout).toContain('it begins with the trace, so its times are the ones here');
    const [a, b] = [join(dataDir, 'a.trace'), join(dataDir, 'b.trace')];
    expect((await gmpw('cut-trace', id, '--from', '1e-1', '--to', '.2', '-o', a)).code).toBe(0);
    expect((await gmpw('cut-trace', id, '--from', '100ms', '--to', '200ms', '-o', b)).code).toBe(0);
    expect(readFileSync(a)).toEqual(readFileSync(b));
    expect(readFileSync(a).length).toBeLessThan(trace.length);
  });

  it("keeps the run's two newest cuts, and makes one it let go again, the same", async () => {
    const cuts = () => readdirSync(join(dataDir, 'runs', id, '.windows')).filter((n) => n.endsWith('.trace'));
    const first = join(dataDir, 'first.trace');
    expect((await gmpw('cut-trace', id, '--from', '0.1', '--to', '0.15', '-o', first)).code).toBe(0);
    for (const [from, to] of [['1.1', '1.15'], ['2.1', '2.15']]) expect((await gmpw('cut-trace', id, '--from', from, '--to', to, '-o', join(dataDir, `${from}.trace`))).code).toBe(0);
    expect(cuts()).toHaveLength(CUT_CACHE_FILES);
    expect(cuts().some((n) => n.includes('-100000000ns-'))).toBe(false);
    const again = join(dataDir, 'again.trace');
    expect((await gmpw('cut-trace', id, '--from', '0.1', '--to', '0.15', '-o', again)).code).toBe(0);
    expect(readFileSync(again)).toEqual(readFileSync(first));
  });

  it('refuses by name what it cannot cut, and replaces a file only with --force', async () => {
    const mine = join(dataDir, 'mine.trace');
    writeFileSync(mine, 'my own trace');
    const refused = await gmpw('cut-trace', id, '--spike', '-o', mine);
    expect([refused.code, refused.stderr]).toEqual([2, `gmpw cut-trace: ${mine} exists: give another -o, or --force to replace it\n`]);
    expect(readFileSync(mine, 'utf8')).toBe('my own trace');
    const end = detail.analysis!.meta.duration_s;
    // A range reaching past the trace's end ends there, and says so.
    const past = await gmpw('cut-trace', id, '--from', '2', '--to', '99', '-o', join(dataDir, 'past.trace'));
    expect(past.stdout).toContain(`the range: ${(2).toFixed(9)} s to ${end.toFixed(9)} s of trace.out (the trace ends at ${end} s: the range ends there)`);
    const after = await gmpw('cut-trace', id, '--from', '99', '--to', '100');
    expect([after.code, after.stderr]).toEqual([2, `gmpw cut-trace: --from: the trace ends at ${end} s, before 99\n`]);
    const noTrace = await gmpw('cut-trace', untraced);
    expect([noTrace.code, noTrace.stderr]).toEqual([1, `gmpw cut-trace: run ${untraced} has no analysed execution trace (capture trace to have one)\n`]);
  });
});
