import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TerminalSink } from './terminal-sink';

const dir = mkdtempSync(join(tmpdir(), 'gmpw-terminal-sink-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TerminalSink', () => {
  it('never has the log hold text whose event is still to come: a page reading the log, then the event, showed it twice', async () => {
    const log = join(dir, 'terminal.log');
    let emitted = '';
    const sink = new TerminalSink(log, (data) => (emitted += data));
    // The stream creates its file as it opens, which a loaded machine may not have done yet.
    const logged = () => (existsSync(log) ? readFileSync(log, 'utf8') : '');
    for (const line of ['gmpw: go1.23.x is go1.23.12\r\n', 'gmpw: obtaining go1.23.12\r\n', '$ go build\r\n']) {
      sink.write(line);
      // Within the batch's 50 ms, and after it: whatever the log holds has been sent.
      for (const wait of [5, 20, 80]) {
        await sleep(wait);
        expect(emitted.startsWith(logged()), `the log ${JSON.stringify(logged())} against the events ${JSON.stringify(emitted)}`).toBe(true);
      }
    }
    await sink.close();
    expect([logged(), emitted]).toEqual(Array(2).fill('gmpw: go1.23.x is go1.23.12\r\ngmpw: obtaining go1.23.12\r\n$ go build\r\n'));
  });

  it('keeps and sends output up to its cap, then says what it left out', async () => {
    const log = join(dir, 'capped.log');
    let emitted = '';
    const sink = new TerminalSink(log, (data) => (emitted += data), 10);
    sink.write('0123456789abc');
    await sink.close();
    expect(readFileSync(log, 'utf8').startsWith('0123456789\r\ngmpw: output passed')).toBe(true);
    expect(emitted).toBe(readFileSync(log, 'utf8'));
    expect(sink.problem).toMatch(/3 more characters were not kept/);
  });
});
