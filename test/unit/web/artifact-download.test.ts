// Browser mode's artifact downloads over the real core: a run's own file, byte for byte, only with
// the token, and nothing outside the files the store lists for the run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Profile, StringTable } from 'pprof-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../../src/main/web/server';
import BetterSqlite3 from 'better-sqlite3';
import { openTestCore, type TestCore } from '../../support/run-core';

let t: TestCore;
let server: WebServer;
let runId = '';
let tracedId = '';
const staticDir = mkdtempSync(join(tmpdir(), 'gmpw-static-'));

beforeAll(async () => {
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html>');
  t = await openTestCore();
  server = await startWebServer({ core: t.core, staticDir, port: 0 });
  // A short real run whose CPU profile is the file to download.
  const run = await t.runPlan({ target: { kind: 'scenario', id: 'idle' }, duration: '1s', concurrency: [1], gomaxprocs: [1], capture: ['cpu'] });
  expect(run.states).toEqual(['succeeded']);
  runId = run.ids[0];
  // A trace of several generations (the runtime starts one about every second), for its cuts.
  const traced = await t.runPlan({ target: { kind: 'scenario', id: 'idle' }, duration: '2500ms', concurrency: [1], gomaxprocs: [1], capture: ['trace'] });
  expect(traced.states).toEqual(['succeeded']);
  tracedId = traced.ids[0];
});
afterAll(async () => {
  await server?.close();
  await t?.close();
  rmSync(staticDir, { recursive: true, force: true });
});

/** Rewrites the size the history recorded for one of the run's files (through its own connection). */
function setRecordedSize(name: string, size: number): void {
  const db = new BetterSqlite3(join(t.dataDir, 'gmpw.db'));
  try {
    db.prepare('UPDATE artifacts SET size = ? WHERE run_id = ? AND name = ?').run(size, runId, name);
  } finally {
    db.close();
  }
}

async function get(path: string, auth = true, method = 'GET') {
  const res = await fetch(`http://127.0.0.1:${server.port}${path}`, { method, headers: auth ? { authorization: `Bearer ${server.token}` } : {} });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

describe('GET /api/artifact/<run>/<name>', () => {
  it("downloads the run's file byte for byte, as an attachment", async () => {
    const stored = readFileSync(join(t.dataDir, 'runs', runId, 'cpu.pprof'));
    const res = await get(`/api/artifact/${runId}/cpu.pprof`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="cpu.pprof"; filename*=UTF-8''cpu.pprof`);
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.body.equals(stored)).toBe(true);
    const head = await get(`/api/artifact/${runId}/cpu.pprof`, true, 'HEAD');
    expect([head.status, head.headers.get('content-length'), head.body.length]).toEqual([200, String(stored.length), 0]);
  });

  it('names an imported file of any name, in UTF-8 with an ASCII stand-in (a raw name made the header throw: a 500)', async () => {
    const name = 'profil-€-日本 "x"\x1b.pprof';
    const dir = mkdtempSync(join(tmpdir(), 'gmpw-named-'));
    // A profile of a kind its sample types do not tell keeps its own name in the run's folder.
    const strings = new StringTable();
    const fn = { id: 1, name: strings.dedup('main.f'), filename: strings.dedup('f.go') };
    const sampleType = [{ type: strings.dedup('widgets'), unit: strings.dedup('count') }];
    const profile = new Profile({ sampleType, function: [fn], location: [{ id: 1, line: [{ functionId: 1, line: 1 }] }], sample: [{ locationId: [1], value: [3] }], stringTable: strings });
    writeFileSync(join(dir, name), gzipSync(profile.encode()));
    const { runId: imported } = await t.call('runs.import', { files: [join(dir, name)] });
    await expect.poll(async () => (await t.call('runs.get', { id: imported })).run.state, { timeout: 60_000 }).toBe('succeeded');
    const stored = (await t.call('runs.get', { id: imported })).artifacts.find((a) => a.name.includes('日本'))!.name;
    const res = await get(`/api/artifact/${imported}/${encodeURIComponent(stored)}`);
    expect(res.status).toBe(200);
    const header = res.headers.get('content-disposition')!;
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
    expect(decodeURIComponent(/filename\*=UTF-8''(.*)$/.exec(header)![1])).toBe(stored);
    expect(res.body.equals(readFileSync(join(dir, name)))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('needs the token', async () => {
    expect((await get(`/api/artifact/${runId}/cpu.pprof`, false)).status).toBe(401);
  });

  it('serves only files the store lists for that run', async () => {
    for (const path of [
      `/api/artifact/${runId}/nothing.pprof`,
      `/api/artifact/${runId}/..%2F..%2Fgmpw.db`,
      `/api/artifact/..%2F${runId}/cpu.pprof`,
      `/api/artifact/no-such-run/cpu.pprof`,
      `/api/artifact/${runId}/cpu.pprof/extra`,
      `/api/artifact/${runId}/%E0%A4%A`,
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
    expect((await get(`/api/artifact/${runId}/cpu.pprof`, true, 'POST')).status).toBe(405);
  });

  it('closes the file when the client goes away midway', async () => {
    const listed = join(t.dataDir, 'runs', runId, 'cpu.pprof');
    const kept = readFileSync(listed);
    /** This process's descriptors open on the listed file: the server runs here. */
    const openOnIt = () => readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === listed;
      } catch {
        return false; // closed meanwhile
      }
    });
    writeFileSync(listed, Buffer.alloc(64 << 20, 7)); // larger than the socket's buffers hold
    setRecordedSize('cpu.pprof', 64 << 20); // as if the run had left it so
    try {
      const aborted = new AbortController();
      const res = await fetch(`http://127.0.0.1:${server.port}/api/artifact/${runId}/cpu.pprof`, { headers: { authorization: `Bearer ${server.token}` }, signal: aborted.signal });
      const reader = res.body!.getReader();
      await reader.read();
      expect(openOnIt().length).toBe(1);
      aborted.abort();
      await expect.poll(openOnIt, { timeout: 3000 }).toEqual([]);
    } finally {
      writeFileSync(listed, kept);
      setRecordedSize('cpu.pprof', kept.length);
    }
  });

  it("refuses a file replaced since the run, checked on the file it opened", async () => {
    const listed = join(t.dataDir, 'runs', runId, 'cpu.pprof');
    const kept = readFileSync(listed);
    writeFileSync(listed, Buffer.concat([kept, Buffer.from('more')]));
    try {
      const replaced = await get(`/api/artifact/${runId}/cpu.pprof`);
      expect([replaced.status, replaced.body.toString()]).toEqual([404, "the artifact's file was replaced since the run (its size is not the one recorded): it is not the run's\n"]);
    } finally {
      writeFileSync(listed, kept);
    }
    expect((await get(`/api/artifact/${runId}/cpu.pprof`)).status).toBe(200);
  });

  it('hands out no link or FIFO put in the run\'s folder in place of a listed file (a copied or shared data folder)', async () => {
    const listed = join(t.dataDir, 'runs', runId, 'cpu.pprof');
    const kept = `${listed}.kept`;
    const outside = join(staticDir, 'outside.txt');
    writeFileSync(outside, 'SECRET-OUTSIDE-THE-DATA-FOLDER');
    renameSync(listed, kept);
    try {
      symlinkSync(outside, listed);
      const linked = await get(`/api/artifact/${runId}/cpu.pprof`);
      expect([linked.status, linked.body.toString()]).toEqual([404, "the artifact's file is no longer a regular file of the run's folder\n"]);
      rmSync(listed);
      expect(spawnSync('mkfifo', [listed]).status).toBe(0);
      // Opened without waiting for a writer, and refused: no thread is held.
      const fifo = await get(`/api/artifact/${runId}/cpu.pprof`);
      expect([fifo.status, fifo.body.toString()]).toEqual([404, "the artifact's file is no longer a regular file of the run's folder\n"]);
    } finally {
      rmSync(listed, { force: true });
      renameSync(kept, listed);
    }
    expect((await get(`/api/artifact/${runId}/cpu.pprof`)).status).toBe(200);
  });

  it('refuses a run folder that is a link to a folder elsewhere, holding files of the listed names and sizes', async () => {
    const folder = join(t.dataDir, 'runs', runId);
    const moved = mkdtempSync(join(tmpdir(), 'gmpw-moved-run-'));
    const elsewhere = join(moved, 'run');
    renameSync(folder, elsewhere);
    try {
      symlinkSync(elsewhere, folder);
      expect((await get(`/api/artifact/${runId}/cpu.pprof`)).status).toBe(404);
    } finally {
      rmSync(folder, { force: true });
      renameSync(elsewhere, folder);
      rmSync(moved, { recursive: true, force: true });
    }
    expect((await get(`/api/artifact/${runId}/cpu.pprof`)).status).toBe(200);
  });

  it("hands out a cut of the run's trace by the name runs.cutTrace gave it, and nothing else of its cache", async () => {
    const cut = await t.call('runs.cutTrace', { id: tracedId, from_s: 0.1, to_s: 0.2 });
    expect(cut.whole).toBe(false);
    const res = await get(`/api/artifact/${tracedId}/${encodeURIComponent(cut.name)}`);
    expect(res.status).toBe(200);
    expect(res.body.equals(readFileSync(cut.path))).toBe(true);
    expect(res.body.length).toBe(cut.bytes);
    // The cut's facts beside it, a cut never made, a name reaching out of the cache: none of them.
    for (const name of [`${cut.name}.facts`, 'trace.out-cut-1ns-2ns.trace', '../trace.out', `../../${runId}/cpu.pprof`]) {
      expect((await get(`/api/artifact/${tracedId}/${encodeURIComponent(name)}`)).status, name).toBe(404);
    }
    // Another run's name for it is not this run's.
    expect((await get(`/api/artifact/${runId}/${encodeURIComponent(cut.name)}`)).status).toBe(404);
  });
});
