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
});
