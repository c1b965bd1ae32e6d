// Finding Go (and saying clearly when it is missing or too old), and the build cache that several
// processes share.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CommandFailure } from '../errors';
import { openTestCore } from '../../../../test/support/run-core';
import { BuildCache, experimentEnv } from './build-cache';
import { findGo, GoMissingError, isSupportedGo } from './find-go';
import { currentCheckout } from '../install';
import { gmpstressSpec } from './bundled-tools';

const scratch = mkdtempSync(join(tmpdir(), 'gmpw-toolchain-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A PATH holding only node (the CLI needs it) and no go. */
function pathWithoutGo(): string {
  const dir = join(scratch, 'bin-no-go');
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe('finding Go', () => {
  it('finds the go on PATH and reports its version', async () => {
    const go = await findGo();
    expect(go.version).toMatch(/^go\d+\.\d+/);
    expect(isSupportedGo(go.version)).toBe(true);
  });

  it('says Go is missing, with install advice, when PATH has no go', async () => {
    const err = await findGo({ env: { PATH: pathWithoutGo() }, wellKnown: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GoMissingError);
    expect((err as Error).message).toMatch(/Go was not found.*Install Go 1\.22 or newer/);
  });

  it('says where a release was given in place of a go binary', async () => {
    for (const release of ['1.24.x', 'go1.25rc1', 'local']) {
      const err = await findGo({ goBinary: release }).catch((e: unknown) => e);
      expect((err as Error).message).toMatch(new RegExp(`^Go was not found at ${release.replaceAll('.', '\\.')} \\(this names the go binary to use; .*--go-version in the CLI\\)`));
    }
    const path = await findGo({ goBinary: join(scratch, 'nowhere', 'go') }).catch((e: unknown) => e);
    expect((path as Error).message).not.toContain('--go-version');
  });

  it('passes over a folder named go on PATH (a GOPATH ~/go), and names the go binary of a Go folder given in its place', async () => {
    const home = join(scratch, 'home');
    mkdirSync(join(home, 'go', 'pkg'), { recursive: true });
    const goPath = (await findGo()).path;
    const found = await findGo({ env: { PATH: [home, dirname(goPath)].join(delimiter) }, wellKnown: [] });
    expect(found.path).toBe(goPath);
    const root = dirname(dirname(goPath));
    const folder = await findGo({ goBinary: root }).catch((e: unknown) => e);
    expect((folder as Error).message).toMatch(new RegExp(`^${root} is a folder, not a go binary: the Go installed there is ${join(root, 'bin', 'go')}\\. Install`));
    const empty = await findGo({ goBinary: home }).catch((e: unknown) => e);
    expect((empty as Error).message).toMatch(new RegExp(`^${home} is a folder, not a go binary\\. Install`));
  });

  it('says Go is too old', async () => {
    const dir = join(scratch, 'old-go');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'go'), '#!/bin/sh\necho go1.20.3\n');
    chmodSync(join(dir, 'go'), 0o755);
    const err = await findGo({ env: { PATH: dir }, wellKnown: [] }).catch((e: unknown) => e);
    expect((err as Error).message).toContain('is go1.20.3, older than go1.22');
  });

  it('says a go that does not answer timed out, not only that a command failed', async () => {
    const dir = join(scratch, 'hung-go');
    mkdirSync(dir, { recursive: true });
    // A wrapper script (asdf, goenv) whose go hangs: the script's child must not outlive the wait.
    const pidFile = join(dir, 'child.pid');
    writeFileSync(join(dir, 'go'), `#!/bin/sh\nsleep 60 &\necho $! > ${pidFile}\nwait\n`);
    chmodSync(join(dir, 'go'), 0o755);
    // Long enough for a loaded machine to start the script and its child before the timeout.
    const err = await findGo({ goBinary: join(dir, 'go'), versionTimeoutMs: 2000 }).catch((e: unknown) => e);
    expect((err as Error).message).toContain(`${join(dir, 'go')} did not run as a Go toolchain (no answer to 'go env GOVERSION' within 2 s).`);
    expect(existsSync(pidFile), 'the wrapper started its go').toBe(true);
    const child = Number(readFileSync(pidFile, 'utf8'));
    const alive = (): boolean => {
      try {
        process.kill(child, 0);
        return readFileSync(`/proc/${child}/stat`, 'utf8').split(') ')[1]![0] !== 'Z';
      } catch {
        return false;
      }
    };
    await expect.poll(alive, { timeout: 5000 }).toBe(false);
  });

  it('through the core: toolchain.info explains, and runs.start fails before anything runs', async () => {
    const t = await openTestCore({ env: { PATH: pathWithoutGo() }, goWellKnown: [] });
    try {
      const info = await t.call('toolchain.info', {});
      expect(info.ok).toBe(false);
      expect(info.message).toContain('Install Go');
      const err = await t.call('runs.start', { plan: { target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '1s', concurrency: [1], gomaxprocs: ['default'] } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CommandFailure);
      expect((err as CommandFailure).detail.code).toBe('go-missing');
      expect((await t.call('runs.list', {})).total).toBe(0);
    } finally {
      await t.close();
    }
  });
});

describe('build cache', () => {
  it('builds once per source hash and Go version, safely when two builders race', async () => {
    const go = await findGo();
    const binDir = join(scratch, 'cache', 'bin');
    const spec = gmpstressSpec(currentCheckout().resourcesDir);
    // Two caches stand for two processes (the app and a CLI) building the same key at once.
    const [a, b] = await Promise.all([new BuildCache(binDir, go).binary(spec), new BuildCache(binDir, go).binary(spec)]);
    expect(a).toBe(b);
    expect(existsSync(a)).toBe(true);
    expect(readdirSync(binDir).filter((n) => n.includes('.tmp-'))).toEqual([]);
    const built = statSync(a).mtimeMs;
    expect(await new BuildCache(binDir, go).binary(spec)).toBe(a);
    expect(statSync(a).mtimeMs).toBe(built);
    // Another Go version is another key.
    const other = await new BuildCache(binDir, { ...go, version: `${go.version}-other` }).binary(spec);
    expect(other).not.toBe(a);
  });

  it('cross-builds for a host of another platform under its own key, and shares this machine\'s', async () => {
    const go = await findGo();
    const moduleDir = join(scratch, 'hello');
    mkdirSync(moduleDir, { recursive: true });
    writeFileSync(join(moduleDir, 'go.mod'), 'module example.com/hello\n\ngo 1.22\n');
    writeFileSync(join(moduleDir, 'main.go'), 'package main\n\nfunc main() { println("hi") }\n');
    const spec = { name: 'hello', moduleDir, pkg: '.' };
    const cache = new BuildCache(join(scratch, 'cross-bin'), go);
    /** The ELF header's e_machine: 62 x86-64, 183 AArch64. */
    const machine = (file: string) => readFileSync(file).readUInt16LE(18);
    const arm64 = await cache.binary(spec, { goos: 'linux', goarch: 'arm64' });
    expect(readFileSync(arm64).subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect(machine(arm64)).toBe(183);
    const amd64 = await cache.binary(spec, { goos: 'linux', goarch: 'amd64' });
    expect(machine(amd64)).toBe(62);
    expect(amd64).not.toBe(arm64);
    const here = { x64: 'amd64', arm64: 'arm64' }[process.arch as 'x64' | 'arm64'];
    if (process.platform === 'linux' && here) expect(await cache.binary(spec, { goos: 'linux', goarch: here })).toBe(await cache.binary(spec));
  });
});

describe('GOEXPERIMENT of a build', () => {
  it("adds the experiments a capture needs to the environment's own, each once, in one order", () => {
    expect(experimentEnv([], {})).toEqual({});
    expect(experimentEnv(['goroutineleakprofile'], {})).toEqual({ GOEXPERIMENT: 'goroutineleakprofile' });
    // The environment's experiments change the binary too: kept, and so part of the cache's key.
    expect(experimentEnv(['goroutineleakprofile'], { GOEXPERIMENT: 'jsonv2, goroutineleakprofile' })).toEqual({ GOEXPERIMENT: 'goroutineleakprofile,jsonv2' });
    expect(experimentEnv([], { GOEXPERIMENT: 'jsonv2' })).toEqual({ GOEXPERIMENT: 'jsonv2' });
  });
});
