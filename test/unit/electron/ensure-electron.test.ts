// scripts/ensure-electron.mjs where the Electron binary cannot be fetched: it must stop with an
// explanation, not a stack trace alone. The download is pointed at a closed local port so the test
// is the same with or without network access.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../../support/scratch';

const root = resolve(__dirname, '../../..');
const electronInstalled = existsSync(join(root, 'node_modules', 'electron', 'path.txt'));
const title = 'fails clearly when the Electron binary cannot be downloaded';

describe('ensure-electron', () => {
  it.skipIf(electronInstalled)(electronInstalled ? `${title} [skipped: the binary is installed here]` : title, () => {
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'ensure-electron.mjs')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: scratchDir('gmpw-electron-cache-') },
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('binary is not installed and could not be downloaded');
    expect(result.stderr).toContain('gmpw serve');
    expect(existsSync(join(root, 'node_modules', 'electron', 'path.txt'))).toBe(false);
  });
});
