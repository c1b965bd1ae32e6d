// How gmptrace's ending reaches a run's note: its one-line error, or the signal that ended it with
// the last line it wrote (the memory warning it prints before a trace too large for the machine).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGmptrace } from './trace-analysis';

const dir = mkdtempSync(join(tmpdir(), 'gmpw-fake-gmptrace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in gmptrace: a sh script with the given body. */
function fake(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('runGmptrace', () => {
  it('gives the exit code, the last stderr line and what it printed', async () => {
    const bin = fake('fails', 'echo "gmptrace: first" >&2; echo "gmptrace: t.out: not a trace" >&2; exit 2');
    expect(await runGmptrace(bin, [], new AbortController().signal)).toEqual({ code: 2, reason: 'gmptrace: t.out: not a trace', stdout: '' });
    const printing = fake('prints', 'echo \'{"whole":true}\'');
    expect(await runGmptrace(printing, [], new AbortController().signal)).toEqual({ code: 0, reason: '', stdout: '{"whole":true}\n' });
  });

  it('says a signal ended it, with the warning it wrote last', async () => {
    const bin = fake('killed', 'echo "gmptrace: warning: t.out: reading it needs about 3.03 GB …" >&2; kill -9 $$');
    expect(await runGmptrace(bin, [], new AbortController().signal)).toEqual({ code: -1, reason: 'gmptrace was ended by SIGKILL (gmptrace: warning: t.out: reading it needs about 3.03 GB …)', stdout: '' });
  });
});
