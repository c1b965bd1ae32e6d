// `gmpw serve` argument handling and start-up failures (its happy path is the Playwright fixture).
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serveCommand } from '../../../src/main/cli/commands/serve';
import { scratchDir } from '../../support/scratch';

afterEach(() => vi.restoreAllMocks());

function captureStderr() {
  const lines: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { lines.push(args.join(' ')); });
  return lines;
}

describe('gmpw serve', () => {
  it.each([[['--port', 'http']], [['--port', '70000']], [['--port', '-1']], [['--verbose']], [['extra']]])('rejects %j with usage exit 2', async (argv) => {
    const stderr = captureStderr();
    expect(await serveCommand(argv)).toBe(2);
    expect(stderr.join('\n')).toMatch(/gmpw serve: /);
  });

  it('prints its usage for --help', async () => {
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { out.push(args.join(' ')); });
    expect(await serveCommand(['--help'])).toBe(0);
    expect(out.join('\n')).toContain('--data-dir');
  });

  it('fails with exit 1 and a reason when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const stderr = captureStderr();
    try {
      expect(await serveCommand(['--port', String(port), '--data-dir', scratchDir('gmpw-serve-')])).toBe(1);
      expect(stderr.join('\n')).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}.*EADDRINUSE`));
    } finally {
      blocker.close();
    }
  });

  it('--open hands the browser a private file, never the token on a command line every local user can read', async () => {
    const scratch = scratchDir('gmpw-open-test-');
    // A stand-in for xdg-open that records the arguments it was given.
    const opened = join(scratch, 'opened-with');
    writeFileSync(join(scratch, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${opened}'\n`);
    chmodSync(join(scratch, 'xdg-open'), 0o755);
    const bin = resolve(__dirname, '../../../bin/gmpw.mjs');
    const child = spawn(process.execPath, [bin, 'serve', '--open', '--data-dir', join(scratch, 'data')], {
      env: { ...process.env, PATH: `${scratch}:${process.env.PATH}` },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((r) => child.once('exit', r));
    try {
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      // The stand-in's shell creates the file before it writes the line: wait for the whole line.
      await expect.poll(() => existsSync(opened) && readFileSync(opened, 'utf8').endsWith('\n') && /#token=(\S+)/.test(stdout), { timeout: 180_000 }).toBe(true);
      const token = /#token=(\S+)/.exec(stdout)![1]!;
      const args = readFileSync(opened, 'utf8').trim().split('\n');
      expect(args).toHaveLength(1);
      expect(args[0]).not.toContain(token);
      const page = fileURLToPath(args[0]!);
      expect(statSync(page).mode & 0o777).toBe(0o600);
      expect(readFileSync(page, 'utf8')).toContain(`http://127.0.0.1:${/127\.0\.0\.1:(\d+)/.exec(stdout)![1]}/#token=${token}`);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(page)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
