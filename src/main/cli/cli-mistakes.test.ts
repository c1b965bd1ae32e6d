// gmpw's answers to mistakes a user makes at the command line, as a user sees them (bin/gmpw.mjs in
// a subprocess, a fresh data directory): one line naming the problem, nothing before it, and the
// exit code the CLI's header promises (2 for a usage mistake or an invalid config, 1 for the rest).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gmpwIn } from '../../../test/support/gmpw';

const dataDir = mkdtempSync(join(tmpdir(), 'gmpw-mistakes-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const gmpw = gmpwIn(dataDir);

describe('gmpw mistakes', () => {
  it('run: a plan runs.start refuses is its error alone, with no repetition advice before it', async () => {
    const host = await gmpw('run', '--scenario', 'idle', '--duration', '1s', '--host', 'local,LAB');
    expect([host.code, host.stderr]).toEqual([2, 'gmpw run: --host (its 2nd value): no host named LAB (gmpw hosts list shows them)\n']);
    const param = await gmpw('run', '--scenario', 'idle', '--repeat', '2', '--param', 'nope=1');
    expect([param.code, param.stderr]).toEqual([2, 'gmpw run: --param nope: unknown parameter (accepted: none, this scenario has no parameters)\n']);
  });
});
