// What a run's target left in its folder is read only as regular files: a FIFO named terminal.log or
// metrics.jsonl would block the open until a writer came (a report that never returned, a serve
// whose file threads were all held).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runConfig } from '../../../../test/support/store-fixtures';
import { storePerTest } from '../../../../test/support/store-per-test';
import { runSeries } from './series';
import { readTail } from './tail';

const temp = storePerTest();
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'gmpw-run-files-'));
  dirs.push(d);
  return d;
};

describe('readTail', () => {
  it('reads a terminal.log, says what a FIFO or a link in its place is, and gives null for none', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'terminal.log'), 'line 1\nline 2\n');
    expect(await readTail(join(dir, 'terminal.log'))).toBe('line 1\nline 2\n');
    execFileSync('mkfifo', [join(dir, 'fifo.log')]);
    expect(await readTail(join(dir, 'fifo.log'))).toBe('[fifo.log is a FIFO, not a regular file: not read]');
    symlinkSync('/etc/hostname', join(dir, 'link.log'));
    expect(await readTail(join(dir, 'link.log'))).toBe('[link.log is a symbolic link, not a regular file: not read]');
    expect(await readTail(join(dir, 'none.log'))).toBeNull();
  });
});

describe('runSeries', () => {
  it('reads the ticks of a metrics.jsonl, and none of a FIFO in its place', async () => {
    const id = temp.store.createRun({ config: runConfig() });
    const file = join(temp.store.runDir(id), 'metrics.jsonl');
    execFileSync('mkfifo', [file]);
    expect(await runSeries(temp.store, id)).toEqual([]);
    rmSync(file);
    // A tick as the harness writes it (PROTOCOL.md §2.3), cut to a few of its gauges.
    writeFileSync(file, `${JSON.stringify({ schema: 1, t: 0.102038, phase: 'measure', ops: 186, gauges: { '/sched/gomaxprocs:threads': 2 }, counters: {}, hist: {} })}\n`);
    expect((await runSeries(temp.store, id)).map((tick) => tick.t)).toEqual([0.102038]);
  });
});
