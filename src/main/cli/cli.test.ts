// gmpw as a user runs it: a subprocess (bin/gmpw.mjs through tsx) on a temporary data directory,
// with real Go processes and a real SQLite file.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pty from 'node-pty';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import type { RunDetail } from '../../shared/contract';
import { LISTED_GOMAXPROCS_CHANGES, gomaxprocsInForce, traceChangesSource, traceGomaxprocsChangeText, traceGomaxprocsChanges, unlistedTraceChangesText } from '../../shared/gomaxprocs';
import type { SettingChange } from '../../shared/domain';
import { mmuQuotedText } from '../../shared/mmu';
import { utcText } from '../../shared/run-times';
import { GMPW, gmpwIn, runFolders as runFoldersOf, type CliResult } from '../../../test/support/gmpw';
import { liveProcessesMentioning, openTestCore } from '../../../test/support/run-core';
import { SINGLE_RUNS_CAVEAT } from '../../shared/repetitions';
import { Store } from '../core/store';
import { runConfig } from '../../../test/support/store-fixtures';

const dataDir = mkdtempSync(join(tmpdir(), 'gmpw-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const gmpw = gmpwIn(dataDir);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const runFolders = (): string[] => runFoldersOf(dataDir);

/**
 * gmpw with `args`, once it is building a bundled tool (a go build whose output starts with
 * `building`, the data directory's empty cache): `interrupt()` sends it Ctrl-C and gives its exit
 * code and standard output once it has closed.
 */
async function duringToolBuild(args: string[], building: string): Promise<{ interrupt(): Promise<{ code: unknown; stdout: string }> }> {
  const child = spawn(process.execPath, [GMPW, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  const exited = new Promise((r) => child.once('close', r));
  let seen = false;
  for (let i = 0; i < 3000 && !seen; i++) {
    await sleep(20);
    seen = liveProcessesMentioning(building).some((pid) => pid !== child.pid);
  }
  expect(seen, `go build of ${building} observed`).toBe(true);
  return {
    async interrupt() {
      child.kill('SIGINT');
      return { code: await exited, stdout };
    },
  };
}

describe('gmpw', () => {
  let runId = '';
  let importedId = '';

  it('run stores a succeeded run whose show prints throughput, both latency sources and artifacts', async () => {
    const run = await gmpw('run', '--scenario', 'pingpong-hog', '--duration', '2s', '--gomaxprocs', '2', '--capture', 'cpu,trace');
    expect(run.code, run.stderr).toBe(0);
    runId = /^(\S+)\s+succeeded/m.exec(run.stdout)?.[1] ?? '';
    expect(runId).not.toBe('');
    const show = await gmpw('show', runId);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/Throughput\s+[\d,]+ ops\/s/);
    // The program's goroutines' exact latency leads (a new analysis tells them from the runtime's).
    expect(show.stdout).toMatch(/exact \(trace, program's goroutines\)\s+\d[\d.]*[nµm]?s\s+/);
    expect(show.stdout).toMatch(/sampled \(runtime\/metrics\)\s+\d[\d.]*[nµm]?s\s+/);
    // The two sources cover different spans, and show says which.
    expect(show.stdout).toMatch(/^  spans: exact, the whole [\d.]+ ?m?s trace \(start-up and wind-down included\); sampled \(bucket upper bounds\), the [\d.]+ ?m?s measured window$/m);
    expect(show.stdout).toMatch(/GOMAXPROCS=2/);
    // What ran, from result.json: the scenario no longer overrides the run's GOMAXPROCS.
    expect(show.stdout).toMatch(/^GOMAXPROCS   2 in force during the measured window \(set by the GOMAXPROCS variable\)$/m);
    expect(show.stdout).toMatch(/^Target       scenario pingpong-hog \(hog-work=\d+, light-work=\d+\)$/m);
    for (const artifact of ['trace.out', 'cpu.pprof', 'sched.pprof', 'result.json', 'terminal.log']) expect(show.stdout).toContain(artifact);
    expect(show.stdout).toContain(`go tool trace ${join(dataDir, 'runs', runId, 'trace.out')}`);
    expect(show.stdout).toContain(`go tool pprof -http=: ${join(dataDir, 'runs', runId, 'cpu.pprof')}`);
    // The workbench's own scenarios need no build: the target started as the run left the queue.
    const { run: stored } = JSON.parse((await gmpw('show', runId, '--json')).stdout) as RunDetail;
    expect(stored.targetStartedAt).toBe(stored.startedAt);
    expect(show.stdout).toContain(`, started ${stored.startedAt}, ended ${stored.endedAt}`);
  });

  it('show prints the MMU at 1, 10 and 100 ms as the stored analysis has it', async () => {
    const detail = JSON.parse((await gmpw('show', runId, '--json')).stdout) as RunDetail;
    const curve = detail.analysis?.mmu;
    expect(curve, 'the trace analysis has an MMU curve').toBeDefined();
    const line = (await gmpw('show', runId)).stdout.split('\n').find((l) => l.startsWith('MMU '));
    expect(line).toBe(`MMU          ${mmuQuotedText(curve!)}  (minimum mutator utilisation, from the trace)`);
    // A 2 s run has a point at each quoted window.
    expect(line).toMatch(/^MMU {10}1 ms \d+\.\d% {2}10 ms \d+\.\d% {2}100 ms \d+\.\d% /);
  });

  it('show gives each GOMAXPROCS change at the trace\'s exact time, which lies inside the harness\'s bounds of that change', async () => {
    // stw-gomaxprocs-churn flips GOMAXPROCS 2 ↔ 4 every 10 ms through runtime.GOMAXPROCS, inside the trace.
    // Its own history: the tests after it count the runs of theirs.
    const own = mkdtempSync(join(tmpdir(), 'gmpw-cli-churn-'));
    onTestFinished(() => rmSync(own, { recursive: true, force: true }));
    const gmpw = gmpwIn(own);
    const run = await gmpw('run', '--scenario', 'stw-gomaxprocs-churn', '--duration', '300ms', '--gomaxprocs', '2', '--capture', 'trace');
    expect(run.code, run.stderr).toBe(0);
    const id = /^(\S+)\s+succeeded/m.exec(run.stdout)?.[1] ?? '';
    const folder = join(own, 'runs', id);
    const readJson = (name: string) => JSON.parse(readFileSync(join(folder, name), 'utf8'));
    const harness = (readJson('result.json') as { gomaxprocs: { changes: SettingChange[] } }).gomaxprocs.changes;
    const traced = traceGomaxprocsChanges((readJson('analysis.json') as { meta: { gomaxprocs: { t: number; n: number }[] } }).meta.gomaxprocs);
    expect(harness.length, 'the scenario changed GOMAXPROCS').toBeGreaterThan(2);
    // The same changes, in the same order: the trace holds the whole run.
    expect(traced.map((c) => `${c.from}→${c.to}`)).toEqual(harness.map((c) => `${c.from}→${c.to}`));
    // Both clocks are the runtime's monotonic one, offset by when the trace started: one offset puts
    // every traced change inside the harness's bounds of its call (to the harness's microsecond).
    const earliest = Math.max(...harness.map((c, i) => (c.after ?? -Infinity) - traced[i]!.t));
    const latest = Math.min(...harness.map((c, i) => c.t - traced[i]!.t));
    expect(earliest, 'the trace starts after the harness').toBeGreaterThan(0);
    expect(earliest).toBeLessThanOrEqual(latest + 2e-6);

    const lines = (await gmpw('show', id)).stdout.split('\n');
    const shown = lines.filter((l) => l.startsWith('  in trace   ')).map((l) => l.slice('  in trace   '.length));
    const listed = traced.slice(0, LISTED_GOMAXPROCS_CHANGES).map(traceGomaxprocsChangeText);
    const unlisted = unlistedTraceChangesText(traced);
    expect(shown).toEqual(unlisted ? [...listed, `${unlisted}; gmpw show --json lists them all`] : listed);
    const { source, clock } = traceChangesSource('trace.out');
    expect(lines[lines.findIndex((l) => l.startsWith('  in trace   ')) + shown.length]).toBe(`             (${source}: ${clock})`);
  });

  it('import analyses existing files as a run tagged imported; compare, list and rm work on it', async () => {
    const dir = join(dataDir, 'runs', runId);
    const imported = await gmpw('import', join(dir, 'trace.out'), join(dir, 'cpu.pprof'), '--json');
    expect(imported.code, imported.stderr).toBe(0);
    const detail = JSON.parse(imported.stdout);
    importedId = detail.run.id;
    expect(detail.run.tags).toContain('imported');
    expect(detail.analysis.sched_latency.all.count).toBeGreaterThan(0);
    // The same trace gives the same exact quantiles.
    const original = JSON.parse((await gmpw('show', runId, '--json')).stdout);
    expect(detail.schedLatency.exact).toEqual(original.schedLatency.exact);
    // Shown as the files it is, with what the trace records, not as a program configuration.
    const shown = (await gmpw('show', importedId)).stdout;
    expect(shown).toMatch(/^Target       imported trace\.out$/m);
    expect(shown).toMatch(/^Trace        Go go1\.\d+, GOMAXPROCS 2 \(from the trace\), \d[\d.]* ?m?s long, recorded from \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC$/m);
    // Where the trace places itself in time (its clock snapshot, Go 1.25+): while the run it came from ran.
    const startedAt = Date.parse(detail.analysis.meta.started_at);
    expect(startedAt).toBeGreaterThanOrEqual(Date.parse(original.run.startedAt));
    expect(startedAt).toBeLessThanOrEqual(Date.parse(original.run.endedAt));
    expect(shown).toContain(`recorded from ${utcText(detail.analysis.meta.started_at)}`);
    expect(shown).not.toMatch(/^Config /m);

    const compare = await gmpw('compare', runId, importedId);
    expect(compare.code, compare.stderr).toBe(0);
    expect(compare.stdout).toContain(`${runId} (base)`);
    expect(compare.stdout).toMatch(/\+0\.0%|0\.0%/);
    // Single runs: the deltas are not tested, as the Compare page says too.
    expect(compare.stdout).toContain(`note: ${SINGLE_RUNS_CAVEAT}`);

    const list = JSON.parse((await gmpw('list', '--json')).stdout);
    expect(list.runs.map((r: { id: string }) => r.id).sort()).toEqual([runId, importedId].sort());
    // Listed as an import, with the trace's GOMAXPROCS, and no concurrency or duration (nothing ran).
    const row = (await gmpw('list')).stdout.split('\n').find((l) => l.startsWith(importedId))!;
    expect(row.split(/\s{2,}/).slice(2, 6)).toEqual(['imported trace.out', '2', '—', '—']);

    // A label carrying terminal control sequences (an OSC 52 clipboard write, a cursor move) and a
    // line break that would forge a row of the list is refused; one stored before labels were held
    // to plain text is printed as visible text, never as the sequences themselves.
    const hostile = '\x1b]52;c;aGVsbG8=\x07pwned\x1b[2J\nfake-run  succeeded\t';
    const refused = await gmpw('import', join(dir, 'cpu.pprof'), '--label', hostile);
    expect([refused.code, refused.stderr]).toEqual([2, 'gmpw import: --label: holds U+001B, a control character: a label is plain text\n']);
    const store = Store.open(dataDir);
    store.createRun({ config: runConfig({ label: hostile }) });
    store.close();
    for (const shown of [await gmpw('list'), await gmpw('show', JSON.parse((await gmpw('list', '--json', '--limit', '1')).stdout).runs[0].id)]) {
      expect(shown.stdout).toContain('\\x1b]52;c;aGVsbG8=\\x07pwned\\x1b[2J\\x0afake-run  succeeded\\x09');
      expect(shown.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
      expect(shown.stdout).not.toMatch(/^fake-run/m);
    }

    // A file of the run deleted since: the report still comes, with the error where the app would
    // show it, and gmpw says which part (exit 0: the report is written).
    rmSync(join(dataDir, 'runs', importedId, 'cpu.pprof'));
    const reported = await gmpw('report', importedId, '-o', join(dataDir, 'gone.html'));
    expect(reported.code, reported.stderr).toBe(0);
    // (stderr may also say the report bundle was built first)
    const notes = reported.stderr.split('\n').filter((l) => l.startsWith('gmpw report: note:'));
    expect(notes).toEqual([`gmpw report: note: the report shows an error in place of: cpu.pprof of run ${importedId} is no longer in its folder (deleted outside the workbench?). The figures stored at the run's end stand; what reads this file cannot be shown.`]);

    const rm = await gmpw('rm', importedId);
    expect(rm.stdout).toContain('deleted 1 run');
    const hostileId = JSON.parse((await gmpw('list', '--json', '--limit', '1')).stdout).runs[0].id;
    expect((await gmpw('rm', hostileId)).code).toBe(0);
    expect(existsSync(join(dataDir, 'runs', importedId))).toBe(false);
  });

  it('run without --gomaxprocs uses the scenario\'s suggestion, says so, and list and show report it as in force', async () => {
    // 500 ms: the runtime samples one scheduling in eight, and pingpong-hog on one P schedules little
    // (19 ops/s once in CI); a window of 200 ms once held no sample at all.
    const run = await gmpw('run', '--scenario', 'pingpong-hog', '--duration', '500ms', '--concurrency', '2');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('gmpw run: GOMAXPROCS 1, the value pingpong-hog suggests (--gomaxprocs overrides it)');
    expect(run.stderr).toContain('gmpw run: pingpong-hog ignores the concurrency (its load is fixed): --concurrency 2 is passed to it but not used');
    const id = /^(\S+)\s+succeeded/m.exec(run.stdout)?.[1] ?? '';
    const show = await gmpw('show', id);
    expect(show.stdout).toMatch(/^GOMAXPROCS   1 in force during the measured window \(set by the GOMAXPROCS variable\)$/m);
    expect(show.stdout).toMatch(/^Config .* concurrency not used \(pingpong-hog ignores it; 2 was passed to it\) duration=500ms/m);
    // Two values are refused first, before any note about the plan.
    const two = await gmpw('run', '--scenario', 'pingpong-hog', '--duration', '200ms', '--concurrency', '1,4');
    expect(two.code).toBe(2);
    expect(two.stderr).toBe('gmpw run: --concurrency: pingpong-hog ignores the concurrency (its load is fixed), so runs at 1, 4 would be the same run: give one value or none\n');
    const list = await gmpw('list', '--text', id);
    // pingpong-hog ignores the concurrency (always two pairs): the list shows none, not the 2 it was given.
    expect(list.stdout).toMatch(new RegExp(`^${id}\\s+succeeded\\s+scenario pingpong-hog\\s+1\\s+—\\s`, 'm'));
    // No trace: its sched p99 is the runtime's sample, and the list says so as the Runs table does.
    expect(list.stdout).toMatch(new RegExp(`^${id}\\s.*\\d(ns|µs|ms|s) sampled\\s`, 'm'));
  });

  it('an experiment ends with the command that compares its cells, named by the id it started with', async () => {
    const run = await gmpw('run', '--scenario', 'idle', '--duration', '100ms', '--gomaxprocs', '1,2', '--concurrency', '1');
    expect(run.code, run.stderr).toBe(0);
    const experiment = /^experiment (\S+): 2 runs$/m.exec(run.stderr)?.[1];
    expect(experiment).toBeDefined();
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(`Compare the cells: gmpw compare --experiment ${experiment}`);
    expect((await gmpw('compare', '--experiment', experiment!)).code).toBe(0);
  });

  it('a run at Go\'s default GOMAXPROCS says so once', async () => {
    const run = await gmpw('run', '--scenario', 'idle', '--duration', '100ms', '--concurrency', '1');
    expect(run.code, run.stderr).toBe(0);
    const id = /^(\S+)\s+succeeded/m.exec(run.stdout)?.[1] ?? '';
    const line = (await gmpw('show', id)).stdout.split('\n').find((l) => l.startsWith('GOMAXPROCS'));
    expect(line).toMatch(/^GOMAXPROCS {3}\d+ \(Go's default\) in force during the measured window$/);
  });

  it('GOMAXPROCS default and the number it is here make two cells of one setting: accepted, with a note after the runs, as for two releases built by one Go', async () => {
    // Go's default on this machine, as a run finds it (its CPU count, or a cgroup's CPU limit).
    const single = JSON.parse((await gmpw('run', '--scenario', 'idle', '--duration', '100ms', '--concurrency', '1', '--json')).stdout) as { runs: { id: string }[] };
    const goDefault = gomaxprocsInForce(JSON.parse((await gmpw('show', single.runs[0]!.id, '--json')).stdout) as RunDetail);
    expect(goDefault).not.toBeNull();
    const run = await gmpw('run', '--scenario', 'idle', '--duration', '100ms', '--concurrency', '1', '--gomaxprocs', `default,${goDefault}`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`gmpw run: note: the cells of GOMAXPROCS=default and GOMAXPROCS=${goDefault} ran at the same GOMAXPROCS, ${goDefault}: they measure one setting\n`);
  });

  it('a data directory that cannot be opened is one line on stderr and exit 1, nothing more', async () => {
    const notADirectory = join(dataDir, 'runs', runId, 'terminal.log');
    const gmpwAt = (...args: string[]) =>
      new Promise<CliResult>((done) => execFile(process.execPath, [GMPW, ...args, '--data-dir', notADirectory], (err, stdout, stderr) => done({ code: (err as { code?: number } | null)?.code ?? 0, stdout, stderr })));
    // Adding a host starts a history where none is: there, the history cannot be opened.
    const hosts = await gmpwAt('hosts', 'add', 'lab', 'me@lab');
    expect(hosts.code).toBe(1);
    expect(hosts.stderr).toMatch(/^gmpw hosts: Could not open the run history: .*terminal\.log cannot be opened \(ENOTDIR/);
    expect(hosts.stderr.trim().split('\n')).toHaveLength(1);
    // A command that reads the history takes a path that is no directory for a typo: exit 2, as for one that does not exist.
    const list = await gmpwAt('list');
    expect([list.code, list.stderr]).toEqual([2, `gmpw list: --data-dir ${notADirectory}: not a directory\n`]);
  });

  it('a reader that closes the pipe early (gmpw list | head -1) ends the output, not the command: exit 0, nothing on stderr', async () => {
    // The reading end is closed before gmpw writes: its write meets EPIPE (it crashed with a stack).
    const child = spawn(process.execPath, [GMPW, 'list', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((r) => child.once('close', r));
    expect([code, stderr]).toEqual([0, '']);
  });

  it('usage mistakes and invalid configs exit 2 with one line naming the problem', async () => {
    const unknownFlag = await gmpw('run', '--scenario', 'pingpong-hog', '--bogus');
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknownFlag.stderr).toContain('--bogus');
    const badDuration = await gmpw('run', '--scenario', 'pingpong-hog', '--duration', 'soon');
    expect(badDuration.code).toBe(2);
    // Named by the flag the user wrote, not by the plan's field.
    expect(badDuration.stderr).toBe('gmpw run: --duration: a Go duration such as 500ms, 2s or 1m\n');
    const badParam = await gmpw('run', '--scenario', 'pingpong-hog', '--param', 'nope=1');
    expect(badParam.code).toBe(2);
    expect(badParam.stderr).toMatch(/^gmpw run: --param nope: /m);
    const badProcs = await gmpw('run', '--scenario', 'pingpong-hog', '--gomaxprocs', '2,0');
    expect(badProcs.code).toBe(2);
    expect(badProcs.stderr).toMatch(/^gmpw run: --gomaxprocs \(its 2nd value\): /m);
    // One line: the range, with no advice on how many repetitions the refused plan should have.
    const tooMany = await gmpw('run', '--scenario', 'pingpong-hog', '--repeat', '1001', '--yes');
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr.trim().split('\n'), tooMany.stderr).toHaveLength(1);
    expect(tooMany.stderr).toMatch(/^gmpw run: --repeat: /);
    const flightWithoutRecorder = await gmpw('run', '--scenario', 'pingpong-hog', '--capture', 'flight');
    expect(flightWithoutRecorder.code).toBe(2);
    expect(flightWithoutRecorder.stderr).toMatch(/^gmpw run: --capture: capture 'flight' needs the flight recorder/);
    expect((await gmpw('frobnicate')).code).toBe(2);
    const reportOfNothing = await gmpw('report');
    expect([reportOfNothing.code, reportOfNothing.stderr]).toEqual([2, 'gmpw report: give run ids or --experiment ID (one of the two)\n']);
    expect((await gmpw('report', 'a', '--experiment', 'e')).code).toBe(2);
    // A run id that names no run is the command line's mistake too.
    const unknownRun = await gmpw('report', 'no-such-run', '-o', join(dataDir, 'r.html'));
    expect(unknownRun.code).toBe(2);
    expect(unknownRun.stderr).toMatch(/^gmpw report: .*no-such-run/);
    expect(existsSync(join(dataDir, 'r.html'))).toBe(false);
    const help = await gmpw('run', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--gomaxprocs');
    expect(help.stdout).toContain('--flight-recorder D');
    expect(help.stdout).toContain('trace,flight');
  });

  it('the terminal closing cancels the run: the run cancelled, none of its processes left', async () => {
    // A real terminal that goes away: its session gets SIGHUP, and every write to it then fails (EIO).
    const term = pty.spawn(process.execPath, [GMPW, 'run', '--scenario', 'pingpong-hog', '--duration', '60s', '--data-dir', dataDir], { cols: 120, rows: 30 });
    const exited = new Promise<number>((r) => term.onExit(({ exitCode }) => r(exitCode)));
    const known = new Set(runFolders());
    let id = '';
    for (let i = 0; i < 300 && !id; i++) {
      await sleep(100);
      id = runFolders().find((f) => !known.has(f) && liveProcessesMentioning(join(dataDir, 'runs', f)).length > 0) ?? '';
    }
    expect(id).not.toBe('');
    // Closes the terminal's side (node-pty's UnixTerminal has it; IPty does not declare it).
    (term as pty.IPty & { destroy(): void }).destroy();
    await exited;
    const show = await gmpw('show', id, '--json');
    expect((JSON.parse(show.stdout) as RunDetail).run.state).toBe('cancelled');
    expect(liveProcessesMentioning(join(dataDir, 'runs', id))).toEqual([]);
  });

  it.each(['SIGINT', 'SIGHUP'] as const)('%s (Ctrl-C, or a hang-up) cancels the run: exit 130, the run cancelled, none of its processes left', async (signal) => {
    const child = spawn(process.execPath, [GMPW, 'run', '--scenario', 'pingpong-hog', '--duration', '60s', '--json', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const known = new Set(runFolders());
    let runDir = '';
    for (let i = 0; i < 300 && !runDir; i++) {
      await sleep(100);
      const fresh = runFolders().filter((id) => !known.has(id)).map((id) => join(dataDir, 'runs', id));
      runDir = fresh.find((d) => liveProcessesMentioning(d).length > 0) ?? '';
    }
    expect(runDir).not.toBe('');
    child.kill(signal);
    // 'close', not 'exit': by then the last of its output has been read.
    const code = await new Promise((r) => child.once('close', r));
    expect(code).toBe(130);
    expect(JSON.parse(stdout).runs[0].state).toBe('cancelled');
    expect(liveProcessesMentioning(runDir)).toEqual([]);
  });

  it('Ctrl-C while runs.start is still building the harness cancels the runs it then creates', async () => {
    // A data directory of its own: its build cache is empty, so runs.start builds gmpstress first.
    const fresh = mkdtempSync(join(tmpdir(), 'gmpw-cli-early-'));
    try {
      const { interrupt } = await duringToolBuild(['run', '--scenario', 'pingpong-hog', '--duration', '2s', '--json', '--data-dir', fresh], join(fresh, 'cache', 'bin', 'gmpstress-'));
      expect(readdirSync(join(fresh, 'runs'))).toEqual([]); // no run created yet
      const { code, stdout } = await interrupt();
      expect(code).toBe(130);
      const runs = JSON.parse(stdout).runs as { state: string }[];
      expect(runs.map((r) => r.state)).toEqual(['cancelled']);
      expect(liveProcessesMentioning(fresh)).toEqual([]);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('Ctrl-C during an import ends its run as cancelled: exit 130, nothing left running', async () => {
    // A data directory of its own: gmptrace is not built there yet, so the import is still at work
    // (building it, to analyse the trace) when the signal comes.
    const fresh = mkdtempSync(join(tmpdir(), 'gmpw-cli-import-'));
    try {
      const { interrupt } = await duringToolBuild(['import', join(dataDir, 'runs', runId, 'trace.out'), '--json', '--data-dir', fresh], join(fresh, 'cache', 'bin', 'gmptrace-'));
      const { code, stdout } = await interrupt();
      expect(code).toBe(130);
      const detail = JSON.parse(stdout) as RunDetail;
      expect(detail.run.state).toBe('cancelled');
      expect(detail.run.error).toBeNull();
      expect(detail.artifacts.map((a) => a.name)).toContain('trace.out'); // what was copied is kept
      expect(liveProcessesMentioning(fresh)).toEqual([]);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('runs of two processes never overlap, whatever data folders they keep', async () => {
    const known = new Set(runFolders());
    const child = spawn(process.execPath, [GMPW, 'run', '--scenario', 'pingpong-hog', '--duration', '3s', '--json', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'ignore'] });
    const exited = new Promise((r) => child.once('close', r));
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    let theirs = '';
    for (let i = 0; i < 300 && !theirs; i++) {
      await sleep(100);
      theirs = runFolders().find((id) => !known.has(id) && liveProcessesMentioning(join(dataDir, 'runs', id)).length > 0) ?? '';
    }
    expect(theirs).not.toBe('');
    // Another folder, as the app's is by default: the lock is the machine's (the worker's here).
    const ourDir = mkdtempSync(join(tmpdir(), 'gmpw-cli-other-'));
    const t = await openTestCore({ dataDir: ourDir });
    try {
      const { ids, states } = await t.runPlan({ target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '200ms', concurrency: [1], gomaxprocs: ['default'] });
      expect(states).toEqual(['succeeded']);
      expect(await exited).toBe(0);
      const other = JSON.parse(stdout).runs[0];
      const ours = (await t.call('runs.get', { id: ids[0] })).run;
      expect(other.state).toBe('succeeded');
      expect(ours.startedAt! >= other.endedAt!).toBe(true);
      expect(t.events['run.output'].some((e) => e.runId === ids[0] && e.data.includes('waiting for the run of process'))).toBe(true);
    } finally {
      await t.core.close();
      rmSync(ourDir, { recursive: true, force: true });
    }
  });

  it('a run left running by a dead gmpw is interrupted at the next start (not while gmpw lives), keeping its partial files', async () => {
    const known = new Set(runFolders());
    const child = spawn(process.execPath, [GMPW, 'run', '--scenario', 'pingpong-hog', '--duration', '60s', '--data-dir', dataDir], { stdio: 'ignore' });
    let runDir = '';
    for (let i = 0; i < 300 && !runDir; i++) {
      await sleep(100);
      const fresh = runFolders().filter((id) => !known.has(id)).map((id) => join(dataDir, 'runs', id));
      runDir = fresh.find((d) => existsSync(join(d, 'metrics.jsonl')) && statSync(join(d, 'metrics.jsonl')).size > 0) ?? '';
    }
    expect(runDir).not.toBe('');
    const id = runDir.split('/').pop()!;
    // While that gmpw lives, another process starting on the same data leaves its run alone.
    const bystander = await openTestCore({ dataDir });
    try {
      expect((await bystander.call('runs.get', { id })).run.state).toBe('running');
    } finally {
      await bystander.core.close();
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // The target outlives the workbench only until the pty hangs up; make sure it is gone either way.
    for (const pid of liveProcessesMentioning(runDir)) process.kill(pid, 'SIGKILL');

    const t = await openTestCore({ dataDir });
    try {
      const d = await t.call('runs.get', { id });
      expect(d.run.state).toBe('interrupted');
      expect(d.run.error).toContain('running');
      expect(d.artifacts.map((a) => a.name)).toEqual(expect.arrayContaining(['metrics.jsonl', 'terminal.log']));
    } finally {
      await t.core.close();
    }
  });
});
