// runs.import, and how trace analysis outcomes reach the run: complete, partial (gmptrace exit 3:
// kept and noted), unreadable (exit 2: noted, the run still succeeds).
import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, mkdtempSync, openSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandFailure } from '../errors';
import { MAX_REPEATED_ENTRIES } from '../flame/repeated-fields';
import { utcText } from '../../../shared/run-times';
import { GIB, writeGzipBomb } from '../../../../test/support/gzip-bomb';
import { failureOf, FIXTURES, liveProcessesMentioning, openTestCore, type TestCore } from '../../../../test/support/run-core';
import { tmpfs } from '../../../../test/support/tmpfs';

let t: TestCore;
let source = '';
const scratch = mkdtempSync(join(tmpdir(), 'gmpw-import-'));
beforeAll(async () => {
  t = await openTestCore();
  // Long enough for the trace to hold more than one generation (about one a second), so a cut copy
  // still has a complete one.
  const { ids } = await t.runPlan({ target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '2s', concurrency: [2], gomaxprocs: [2], capture: ['trace', 'cpu', 'heap', 'allocs', 'mutex', 'block', 'goroutine'] });
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

  it('says which profile is not of the moment the trace shows: a CPU profile of a week before beside the trace', async () => {
    const profile = Profile.decode(gunzipSync(readFileSync(join(source, 'cpu.pprof'))));
    const week = 7 * 24 * 3600;
    profile.timeNanos = BigInt(profile.timeNanos) - BigInt(week) * 1_000_000_000n;
    const old = join(scratch, 'last-week-cpu.pprof');
    writeFileSync(old, gzipSync(profile.encode()));
    const { runId } = await t.call('runs.import', { files: [join(source, 'trace.out'), old] });
    const d = await t.call('runs.get', { id: runId });
    expect(d.run.state).toBe('succeeded');
    const started = d.analysis!.meta.started_at!;
    expect(d.analysisNote).toMatch(new RegExp(`^cpu\\.pprof recorded [\\d.]+ (s|ms) from \\d{4}-\\d\\d-\\d\\d [\\d:.]+ UTC, 16[78]h\\d\\dm before the trace began \\(${utcText(started).replaceAll('.', '\\.')}, [\\d.]+ s\\): not of the moment the trace shows`));
    // The same files from one run say nothing of it (the first test's import).
  });

  it('labels an import given no label with its files\' names, cut to the length a label takes', async () => {
    const long = 'checkout-service-prod-eu-west-1-2026-12-06T13-14-15Z';
    const files = ['trace.out', 'cpu.pprof', 'heap.pprof', 'block.pprof'].map((name) => {
      writeFileSync(join(scratch, `${long}-${name}`), readFileSync(join(source, name)));
      return join(scratch, `${long}-${name}`);
    });
    const { runId } = await t.call('runs.import', { files });
    const { run } = await t.call('runs.get', { id: runId });
    expect(run.state).toBe('succeeded');
    expect(run.label).toHaveLength(200);
    expect(run.label).toBe(`${files.map((f) => f.split('/').pop()).join(' ').slice(0, 199)}…`);
    // A cut falls between characters: an emoji (two UTF-16 units) is kept whole or left out.
    const emoji = join(scratch, `${'a'.repeat(198)}🔥.trace`);
    writeFileSync(emoji, readFileSync(join(source, 'trace.out')));
    const cut = (await t.call('runs.get', { id: (await t.call('runs.import', { files: [emoji] })).runId })).run.label;
    expect(cut).toBe(`${'a'.repeat(198)}…`);
  });

  it('stores an imported profile under the kind its sample types give, whatever its file is called', async () => {
    const copies: Array<[string, string, string]> = [
      // [the run's profile, the name it is imported under, the name it must be stored as]
      ['cpu.pprof', 'before-cpu.prof', 'cpu.pprof'],
      ['heap.pprof', 'snapshot.pb.gz', 'heap.pprof'],
      ['allocs.pprof', 'heap-at-exit.pprof', 'allocs.pprof'], // the allocs profile, whatever the name says
      ['goroutine.pprof', 'dump.pprof', 'goroutine.pprof'],
      ['mutex.pprof', 'svc-mutex-2.pprof', 'mutex.pprof'], // contention: the name's word decides
      ['block.pprof', 'contention.pprof', 'contention.pprof'], // …and without one, the name is kept
    ];
    for (const [from, as] of copies) writeFileSync(join(scratch, as), readFileSync(join(source, from)));
    const { runId } = await t.call('runs.import', { files: copies.map(([, as]) => join(scratch, as)) });
    const d = await t.call('runs.get', { id: runId });
    expect(d.run.state).toBe('succeeded');
    const kinds = Object.fromEntries(d.artifacts.map((a) => [a.name, a.kind]));
    expect(kinds).toMatchObject({ 'cpu.pprof': 'cpu', 'heap.pprof': 'heap', 'allocs.pprof': 'allocs', 'goroutine.pprof': 'goroutine', 'mutex.pprof': 'mutex', 'contention.pprof': 'contention' });
    for (const [from, , stored] of copies) expect(readFileSync(join(t.dataDir, 'runs', runId, stored)).equals(readFileSync(join(source, from)))).toBe(true);
    // Compare meets the imported CPU profile with the run's.
    const sourceId = source.split('/').pop()!;
    expect((await t.call('compare.runs', { baseline: sourceId, candidates: [runId] })).commonProfiles).toContain('cpu.pprof');
  });

  it('takes a profile.proto that is not gzipped, as go tool pprof does, and still refuses text', async () => {
    const raw = join(scratch, 'raw-cpu.pb');
    writeFileSync(raw, gunzipSync(readFileSync(join(source, 'cpu.pprof'))));
    const { runId } = await t.call('runs.import', { files: [raw] });
    const d = await t.call('runs.get', { id: runId });
    expect(d.run.state).toBe('succeeded');
    expect(d.artifacts.find((a) => a.name === 'cpu.pprof')?.kind).toBe('cpu');
    const text = join(scratch, 'newline.txt');
    writeFileSync(text, '\nnot a profile at all\n');
    expect(((await t.call('runs.import', { files: [text] }).catch((e: unknown) => e)) as CommandFailure).message).toMatch(/is neither a Go execution trace nor a pprof profile/);
  });

  it('refuses two profiles of one kind in one import, naming both files', async () => {
    writeFileSync(join(scratch, 'a.prof'), readFileSync(join(source, 'cpu.pprof')));
    writeFileSync(join(scratch, 'b.prof'), readFileSync(join(source, 'cpu.pprof')));
    const err = await t.call('runs.import', { files: [join(scratch, 'a.prof'), join(scratch, 'b.prof')] }).catch((e: unknown) => e);
    expect((err as CommandFailure).message).toMatch(/a\.prof and b\.prof would both be stored as cpu\.pprof/);
  });

  it('says that an import of a profile alone holds no trace, not that a capture was left out', async () => {
    const { runId } = await t.call('runs.import', { files: [join(source, 'cpu.pprof')] });
    const d = await t.call('runs.get', { id: runId });
    expect(d.run.state).toBe('succeeded');
    expect(d.analysisNote).toBe('The import holds no execution trace (import a trace.out with the profiles for the scheduler latency).');
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
    // The lists say it too, which read no analysis: a succeeded import of a cut trace is no whole one.
    expect(d.run.tracePartial).toBe(true);
    const listed = (await t.call('runs.list', {})).runs;
    expect(listed.find((r) => r.id === runId)?.tracePartial).toBe(true);
    expect(listed.filter((r) => r.id !== runId).every((r) => !r.tracePartial)).toBe(true);
  });

  it('ends failed, with the reason, when the trace cannot be read at all', async () => {
    const junk = join(scratch, 'junk.trace');
    writeFileSync(junk, Buffer.concat([Buffer.from('go 1.22 trace\0\0\0'), Buffer.alloc(4096, 0xff)]));
    const { runId } = await t.call('runs.import', { files: [junk] });
    const d = await t.call('runs.get', { id: runId });
    expect(d.run.state).toBe('failed');
    expect(d.run.error).toMatch(/^import failed: trace not analysed: .+/);
    expect(d.artifacts.map((a) => a.name)).toContain('trace.out'); // the copy is kept
  });

  it('ends failed, naming the file, when a profile is garbage behind a gzip header', async () => {
    const junk = join(scratch, 'junk.pprof');
    writeFileSync(junk, Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(2048, 0x5a)]));
    const { runId } = await t.call('runs.import', { files: [join(source, 'trace.out'), junk] });
    const d = await t.call('runs.get', { id: runId });
    expect(d.run.state).toBe('failed');
    expect(d.run.error).toMatch(/^import failed: .*junk\.pprof is not a readable pprof profile: gzip/);
    // The trace beside it is analysed all the same: one bad file hides nothing of another.
    expect(d.analysis).not.toBeNull();
    expect(d.schedLatency.exact?.p99).toBeGreaterThan(0);
  });

  it('ends failed when a profile is a decompression bomb, checked at import', async () => {
    const bomb = join(scratch, 'bomb.pprof');
    await writeGzipBomb(bomb, GIB);
    const started = Date.now();
    const { runId } = await t.call('runs.import', { files: [bomb] });
    expect(Date.now() - started).toBeLessThan(20_000);
    const d = await t.call('runs.get', { id: runId });
    expect(d.run.state).toBe('failed');
    expect(d.run.error).toMatch(/^import failed: .*bomb\.pprof decompresses to more than 256 MiB/);
  });

  it('ends failed, the workbench alive, when a small profile holds more strings or comments than an array can', async () => {
    // A real CPU profile, then 2^24 + 1 empty strings (field 6) or comments of 0 (field 13): 34 MB,
    // gzipped to tens of KB, past the bound. (250 MB of them, under the decompression bound, made
    // an array past V8's limit of about 112 M elements, and aborted the process.)
    const real = gunzipSync(readFileSync(join(source, 'cpu.pprof')));
    for (const [name, entry, what] of [['strings', [0x32, 0x00], 'strings'], ['comments', [0x68, 0x00], 'comments']] as const) {
      const crafted = join(scratch, `${name}.pprof`);
      writeFileSync(crafted, gzipSync(Buffer.concat([real, Buffer.alloc(2 * (MAX_REPEATED_ENTRIES + 1), Buffer.from(entry))])));
      const { runId } = await t.call('runs.import', { files: [crafted] });
      const d = await t.call('runs.get', { id: runId });
      expect(d.run.state).toBe('failed');
      // Named as the run keeps it, and as the user gave it.
      expect(d.run.error).toMatch(new RegExp(`^import failed: cpu\\.pprof \\(${crafted.replaceAll('.', '\\.')}\\): .*cpu\\.pprof holds more than 16,777,216 ${what}; profiles that large are not opened`));
    }
  });

  it('refuses a FIFO (or any file that is not a regular file) at once instead of waiting on it', async () => {
    const fifo = join(scratch, 'trace.fifo');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const answer = t.call('runs.import', { files: [fifo] }).then(() => 'imported', (e: unknown) => e);
    const outcome = await Promise.race([answer, new Promise((r) => setTimeout(() => r('still waiting after 5 s'), 5000))]);
    try {
      expect(outcome).toBeInstanceOf(CommandFailure);
      expect((outcome as CommandFailure).detail).toMatchObject({ field: 'files.0', message: expect.stringMatching(/trace\.fifo is a FIFO, not a regular file/) });
      expect(Date.now() - started).toBeLessThan(2000);
      expect((await t.call('runs.list', {})).runs.filter((r) => r.label.includes('fifo'))).toEqual([]);
    } finally {
      // Release a reader stuck opening the FIFO (before the fix), so the process can exit.
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // no reader was waiting
      }
    }
  });

  it('refuses files that are neither traces nor profiles, naming the file', async () => {
    const text = join(scratch, 'notes.txt');
    writeFileSync(text, 'hello');
    const err = await t.call('runs.import', { files: [join(source, 'cpu.pprof'), text] }).catch((e: unknown) => e);
    expect((err as CommandFailure).detail.field).toBe('files.1');
  });
});

describe('an import ended from outside', () => {
  it('is cancelled when the workbench closes under it, and stays so at the next start', async () => {
    // A core of its own: gmptrace is not built in its data directory yet, so the import is still
    // analysing (building gmptrace first) when the core closes.
    const own = await openTestCore();
    let closed = false;
    try {
      const importing = own.call('runs.import', { files: [join(source, 'trace.out')] });
      const analysing = await new Promise<string>((done) => {
        const off = own.core.events.on('run.state', ({ runId, state }) => {
          if (state !== 'analysing') return;
          off();
          done(runId);
        });
      });
      await own.core.close();
      closed = true;
      expect((await importing).runId).toBe(analysing);
      // A closed workbench makes no run it could not end.
      expect((await failureOf(own.call('runs.import', { files: [join(source, 'trace.out')] }))).detail.message).toBe('The workbench is shutting down');
      expect(own.events['run.state'].filter((e) => e.runId === analysing).map((e) => e.state)).toEqual(['running', 'analysing', 'cancelled']);
      const reopened = await openTestCore({ dataDir: own.dataDir });
      try {
        const d = await reopened.call('runs.get', { id: analysing });
        expect(d.run.state).toBe('cancelled');
        expect(d.artifacts.map((a) => a.name)).toContain('trace.out');
      } finally {
        await reopened.close();
      }
    } finally {
      if (!closed) await own.core.close();
      rmSync(own.dataDir, { recursive: true, force: true });
    }
  });
});

describe('an import cancelled while its trace is analysed', () => {
  it('stops the analysis: gmptrace ends at once and writes nothing, and the run is cancelled', async () => {
    // t has built gmptrace already (the imports above): the analysis starts with the import.
    const watcher = t.core.events.on('run.state', ({ runId, state }) => {
      if (state !== 'analysing') return;
      watcher();
      const dir = join(t.dataDir, 'runs', runId);
      const poll = setInterval(() => {
        if (liveProcessesMentioning(dir).length === 0) return;
        clearInterval(poll);
        void t.call('runs.cancel', { id: runId });
      }, 2);
    });
    const { runId } = await t.call('runs.import', { files: [join(source, 'trace.out')] });
    const d = await t.call('runs.get', { id: runId });
    expect(d.run.state).toBe('cancelled');
    // The analysis did not go on to its end: no analysis.json, no trace-derived profile.
    expect(d.artifacts.map((a) => a.name).sort()).toEqual(['trace.out']);
    expect(liveProcessesMentioning(join(t.dataDir, 'runs', runId))).toEqual([]);
  });
});

describe('an import and the disk', () => {
  const disk = tmpfs('300m');

  it.skipIf(!disk.mounted)('is refused before any run is made when the disk cannot take its copies (needs root: a tmpfs)', async () => {
    const own = await openTestCore({ dataDir: join(disk.path, 'data') });
    try {
      // 100 MB that take no room here: a sparse file behind a trace's header.
      const big = join(scratch, 'big.trace');
      writeFileSync(big, 'go 1.26 trace\x00\x00\x00');
      truncateSync(big, 100 * 1024 ** 2);
      const err = await own.call('runs.import', { files: [big] }).catch((e: unknown) => e);
      // A full disk, not a mistake in the request: gmpw import exits 1 for it.
      expect((err as CommandFailure).detail).toMatchObject({ field: 'files', code: 'disk-full', message: expect.stringMatching(/^the import needs 100\.0 MiB for its copies, and the disk holding .*\/runs can take [\d.]+ MiB \(its free space less 256\.0 MiB kept free\)/) });
      expect((await own.call('runs.list', {})).runs).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('leaves no copy cut short when it is cancelled while copying', async () => {
    const own = await openTestCore();
    try {
      const big = join(scratch, 'copied.trace');
      writeFileSync(big, 'go 1.26 trace\x00\x00\x00');
      truncateSync(big, 512 * 1024 ** 2);
      // Cancelled as it starts copying (its running state is said before the first byte).
      own.core.events.on('run.state', ({ runId, state }) => {
        if (state === 'running') void own.call('runs.cancel', { id: runId });
      });
      const { runId } = await own.call('runs.import', { files: [big] });
      const d = await own.call('runs.get', { id: runId });
      expect(d.run.state).toBe('cancelled');
      expect(existsSync(join(own.dataDir, 'runs', runId, 'trace.out'))).toBe(false);
      expect(d.artifacts.map((a) => a.name)).not.toContain('trace.out');
    } finally {
      await own.close();
    }
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
