// The app as users install it. electron-builder packs it for real (`electron-builder --dir`, the
// step before any installer, with electron-builder.yml and its afterPack check); then the packed
// main process boots under Node with a stand-in for Electron (test/stubs/electron-main.cjs: `app`
// answering with packaged paths, a window, IPC and the app:// protocol) and runs a scenario with
// Go's module downloads switched off.
//
// Mocked: only the Electron binary, where it is not installed (the build machines cannot download
// it): electron-builder then copies a stand-in executable in its place. Not exercised here:
//   - better-sqlite3 for Electron's ABI (resources/native): making it needs Electron's headers or a
//     prebuilt addon from Electron's download hosts. `npm run dist` makes it with
//     scripts/ensure-electron.mjs; this test stages it only where that was already done.
//   - starting the packed executable, and the installers (AppImage, deb, dmg, nsis) themselves.
//   - the Node boot runs the asar's files extracted by @electron/asar (Node cannot read inside an
//     asar, Electron's fs can), with Node's build of better-sqlite3 in native/.
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import asar from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandInput, CommandName, CommandOutput } from '../../../src/shared/contract';
import { isTerminal, type RunState } from '../../../src/shared/domain';
import { Catalog } from '../../../src/shared/results';
import { commandChannel, eventChannel, type Outcome } from '../../../src/shared/transport';
import { checkoutInstall, documentationPath, electronInstall, electronSqlitePath, goSourcesDir, preloadPath, rendererDir, reportBundleDir } from '../../../src/main/core/install';
import { desktopDataDir } from '../../../src/main/core/paths';

const root = resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version as string;
const realElectron = existsSync(join(root, 'node_modules', 'electron', 'path.txt')) ? join(root, 'node_modules', 'electron', 'dist') : null;
const electronSqlite = electronSqlitePath(checkoutInstall(root), { electronVersion, platform: process.platform, arch: process.arch });

let scratch: string;
/** process.resourcesPath of the packed app. */
let resources: string;
let appAsar: string;

function node(args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
}

/** An Electron distribution (Linux's layout) whose executable only says what it is: electron-builder copies and renames it. */
function standInElectronDist(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary" >&2\nexit 1\n');
  chmodSync(join(dir, 'electron'), 0o755);
  return dir;
}

/** Where electron-builder put the packed app's resources (Linux and Windows: <os>-unpacked/resources). */
function packedResources(dist: string): string {
  const unpacked = readdirSync(dist).find((name) => name.endsWith('-unpacked'));
  if (!unpacked) throw new Error(`no *-unpacked folder in ${dist}: ${readdirSync(dist).join(', ')}`);
  return join(dist, unpacked, 'resources');
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'gmpw-package-'));
  // A project folder of its own, so the build does not touch the checkout's out/ that other tests serve.
  const project = join(scratch, 'project');
  mkdirSync(project);
  for (const file of ['package.json', 'electron-builder.yml', 'README.md']) cpSync(join(root, file), join(project, file));
  for (const dir of ['node_modules', 'scripts']) symlinkSync(join(root, dir), join(project, dir));

  // The steps of scripts/dist.mjs, aimed at the scratch project.
  node([join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--outDir', join(project, 'out')]);
  node([join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(root, 'report.vite.config.mts'), '--outDir', join(project, 'out', 'report')]);
  node([join(root, 'scripts', 'packaging', 'icons.mjs'), join(project, 'build', 'icons')]);
  const stageArgs = existsSync(electronSqlite) ? ['--electron-sqlite', electronSqlite] : [];
  node([join(root, 'scripts', 'packaging', 'stage-resources.mjs'), join(project, 'out', 'resources'), ...stageArgs]);

  const dist = join(scratch, 'dist');
  // A stand-in binary has no fuse wire: afterPack flips the fuses of a real Electron only, and is
  // told when the binary is the stand-in (@electron/fuses fails on it).
  const electronDist = realElectron ?? standInElectronDist(join(scratch, 'electron-dist'));
  const env = realElectron ? process.env : { ...process.env, GMPW_STANDIN_ELECTRON: '1' };
  node([join(root, 'node_modules', 'electron-builder', 'cli.js'), '--projectDir', project, '--config', 'electron-builder.yml', '--dir', '--publish', 'never', `-c.electronDist=${electronDist}`, `-c.directories.output=${dist}`], env);
  resources = packedResources(dist);
  appAsar = join(resources, 'app.asar');
}, 600_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Top-level package names under node_modules in the asar. */
function packagedModules(): string[] {
  const names = new Set<string>();
  for (const file of asar.listPackage(appAsar, { isPack: false })) {
    const m = /^[/\\]node_modules[/\\]((?:@[^/\\]+[/\\])?[^/\\]+)/.exec(file);
    if (m) names.add(m[1]!.replace(/\\/g, '/'));
  }
  return [...names].sort();
}

describe('the packed app', () => {
  it('holds the bundles the main process loads, where core/install.ts looks for them', () => {
    const install = electronInstall({ isPackaged: true, resourcesPath: resources, appPath: appAsar });
    const inAsar = (path: string) => relative(appAsar, path);
    for (const file of [join(install.appRoot, 'out', 'main', 'index.js'), join(install.appRoot, 'out', 'main', 'flame-worker.js'), preloadPath(install), join(rendererDir(install), 'index.html'), join(reportBundleDir(install), 'report.js'), join(reportBundleDir(install), 'report.css')]) {
      expect(() => asar.statFile(appAsar, inAsar(file)), file).not.toThrow();
    }
    const manifest = JSON.parse(asar.extractFile(appAsar, 'package.json').toString('utf8'));
    expect(manifest.main).toBe('./out/main/index.js');
    // The renderer declares its icon (no /favicon.ico 404) and ships it.
    const html = asar.extractFile(appAsar, 'out/renderer/index.html').toString('utf8');
    const icon = /<link rel="icon"[^>]*href="\.\/(assets\/icon-[^"]+\.svg)"/.exec(html)?.[1];
    expect(icon).toBeDefined();
    expect(() => asar.statFile(appAsar, join('out', 'renderer', icon!))).not.toThrow();
  });

  it('ships the production dependencies and nothing of the development ones or the CLI loader', () => {
    const modules = packagedModules();
    for (const name of ['better-sqlite3', 'node-pty', 'pprof-format', 'zod']) expect(modules).toContain(name);
    for (const name of Object.keys(pkg.devDependencies)) expect(modules).not.toContain(name);
    // The CLI's loader, and what it alone brings.
    for (const name of ['tsx', 'esbuild', '@esbuild', 'get-tsconfig', 'resolve-pkg-maps']) expect(modules).not.toContain(name);
  });

  it('keeps native addons out of the asar: node-pty unpacked beside it, no Node-ABI better-sqlite3 at all', () => {
    const pty = join('node_modules', 'node-pty', 'build', 'Release', 'pty.node');
    expect(existsSync(join(`${appAsar}.unpacked`, pty))).toBe(true);
    expect((asar.statFile(appAsar, pty) as { unpacked?: boolean }).unpacked).toBe(true);
    const sqliteAddons = asar.listPackage(appAsar, { isPack: false }).filter((f) => f.includes('better-sqlite3') && f.endsWith('.node'));
    expect(sqliteAddons).toEqual([]);
    expect(() => asar.statFile(appAsar, join('node_modules', 'better-sqlite3', 'lib', 'index.js'))).not.toThrow();
    // Electron's build sits in resources/native when it could be made (see the notes at the top).
    expect(existsSync(join(resources, 'native', 'better_sqlite3.node'))).toBe(existsSync(electronSqlite));
  });

  it('ships the documentation the Help menu opens', () => {
    const install = electronInstall({ isPackaged: true, resourcesPath: resources, appPath: appAsar });
    expect(readFileSync(documentationPath(install), 'utf8')).toBe(readFileSync(join(root, 'README.md'), 'utf8'));
    expect(existsSync(join(goSourcesDir(install.resourcesDir), 'PROTOCOL.md'))).toBe(true);
  });

  it('ships the Go sources without tests, with gmptrace\'s module dependencies vendored', () => {
    const go = goSourcesDir(resources);
    const shipped = readdirSync(go, { recursive: true, encoding: 'utf8' });
    expect(shipped.filter((f) => f.endsWith('_test.go') || f.split(/[/\\]/).includes('testdata'))).toEqual([]);
    const sources = readdirSync(join(root, 'resources', 'go', 'scenarios')).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'));
    expect(readdirSync(join(go, 'scenarios')).sort()).toEqual(sources.sort());
    const required = /golang\.org\/x\/exp (\S+)/.exec(readFileSync(join(go, 'cmd', 'gmptrace', 'go.mod'), 'utf8'))?.[1];
    expect(readFileSync(join(go, 'cmd', 'gmptrace', 'vendor', 'modules.txt'), 'utf8')).toContain(`# golang.org/x/exp ${required}`);
    expect(existsSync(join(go, 'cmd', 'gmptrace', 'vendor', 'golang.org', 'x', 'exp', 'trace'))).toBe(true);
  });
});

/** The packed main process, run under Node by fork() with test/stubs/electron-main.cjs as Electron. */
interface PackedMain {
  ready: Promise<{ window: { width: number; height: number; webPreferences: { preload: string } }; url: string; menu: Array<{ label: string; items: string[] }> }>;
  invoke<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>>;
  fetch(url: string): Promise<{ status: number; contentType: string | null; body: string }>;
  /** Resolves with the state once the run reaches a terminal one. */
  terminal(runId: string): Promise<RunState>;
  quit(): Promise<number | null>;
  errors: string[];
}

function startPackedMain(appDir: string, bootResources: string, appData: string, env: Record<string, string>): PackedMain {
  const child = fork(join(appDir, 'out', 'main', 'index.js'), [], {
    execArgv: ['--require', join(root, 'test', 'stubs', 'electron-main.cjs')],
    env: { ...process.env, ...env, GMPW_STANDIN_RESOURCES: bootResources, GMPW_STANDIN_APP_PATH: appDir, GMPW_STANDIN_APPDATA: appData },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (reply: Record<string, unknown>) => void>();
  const states: Array<{ runId: string; state: RunState }> = [];
  const stateWaiters: Array<() => void> = [];
  const errors: string[] = [];
  let nextId = 1;
  let markReady: (ready: Awaited<PackedMain['ready']>) => void;
  const ready = new Promise<Awaited<PackedMain['ready']>>((resolve) => (markReady = resolve));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.on('message', (message: Record<string, unknown>) => {
    if (message.ready) markReady(message.ready as Awaited<PackedMain['ready']>);
    if (typeof message.error === 'string') errors.push(message.error);
    if (message.event === eventChannel('run.state')) {
      states.push(message.payload as { runId: string; state: RunState });
      for (const wake of stateWaiters.splice(0)) wake();
    }
    if (typeof message.id === 'number') pending.get(message.id)?.(message);
  });
  const request = (body: Record<string, unknown>) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (reply) => (reply.failure ? reject(new Error(String(reply.failure))) : resolve(reply)));
      child.send({ id, ...body });
    });
  return {
    ready,
    errors,
    async invoke(name, input) {
      const outcome = (await request({ invoke: commandChannel(name), input })).outcome as Outcome<CommandOutput<typeof name>>;
      if (!outcome.ok) throw new Error(`${name}: ${outcome.error.message}`);
      return outcome.value;
    },
    fetch: async (url) => (await request({ fetch: url })) as Awaited<ReturnType<PackedMain['fetch']>>,
    async terminal(runId) {
      for (;;) {
        const seen = states.find((s) => s.runId === runId && isTerminal(s.state));
        if (seen) return seen.state;
        await new Promise<void>((wake) => stateWaiters.push(wake));
      }
    },
    async quit() {
      if (child.connected) await request({ quit: true });
      return exited;
    },
  };
}

describe('the packed main process booted under Node, with a stand-in for Electron', () => {
  let main: PackedMain;
  let appData: string;
  /** The scenarios the checkout's harness lists, asked with the normal environment. */
  let sourceScenarios: string[];

  beforeAll(async () => {
    const listed = execFileSync('go', ['run', './cmd/gmpstress', '-list', '-json'], { cwd: join(root, 'resources', 'go'), encoding: 'utf8' });
    sourceScenarios = Catalog.parse(JSON.parse(listed)).scenarios.map((s) => s.id).sort();

    // Node cannot read inside an asar (Electron's fs can): the app's files are extracted, with the
    // unpacked addons, and stand where app.getAppPath() points.
    const appDir = join(scratch, 'app');
    asar.extractAll(appAsar, appDir);
    // A copy of the packed resources for process.resourcesPath, whose native/ holds Node's build of
    // better-sqlite3: this boot runs on Node's ABI, not Electron's (see the notes at the top).
    const bootResources = join(scratch, 'boot-resources');
    cpSync(resources, bootResources, { recursive: true, filter: (src) => !/app\.asar/.test(src) });
    mkdirSync(join(bootResources, 'native'), { recursive: true });
    cpSync(join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), join(bootResources, 'native', 'better_sqlite3.node'));

    appData = join(scratch, 'appData');
    // Go with no module downloads and an empty module cache: only vendored code can be built.
    main = startPackedMain(appDir, bootResources, appData, { GOFLAGS: '-mod=vendor', GOPROXY: 'off', GOMODCACHE: mkdtempSync(join(scratch, 'gomodcache-')) });
    await main.ready;
  }, 180_000);

  afterAll(async () => {
    await main?.quit();
  });

  it('opens its window on app:// with the packed preload, the menu set and its store in userData', async () => {
    const { window, url, menu } = await main.ready;
    expect(url).toBe('app://gmpw/index.html');
    expect(window.webPreferences.preload).toBe(join(scratch, 'app', 'out', 'preload', 'index.cjs'));
    expect(existsSync(window.webPreferences.preload)).toBe(true);
    expect(menu.find((m) => m.label === 'File')?.items).toContain('New run');
    expect(existsSync(join(desktopDataDir(appData), 'gmpw.db'))).toBe(true);
    expect(main.errors).toEqual([]);
  });

  it('serves the packed renderer and its icon through app://', async () => {
    const index = await main.fetch('app://gmpw/index.html');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>GMP Workbench</title>');
    const icon = /<link rel="icon"[^>]*href="\.\/(assets\/[^"]+\.svg)"/.exec(index.body)![1];
    expect(await main.fetch(`app://gmpw/${icon}`)).toMatchObject({ status: 200, contentType: 'image/svg+xml' });
    expect((await main.fetch('app://gmpw/../../package.json')).status).toBe(404);
  });

  it('lists every scenario of the sources, from the gmpstress it built offline from the packed sources', async () => {
    const catalog = await main.invoke('catalog.list', {});
    expect(catalog.scenarios.map((s) => s.id).sort()).toEqual(sourceScenarios);
    expect(sourceScenarios.length).toBeGreaterThan(30);
  });

  it('runs a 1 s scenario and analyses its trace with the gmptrace it built offline', async () => {
    const { runIds } = await main.invoke('runs.start', { plan: { target: { kind: 'scenario', id: 'pingpong-hog' }, duration: '1s', concurrency: [2], gomaxprocs: [2], capture: ['trace'] } });
    expect(await main.terminal(runIds[0]!)).toBe('succeeded');
    const detail = await main.invoke('runs.get', { id: runIds[0]! });
    expect(detail.run.opsPerSec).toBeGreaterThan(0);
    expect(detail.schedLatency.exact?.p99).toBeGreaterThan(0);
    expect(detail.artifacts.map((a) => a.name)).toEqual(expect.arrayContaining(['trace.out', 'analysis.json']));
    const built = readdirSync(join(desktopDataDir(appData), 'cache', 'bin')).filter((n) => !n.endsWith('.json'));
    expect(built.map((n) => n.split('-')[0]).sort()).toEqual(['gmpstress', 'gmptrace']);
    // File › Export report: the report's script and style come from the packed bundle.
    const report = await main.invoke('report.export', { runIds: [runIds[0]!] });
    const script = asar.extractFile(appAsar, 'out/report/report.js').toString('utf8');
    expect(script.length).toBeGreaterThan(100_000);
    expect(report.html.includes(`<script>${script}</script>`), 'the packed bundle is inlined').toBe(true);
  });

  it('has no other way to gmptrace\'s dependencies than the vendored copy', () => {
    const bare = join(scratch, 'gmptrace-unvendored');
    cpSync(join(goSourcesDir(resources), 'cmd', 'gmptrace'), bare, { recursive: true, filter: (src) => !src.endsWith('vendor') });
    const offline = { GOFLAGS: '-mod=mod', GOPROXY: 'off', GOMODCACHE: mkdtempSync(join(scratch, 'gomodcache-')) };
    const build = spawnSync('go', ['build', '-o', join(scratch, 'gmptrace-bare'), '.'], { cwd: bare, env: { ...process.env, ...offline }, encoding: 'utf8' });
    expect(build.status).not.toBe(0);
    expect(build.stderr).toMatch(/GOPROXY=off|module lookup disabled/);
  });

  it('remembers the window when it closes, and quits cleanly', async () => {
    const { window } = await main.ready;
    expect(await main.quit()).toBe(0);
    const saved = JSON.parse(readFileSync(join(desktopDataDir(appData), 'window-state.json'), 'utf8'));
    expect(saved).toEqual({ bounds: { x: 0, y: 0, width: window.width, height: window.height }, maximized: false });
  });
});
