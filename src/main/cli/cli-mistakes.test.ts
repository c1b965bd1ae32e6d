// gmpw's answers to mistakes a user makes at the command line, as a user sees them (bin/gmpw.mjs in
// a subprocess, a fresh data directory): one line naming the problem, nothing before it, and the
// exit code the CLI's header promises (2 for a usage mistake or an invalid config, 1 for the rest).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GMPW, gmpwIn } from '../../../test/support/gmpw';

const dataDir = mkdtempSync(join(tmpdir(), 'gmpw-mistakes-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const gmpw = gmpwIn(dataDir);

describe('gmpw mistakes', () => {
  /** An experiment of two cells (GOMAXPROCS=1 and 2), one run each. */
  let experiment = '';
  beforeAll(async () => {
    const run = await gmpw('run', '--scenario', 'idle', '--duration', '100ms', '--gomaxprocs', '1,2');
    expect(run.code, run.stderr).toBe(0);
    experiment = /^experiment (\S+): 2 runs$/m.exec(run.stderr)![1]!;
  }, 120_000);

  it('run: a plan runs.start refuses is its error alone, with no repetition advice before it', async () => {
    const host = await gmpw('run', '--scenario', 'idle', '--duration', '1s', '--host', 'local,LAB');
    expect([host.code, host.stderr]).toEqual([2, 'gmpw run: --host (its 2nd value): no host named LAB (gmpw hosts list shows them)\n']);
    const param = await gmpw('run', '--scenario', 'idle', '--repeat', '2', '--param', 'nope=1');
    expect([param.code, param.stderr]).toEqual([2, 'gmpw run: --param nope: unknown parameter (accepted: none, this scenario has no parameters)\n']);
  });

  it('a run, experiment cell or host the user named that does not exist is a usage mistake: exit 2, as an unknown experiment is', async () => {
    for (const argv of [['show', 'nosuch'], ['rm', 'nosuch'], ['report', 'nosuch'], ['compare', 'nosuch', 'other'], ['export-bench', 'nosuch'], ['fetch', 'nosuch']]) {
      const r = await gmpw(...argv);
      expect([r.code, r.stderr], argv.join(' ')).toEqual([2, `gmpw ${argv[0]}: RUN_ID: No run with id nosuch\n`]);
    }
    expect((await gmpw('compare', '--experiment', 'nosuch')).code).toBe(2);
    const cell = await gmpw('compare', '--experiment', experiment, '--baseline', 'GOMAXPROCS=3');
    expect([cell.code, cell.stderr]).toEqual([2, `gmpw compare: --baseline: Experiment ${experiment} has no cell "GOMAXPROCS=3"; its cells are "GOMAXPROCS=1", "GOMAXPROCS=2".\n`]);
    expect((await gmpw('hosts', 'rm', 'nosuch')).code).toBe(2);
  });

  it('a --go or GMPW_GO that names no usable Go is a usage mistake: exit 2 (a machine where no Go is found is not: exit 1)', async () => {
    const nowhere = await gmpw('run', '--scenario', 'idle', '--duration', '100ms', '--go', '/nonexistent/go');
    expect([nowhere.code, nowhere.stderr.split('. ')[0]]).toEqual([2, 'gmpw run: --go: Go was not found at /nonexistent/go']);
    const notGo = await gmpw('run', '--scenario', 'idle', '--duration', '100ms', '--go', '/bin/true');
    expect([notGo.code, notGo.stderr.split('. ')[0]]).toEqual([2, "gmpw run: --go: /bin/true did not run as a Go toolchain ('go env GOVERSION' printed nothing)"]);
    // Named in the environment, the same mistake, said where it was made.
    const fromEnv = await gmpwIn(dataDir, { GMPW_GO: '/bin/true' })('run', '--scenario', 'idle', '--duration', '100ms');
    expect([fromEnv.code, fromEnv.stderr.split('. ')[0]]).toEqual([2, "gmpw run: GMPW_GO: /bin/true did not run as a Go toolchain ('go env GOVERSION' printed nothing)"]);
  });

  it('serve: a port is digits, as it is written; 1e3 and 0x10 are not ports', async () => {
    for (const port of ['1e3', '0x10', '80.0', '65536']) {
      const r = await gmpw('serve', '--port', port);
      expect([r.code, r.stderr], port).toEqual([2, `gmpw serve: --port must be an integer from 0 to 65535, not '${port}'\n`]);
    }
  });

  it('hosts add of a name already taken is a usage mistake: exit 2, as a bad ssh option is', async () => {
    expect((await gmpw('hosts', 'add', 'twice', 'me@one.example')).code).toBe(0);
    const again = await gmpw('hosts', 'add', 'twice', 'me@two.example');
    expect([again.code, again.stderr]).toEqual([2, 'gmpw hosts: NAME: a host named twice exists already (gmpw hosts rm twice first)\n']);
  });

  it('report -o replaces an earlier report, and any other file only with --force', async () => {
    const notes = join(dataDir, 'notes.txt');
    writeFileSync(notes, 'my notes\n');
    const refused = await gmpw('report', '--experiment', experiment, '-o', notes);
    expect([refused.code, refused.stderr]).toEqual([2, `gmpw report: ${notes} exists and is not a gmpw report: give another -o, or --force to replace it\n`]);
    expect(readFileSync(notes, 'utf8')).toBe('my notes\n');
    const forced = await gmpw('report', '--experiment', experiment, '-o', notes, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(notes, 'utf8')).toMatch(/^<!doctype html>/);
    // Now a report: a new one replaces it without --force.
    const again = await gmpw('report', '--experiment', experiment, '-o', notes);
    expect(again.code, again.stderr).toBe(0);
    const nowhere = join(dataDir, 'no-such-folder', 'r.html');
    const missing = await gmpw('report', '--experiment', experiment, '-o', nowhere);
    expect([missing.code, missing.stderr]).toEqual([2, `gmpw report: cannot write ${nowhere}: there is no folder ${join(dataDir, 'no-such-folder')}\n`]);
  });

  it('export-bench -o replaces an earlier export, and any other file (a FIFO unread) only with --force', async () => {
    const saved = join(dataDir, 'go-test-output.txt');
    writeFileSync(saved, 'goos: linux\nBenchmarkMine\t10\t5 ns/op\n');
    const refused = await gmpw('export-bench', '--experiment', experiment, '-o', saved);
    expect([refused.code, refused.stderr]).toEqual([
      2,
      `gmpw export-bench: ${saved} exists and does not begin with "# GMP Workbench runs in the Go benchmark format (gmpw export-bench)", the line every export begins with, so it may not be an export (an older gmpw wrote its exports without it): give another -o, or --force to replace it\n`,
    ]);
    expect(readFileSync(saved, 'utf8')).toBe('goos: linux\nBenchmarkMine\t10\t5 ns/op\n');
    const forced = await gmpw('export-bench', '--experiment', experiment, '-o', saved, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(saved, 'utf8')).toMatch(/^# GMP Workbench runs in the Go benchmark format \(gmpw export-bench\)\n/);
    // Now an export: a new one replaces it without --force.
    expect((await gmpw('export-bench', '--experiment', experiment, '-o', saved)).code).toBe(0);
    // A FIFO is no earlier export, and looking into it would wait for a writer that never comes.
    const fifo = join(dataDir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const onFifo = await gmpw('export-bench', '--experiment', experiment, '-o', fifo);
    expect([onFifo.code, onFifo.stderr]).toEqual([2, `gmpw export-bench: ${fifo} exists and is not a gmpw export-bench: give another -o, or --force to replace it\n`]);
  });

  it('a mistyped command or hosts subcommand is answered with the one it was likely meant to be, as a mistyped option is', async () => {
    const command = await gmpw('lsit');
    expect([command.code, command.stderr]).toEqual([2, 'gmpw: unknown command "lsit": did you mean list?\n']);
    const sub = await gmpw('hosts', 'chek');
    expect([sub.code, sub.stderr]).toEqual([2, 'gmpw hosts: "chek" is not add, list, rm or check: did you mean check?\n']);
    // Nothing close: the list of commands to choose from, as before.
    const far = await gmpw('frobnicate');
    expect(far.code).toBe(2);
    expect(far.stderr).toMatch(/^gmpw: unknown command "frobnicate"\nusage: gmpw COMMAND/);
  });

  it('a -h given as an option\'s value is no request for help: the option is refused, saying how to write it; a standalone -h is help', async () => {
    const arg = await gmpw('run', '--program', '.', '--arg', '-h');
    expect([arg.code, arg.stdout, arg.stderr]).toEqual([2, '', 'gmpw run: --arg needs a value, and -h is read as an option (a value that starts with "-" is written --arg=-h)\n']);
    const label = await gmpw('run', '--scenario', 'idle', '--label', '--help');
    expect([label.code, label.stderr]).toEqual([2, 'gmpw run: --label needs a value, and --help is read as an option (a value that starts with "-" is written --label=--help)\n']);
    const help = await gmpw('run', '--label', 'x', '-h');
    expect([help.code, help.stdout.split('\n')[0]]).toEqual([0, 'usage: gmpw run TARGET [options]']);
  });

  it('names a mistake on the line before it looks for the history: an empty --data-dir is not the first thing wrong', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'gmpw-empty-'));
    try {
      for (const argv of [['list', '-zh'], ['show', '--bogus', 'x'], ['hosts', 'list', '-z']]) {
        const r = await gmpwIn(empty)(...argv);
        expect([r.code, r.stderr.split('\n')[0]], argv.join(' ')).toEqual([2, expect.stringMatching(/Unknown option '--?[a-z]+'/)]);
      }
      const r = await gmpwIn(empty)('list');
      expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('no history there')]);
      // A folder where the database belongs is said to be one, not taken for no history.
      mkdirSync(join(empty, 'gmpw.db'));
      const folder = await gmpwIn(empty)('list');
      expect([folder.code, folder.stderr]).toEqual([2, `gmpw list: --data-dir ${empty}: ${join(empty, 'gmpw.db')} is a folder, not the history's database file (move it aside to start a new history)\n`]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('names a field the core refuses by the option or argument the user typed, never by the contract\'s path, and a 20-digit number by its range', async () => {
    const cases: [string[], string][] = [
      [['list', '--limit', '0'], 'gmpw list: --limit: must be at least 1\n'],
      [['list', '--limit', '12345678901234567890'], 'gmpw list: --limit: must be at most 10000\n'],
      [['export-bench', '--experiment', ''], 'gmpw export-bench: --experiment: needs at least 1 character\n'],
      [['import', join(dataDir, 'no-such.pprof')], `gmpw import: the 1st FILE: cannot read ${join(dataDir, 'no-such.pprof')} (ENOENT)\n`],
      [['rm', 'x', ''], 'gmpw rm: the 2nd RUN_ID: a run id\n'],
      [['run', '--scenario', 'idle', '--gomaxprocs', '1,12345678901234567890'], 'gmpw run: --gomaxprocs (its 2nd value): must be at most 1024\n'],
      // One field, the path, from either of two options: the one given.
      [['run', '--program', join(dataDir, 'no-such-program'), '--duration', '1s'], `gmpw run: --program: ${join(dataDir, 'no-such-program')} does not exist\n`],
      [['run', `--endpoint=${join(dataDir, 'no-such-server')}`, '--pprof-url', 'http://127.0.0.1:6060/debug/pprof/'], `gmpw run: --endpoint: ${join(dataDir, 'no-such-server')} does not exist\n`],
    ];
    for (const [argv, stderr] of cases) {
      const r = await gmpw(...argv);
      expect([r.code, r.stderr], argv.join(' ')).toEqual([2, stderr]);
    }
  });

  it('says of a file whose name is not UTF-8 that its name cannot reach the workbench, not that it does not exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gmpw-bytes-'));
    try {
      // Made and named from the shell, byte for byte: Node would turn the bytes into U+FFFD.
      writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), Buffer.from([0xff, 0xfe]), Buffer.from('bad.pprof')]), 'x');
      const run = spawnSync('sh', ['-c', `exec "$0" "$1" import "$2$(printf '\\377\\376')bad.pprof" --data-dir "$3"`, process.execPath, GMPW, `${dir}/`, dataDir], { encoding: 'utf8' });
      expect([run.status, run.stderr]).toEqual([2, `gmpw import: the 1st FILE: cannot read ${dir}/\uFFFD\uFFFDbad.pprof: its name holds bytes that are not UTF-8, which do not reach the workbench intact (the � stand for them); rename the file\n`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a spelling of the import tag and a tag holding a bidi control, from run and import alike, naming the --tag', async () => {
    const run = await gmpw('run', '--scenario', 'idle', '--tag', 'fine', '--tag', ' Imported ');
    expect([run.code, run.stderr]).toEqual([2, "gmpw run: --tag (its 2nd value): 'imported' is the workbench's own tag for runs imported from files: a run made here cannot take it, nor an import lose it\n"]);
    const imported = await gmpw('import', join(dataDir, 'no-such.pprof'), '--tag', 'evil\u202Eexe.txt');
    expect([imported.code, imported.stderr]).toEqual([2, 'gmpw import: --tag (its 1st value): holds U+202E, a bidi control, which reorders the text around it: a tag is plain text\n']);
  });
});
