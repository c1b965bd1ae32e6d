// The layering lint on planted trees: it must fail on an upward import, not only pass on ours.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = join(__dirname, 'lint-layers.mjs');
const trees: string[] = [];

function lint(files: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const root = mkdtempSync(join(tmpdir(), 'gmpw-layers-'));
  trees.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const { status, stdout, stderr } = spawnSync(process.execPath, [SCRIPT, '--root', root], { encoding: 'utf8' });
  return { status, stdout, stderr };
}

afterEach(() => {
  for (const root of trees.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A core whose handlers and entry import the handlers, as they should. */
const cleanCore = {
  'src/main/core/errors.ts': 'export class UserError extends Error {}\n',
  'src/main/core/handlers/dispatch.ts': "import { UserError } from '../errors';\nexport { UserError };\n",
  'src/main/core/handlers/index.ts': "export * from './dispatch';\n",
  'src/main/core/index.ts': "import { UserError } from './handlers/dispatch';\nexport { UserError };\n",
  'src/main/core/store/store.ts': "import { UserError } from '../errors';\nexport const e = UserError;\n",
};

/** The adapters and the other layers around that core, each importing only what it may. */
const cleanTree = {
  ...cleanCore,
  'src/shared/contract.ts': "import { z } from 'zod';\nimport { e } from './domain';\nexport const c = [z, e];\n",
  'src/shared/domain.ts': 'export const e = 1;\n',
  'src/main/renderer-files.ts': "import { join } from 'node:path';\nexport const f = join;\n",
  'src/main/renderer-build.ts': "import { spawn } from 'node:child_process';\nimport { e } from './core/errors';\nexport const b = [spawn, e];\n",
  'src/main/index.ts': "import { app } from 'electron';\nimport { UserError } from './core';\nimport { ipc } from './electron/ipc';\nexport const m = [app, UserError, ipc];\n",
  'src/main/electron/ipc.ts':
    "import { ipcMain } from 'electron';\nimport { c } from '../../shared/contract';\nimport { dispatch } from '../core/handlers/dispatch';\nimport { UserError } from '../core/index';\nimport { f } from '../renderer-files';\nexport const ipc = [ipcMain, c, dispatch, UserError, f];\n",
  'src/main/web/server.ts': "import { createServer } from 'node:http';\nimport { f } from '../renderer-files';\nexport const s = [createServer, f];\n",
  'src/main/cli/index.ts': "import { b } from '../renderer-build';\nimport { UserError } from '../core';\nexport const i = [b, UserError];\n",
  'src/main/cli/commands/serve.ts': "import { s } from '../../web/server';\nimport { b } from '../../renderer-build';\nexport const serve = [s, b];\n",
  'src/preload/index.ts': "import { contextBridge } from 'electron';\nimport { c } from '../shared/contract';\nimport { bridge } from './bridge';\nexport const p = [contextBridge, c, bridge];\n",
  'src/preload/bridge.ts': 'export const bridge = 1;\n',
  'src/renderer/src/main.tsx': "import './styles/app.css';\nimport { c } from '../../shared/contract';\nexport const r = c;\n",
  'src/renderer/src/styles/app.css': 'body {}\n',
};

describe('lint-layers', () => {
  it('passes this repository', () => {
    const { status, stdout } = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
    expect(status).toBe(0);
    expect(stdout).toContain('layers: ok');
  });

  it('passes a core whose only imports of handlers/ are from handlers/ and the core entry', () => {
    expect(lint(cleanCore).status).toBe(0);
  });

  it('fails on a domain module that imports handlers/ (an upward import), naming file and rule', () => {
    const { status, stderr } = lint({
      ...cleanCore,
      'src/main/core/store/store.ts': "import { UserError } from '../handlers/dispatch';\nexport const e = UserError;\n",
      'src/main/core/runner/runner.ts': "import type { HandlerTable } from '../handlers';\nexport type T = HandlerTable;\n",
    });
    expect(status).toBe(1);
    expect(stderr).toContain("src/main/core/store/store.ts: imports '../handlers/dispatch': handlers sit on top of the core");
    expect(stderr).toContain("src/main/core/runner/runner.ts: imports '../handlers'");
  });

  it('keeps the other layers too: shared code importing node fails', () => {
    const { status, stderr } = lint({ ...cleanCore, 'src/shared/x.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n" });
    expect(status).toBe(1);
    expect(stderr).toContain("src/shared/x.ts: imports 'node:fs'");
  });

  it('lets a unit test beside shared code use node, but not a core test import handlers/', () => {
    const nodeImport = "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n";
    expect(lint({ ...cleanCore, 'src/shared/x.test.ts': nodeImport }).status).toBe(0);
    const { status, stderr } = lint({ ...cleanCore, 'src/main/core/store/store.test.ts': "import { dispatch } from '../handlers/dispatch';\nexport const d = dispatch;\n" });
    expect(status).toBe(1);
    expect(stderr).toContain('src/main/core/store/store.test.ts');
  });

  it('passes a tree whose every layer imports only what the table lets it', () => {
    const { status, stderr } = lint(cleanTree);
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  it('fails on the desktop shell importing browser mode, or the core other than by its entry and handlers/', () => {
    const { status, stderr } = lint({
      ...cleanTree,
      'src/main/electron/app-protocol.ts': "import { f } from '../web/static-files';\nexport const a = f;\n",
      'src/main/electron/native-binding.ts': "import { s } from '../core/store/store';\nexport const n = s;\n",
      'src/main/index.ts': "import { app } from 'electron';\nimport { e } from './core/errors';\nexport const m = [app, e];\n",
    });
    expect(status).toBe(1);
    expect(stderr).toContain("src/main/electron/app-protocol.ts: imports '../web/static-files': the desktop shell uses");
    expect(stderr).toContain("src/main/electron/native-binding.ts: imports '../core/store/store'");
    expect(stderr).toContain("src/main/index.ts: imports './core/errors'");
  });

  it('lets shared code import zod and shared code only: any other package fails', () => {
    const { status, stderr } = lint({ ...cleanTree, 'src/shared/profile.ts': "import { Profile } from 'pprof-format';\nexport const p = Profile;\n" });
    expect(status).toBe(1);
    expect(stderr).toContain("src/shared/profile.ts: imports 'pprof-format': shared code runs everywhere");
  });

  it('reads .cjs files and side-effect imports', () => {
    const { status, stderr } = lint({
      ...cleanTree,
      'src/main/core/flame/worker-source.cjs': "require('electron');\n",
      'src/main/core/store/setup.ts': "import '../../web/server';\nexport const s = 1;\n",
    });
    expect(status).toBe(1);
    expect(stderr).toContain("src/main/core/flame/worker-source.cjs: imports 'electron'");
    expect(stderr).toContain("src/main/core/store/setup.ts: imports '../../web/server'");
  });

  it('keeps the renderer and the preload apart, both ways', () => {
    const { status, stderr } = lint({
      ...cleanTree,
      'src/renderer/src/api.ts': "import { bridge } from '../../preload/bridge';\nexport const a = bridge;\n",
      'src/preload/view.ts': "import { r } from '../renderer/src/main';\nexport const v = r;\n",
    });
    expect(status).toBe(1);
    expect(stderr).toContain("src/renderer/src/api.ts: imports '../../preload/bridge'");
    expect(stderr).toContain("src/preload/view.ts: imports '../renderer/src/main'");
  });

  it('lets only gmpw serve import browser mode from the CLI', () => {
    const { status, stderr } = lint({
      ...cleanTree,
      'src/main/cli/index.ts': "import { s } from '../web/server';\nexport const i = s;\n",
      'src/main/cli/commands/list.ts': "import { s } from '../../web/server';\nexport const l = s;\n",
    });
    expect(status).toBe(1);
    expect(stderr).toContain("src/main/cli/index.ts: imports '../web/server': of the CLI only `gmpw serve`");
    expect(stderr).toContain("src/main/cli/commands/list.ts: imports '../../web/server'");
    expect(stderr).not.toContain('src/main/cli/commands/serve.ts:');
  });

  it("fails on the renderer's files, shared by the adapters, importing one of them", () => {
    const { status, stderr } = lint({ ...cleanTree, 'src/main/renderer-files.ts': "import { s } from './web/server';\nexport const f = s;\n" });
    expect(status).toBe(1);
    expect(stderr).toContain("src/main/renderer-files.ts: imports './web/server': the renderer's files and build");
  });

  it("fails on a cycle between the core's domain folders: a folder imports only the floors below its own", () => {
    const core = {
      ...cleanTree,
      'src/main/core/process/pty-process.ts': "import { e } from '../errors';\nexport const p = e;\n",
      'src/main/core/targets/types.ts': "import { p } from '../process/pty-process';\nexport const t = p;\n",
      'src/main/core/remote/launch.ts': "import { t } from '../targets/types';\nexport const l = t;\n",
      'src/main/core/runner/runner.ts': "import { l } from '../remote/launch';\nimport { s } from '../store/store';\nexport const r = [l, s];\n",
      'src/main/core/read-side/detail.ts': "import { s } from '../store/store';\nexport const d = s;\n",
    };
    expect(lint(core).status).toBe(0);
    const { status, stderr } = lint({
      ...core,
      'src/main/core/remote/launch.ts': "import { t } from '../targets/types';\nimport { r } from '../runner/runner';\nexport const l = [t, r];\n",
      'src/main/core/read-side/detail.ts': "import { r } from '../runner/runner';\nexport const d = r;\n",
      'src/main/core/errors.ts': "import { s } from './store/store';\nexport class UserError extends Error {}\nexport const x = s;\n",
    });
    expect(status).toBe(1);
    expect(stderr).toContain("src/main/core/remote/launch.ts: imports '../runner/runner': core/remote/ may import only floors of the core below its own, and core/runner/ is not below it");
    expect(stderr).toContain("src/main/core/read-side/detail.ts: imports '../runner/runner': core/read-side/ may import only floors");
    expect(stderr).toContain("src/main/core/errors.ts: imports './store/store': the core's ground floor (core/*.ts) may import only floors");
  });

  it('catches an adapter reached through its folder index, and the desktop entry from browser mode or the CLI', () => {
    const { status, stderr } = lint({
      ...cleanTree,
      'src/main/core/store/adapter.ts': "import { i } from '../../cli';\nexport const a = i;\n",
      'src/main/web/boot.ts': "import { m } from '../index';\nexport const b = m;\n",
      'src/main/cli/commands/open.ts': "import { m } from '../../index.ts';\nexport const o = m;\n",
    });
    expect(status).toBe(1);
    expect(stderr).toContain("src/main/core/store/adapter.ts: imports '../../cli': core is pure Node");
    expect(stderr).toContain("src/main/web/boot.ts: imports '../index': browser mode must not need Electron");
    expect(stderr).toContain("src/main/cli/commands/open.ts: imports '../../index.ts': the CLI must not need Electron");
  });

  it("keeps the CLI to the renderer's build, never its serving files, however the import is written", () => {
    const { status, stderr } = lint({
      ...cleanTree,
      'src/main/cli/commands/files.ts': "import { f } from '../../renderer-files';\nexport const x = f;\n",
      'src/main/cli/commands/files2.ts': "import { f } from '../../renderer-files.js';\nexport const x = f;\n",
      'src/main/web/entry.ts': "import { m } from '..';\nexport const e = m;\n",
      'src/main/web/entry2.ts': "import { m } from '../index.js';\nexport const e = m;\n",
    });
    expect(status).toBe(1);
    expect(stderr).toContain("src/main/cli/commands/files.ts: imports '../../renderer-files'");
    expect(stderr).toContain("src/main/cli/commands/files2.ts: imports '../../renderer-files.js'");
    expect(stderr).toContain("src/main/web/entry.ts: imports '..': browser mode must not need Electron");
    expect(stderr).toContain("src/main/web/entry2.ts: imports '../index.js'");
  });

  it("fails on the renderer importing a Node module by its bare name, and the core importing a package that is not its own", () => {
    const { status, stderr } = lint({
      ...cleanTree,
      'src/renderer/src/disk.ts': "import { readFileSync } from 'fs';\nimport { join } from 'path/posix';\nexport const d = [readFileSync, join];\n",
      'src/main/core/store/view.ts': "import { createElement } from 'react';\nimport { s } from '../../../../test/support/store';\nexport const v = [createElement, s];\n",
      'src/main/core/store/store.test.ts': "import { it } from 'vitest';\nimport { s } from '../../../../test/support/store';\nexport const t = [it, s];\n",
    });
    expect(status).toBe(1);
    expect(stderr).toContain("src/renderer/src/disk.ts: imports 'fs'");
    expect(stderr).toContain("src/renderer/src/disk.ts: imports 'path/posix'");
    expect(stderr).toContain("src/main/core/store/view.ts: imports 'react': core is Node, its own packages");
    expect(stderr).toContain("src/main/core/store/view.ts: imports '../../../../test/support/store'");
    expect(stderr).not.toContain('store.test.ts');
  });

  it('reads import() and require() of a template literal up to its first placeholder', () => {
    const { status, stderr } = lint({
      ...cleanTree,
      'src/main/core/store/lazy.ts': 'export const load = (name: string) => import(`../../web/${name}`);\n',
      'src/main/core/flame/lazy.cjs': 'module.exports = (name) => require(`electron/${name}`);\n',
    });
    expect(status).toBe(1);
    expect(stderr).toContain("src/main/core/store/lazy.ts: imports '../../web/'");
    expect(stderr).toContain("src/main/core/flame/lazy.cjs: imports 'electron/'");
  });

  it('fails on a core folder without a floor, and lets a unit test reach above its own', () => {
    const { status, stderr } = lint({
      ...cleanTree,
      'src/main/core/widgets/widget.ts': "import { e } from '../errors';\nexport const w = e;\n",
      'src/main/core/store/store.test.ts': "import { r } from '../runner/runner';\nexport const t = r;\n",
      'src/main/core/runner/runner.ts': "import { s } from '../store/store';\nexport const r = s;\n",
    });
    expect(status).toBe(1);
    expect(stderr).toContain("src/main/core/widgets/widget.ts: core/widgets/ has no floor in the core's table");
    expect(stderr).not.toContain('store.test.ts');
  });
});
