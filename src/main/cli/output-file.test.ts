// -o's check of a file already there: an earlier output of the command is replaced, anything else
// only with --force, and the refusal says what was looked for when that is what the user must know.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkOutputPath, type OwnOutput } from './output-file';

const dir = mkdtempSync(join(tmpdir(), 'gmpw-output-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The workbench's history: elsewhere than every path these tests write. */
const history = join(dir, 'data');
const header = '# Made by the tool';
const plain: OwnOutput = { marker: header, what: 'a tool export' };
const explained: OwnOutput = { ...plain, lacking: `does not begin with "${header}", the line every export begins with, so it may not be an export` };

describe('checkOutputPath', () => {
  it('replaces an earlier output, and any other file only with --force', () => {
    const earlier = join(dir, 'earlier.txt');
    writeFileSync(earlier, `${header}\nBenchmarkX 1 2 ns/op\n`);
    expect(() => checkOutputPath(earlier, explained, false, history)).not.toThrow();
    const other = join(dir, 'other.txt');
    writeFileSync(other, 'BenchmarkX 1 2 ns/op\n');
    expect(() => checkOutputPath(other, plain, false, history)).toThrow(`${other} exists and is not a tool export: give another -o, or --force to replace it`);
    expect(() => checkOutputPath(other, explained, true, history)).not.toThrow();
  });

  it("says why a file without the marker is refused, when the command says it, and what replaces it", () => {
    const old = join(dir, 'old-export.txt');
    writeFileSync(old, 'goos: linux\nBenchmarkX 1 2 ns/op\n');
    expect(() => checkOutputPath(old, explained, false, history)).toThrow(
      `${old} exists and does not begin with "${header}", the line every export begins with, so it may not be an export: give another -o, or --force to replace it`,
    );
  });

  it("writes no file of the workbench's own history, --force or not, however the path reaches it", () => {
    const run = join(history, 'runs', 'r1');
    mkdirSync(run, { recursive: true });
    writeFileSync(join(run, 'trace.out'), 'a trace');
    writeFileSync(join(history, 'gmpw.db'), 'a database');
    const link = join(dir, 'to-history');
    symlinkSync(run, link);
    // A link to the file itself, and one to a file the write would create there.
    const fileLink = join(dir, 'my-trace.out');
    symlinkSync(join(run, 'trace.out'), fileLink);
    const dangling = join(dir, 'my-new.trace');
    symlinkSync(join(run, 'made-by-the-link.trace'), dangling);
    for (const path of [join(run, 'trace.out'), join(run, 'new.trace'), join(history, 'gmpw.db'), join(history, 'gmpw.db-wal'), join(dir, 'data', '..', 'data', 'gmpw.db'), join(link, 'trace.out'), fileLink, dangling]) {
      expect(() => checkOutputPath(path, explained, true, history), path).toThrow(`cannot write ${path}: `);
    }
    expect(() => checkOutputPath(join(run, 'trace.out'), explained, true, history)).toThrow(`cannot write ${join(run, 'trace.out')}: it is the workbench's own, in its history (${history}), whose files only the workbench writes; give another path`);
    // A file of the user's beside the history's own, and a sibling whose name begins as the history's, are not its.
    writeFileSync(join(history, 'report.html'), 'an earlier report');
    expect(() => checkOutputPath(join(history, 'report.html'), explained, true, history)).not.toThrow();
    expect(() => checkOutputPath(join(dir, 'data-export.txt'), explained, true, history)).not.toThrow();
  });
});
