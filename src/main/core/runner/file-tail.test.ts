import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileTail } from './file-tail';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gmpw-file-tail-'));
  dirs.push(dir);
  return join(dir, 'terminal.log');
};

describe('file tail', () => {
  it('hands on text as it is appended, a character split across reads whole', async () => {
    const file = scratch();
    let text = '';
    const tail = new FileTail(file, (t) => (text += t));
    tail.start();
    const euro = Buffer.from('€');
    writeFileSync(file, Buffer.concat([Buffer.from('a'), euro.subarray(0, 1)]));
    await new Promise((r) => setTimeout(r, 250));
    appendFileSync(file, Buffer.concat([euro.subarray(1), Buffer.from('b')]));
    await tail.stop();
    expect(text).toBe('a€b');
  });

  it('from the end skips what the file held at start, and reads a file created later from its start', async () => {
    const existing = scratch();
    writeFileSync(existing, 'before\n');
    let seen = '';
    const tail = new FileTail(existing, (t) => (seen += t), { fromEnd: true });
    tail.start();
    appendFileSync(existing, 'after\n');
    await tail.stop();
    expect(seen).toBe('after\n');

    const later = scratch();
    let fresh = '';
    const other = new FileTail(later, (t) => (fresh += t), { fromEnd: true });
    other.start();
    writeFileSync(later, 'first\n');
    await other.stop();
    expect(fresh).toBe('first\n');
  });
});
