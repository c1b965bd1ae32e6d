// Every `npx gmpw …` example in README.md and docs/ names a command gmpw has and only options that
// command takes, with a value where one is needed: an example a reader copies must not end in
// "Unknown option". (Running them is the other tests' work: they need runs, hosts and ids.)
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { COMMON_OPTIONS } from '../../../src/main/cli/args';
import { cliCommands } from '../../../src/main/cli/commands';

const root = resolve(__dirname, '..', '..', '..');
const documents = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];

/** The words of a shell line as sh splits them (quotes, backslashes), up to a comment. */
function words(line: string): string[] {
  const out: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) throw new Error(`an unclosed ${c} in: ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '\\') {
      word = (word ?? '') + line[++i];
    } else if (/\s/.test(c)) {
      if (word !== null) out.push(word);
      word = null;
    } else if (c === '#' && word === null) {
      break;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== null) out.push(word);
  return out;
}

/** Each `npx gmpw` command of the document's sh blocks, continuation lines joined. */
function examples(text: string): string[] {
  const blocks = [...text.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.flatMap((block) => block.replace(/\\\n\s*/g, ' ').split('\n')).filter((line) => /^\s*npx gmpw /.test(line));
}

describe('the gmpw examples of README.md and docs/', () => {
  const all = documents.flatMap((doc) => examples(readFileSync(join(root, doc), 'utf8')).map((line) => ({ doc, line })));

  it('are there to check', () => {
    expect(all.filter((e) => e.doc === 'README.md').length).toBeGreaterThan(20);
  });

  it.each(all)('$doc: $line', ({ line }) => {
    const [, , name, ...argv] = words(line.trim());
    const command = cliCommands.find((c) => c.name === name);
    expect(command, `gmpw has no command ${name}`).toBeDefined();
    expect(() => parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...command!.options }, allowPositionals: true, strict: true })).not.toThrow();
  });
});
