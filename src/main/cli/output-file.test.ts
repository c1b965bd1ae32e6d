// -o's check of a file already there: an earlier output of the command is replaced, anything else
// only with --force, and the refusal says what was looked for when that is what the user must know.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkOutputPath, type OwnOutput } from './output-file';

const dir = mkdtempSync(join(tmpdir(), 'gmpw-output-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const header = '# Made by the tool';
const plain: OwnOutput = { marker: header, what: 'a tool export' };
const explained: OwnOutput = { ...plain, lacking: `does not begin with "${header}", the line every export begins with, so it may not be an export` };

describe('checkOutputPath', () => {
  it('replaces an earlier output, and any other file only with --force', () => {
    const earlier = join(dir, 'earlier.txt');
    writeFileSync(earlier, `${header}\nBenchmarkX 1 2 ns/op\n`);
    expect(() => checkOutputPath(earlier, explained, false)).not.toThrow();
    const other = join(dir, 'other.txt');
    writeFileSync(other, 'BenchmarkX 1 2 ns/op\n');
    expect(() => checkOutputPath(other, plain, false)).toThrow(`${other} exists and is not a tool export: give another -o, or --force to replace it`);
    expect(() => checkOutputPath(other, explained, true)).not.toThrow();
  });

  it("says why a file without the marker is refused, when the command says it, and what replaces it", () => {
    const old = join(dir, 'old-export.txt');
    writeFileSync(old, 'goos: linux\nBenchmarkX 1 2 ns/op\n');
    expect(() => checkOutputPath(old, explained, false)).toThrow(
      `${old} exists and does not begin with "${header}", the line every export begins with, so it may not be an export: give another -o, or --force to replace it`,
    );
  });
});
