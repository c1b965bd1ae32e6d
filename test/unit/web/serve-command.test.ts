// `gmpw serve` argument handling and start-up failures (its happy path is the Playwright fixture).
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serveCommand } from '../../../src/main/cli/commands/serve';

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
      expect(await serveCommand(['--port', String(port), '--data-dir', mkdtempSync(join(tmpdir(), 'gmpw-serve-'))])).toBe(1);
      expect(stderr.join('\n')).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}.*EADDRINUSE`));
    } finally {
      blocker.close();
    }
  });
});
