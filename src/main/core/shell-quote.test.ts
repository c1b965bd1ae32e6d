// Quoted words come out of a real sh exactly as they went in; Windows paths get cmd's quotes.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { localShellQuote, loginShellWord, shellQuote } from './shell-quote';

const sh = (quoted: string) => spawnSync('sh', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' }).stdout;
/** Whether this machine has `shell`: fish is installed by CI, not by every developer. */
const has = (shell: string) => spawnSync(shell, ['-c', 'true']).status === 0;
/** Words a login shell must pass through whole: quotes and backslashes in every place (fish reads `\\` and `\'` inside single quotes). */
const HOSTILE = ["it's", 'x\\', "x\\'; touch PWNED; '", '\\\\', "'", "''", 'a\\nb', '$(id)\n`id`\n"q"', 'ends in \\', '', 'plain'];

describe('shellQuote', () => {
  it('survives sh unchanged, whatever the word holds', () => {
    const words = ['plain', 'GOMAXPROCS=4', "it's", 'a b', '$(rm -rf ~)', '`id`', '"x"', 'semi;colon', 'new\nline', '', '*', '-flag', '\\back', '/data/ünïcode/日本/trace.out'];
    for (const word of words) expect(sh(shellQuote(word))).toBe(word);
  });
});

describe('localShellQuote', () => {
  it('leaves a plain path as it is; on POSIX it quotes as shellQuote does', () => {
    expect(localShellQuote('/data/runs/2612/trace.out', 'linux')).toBe('/data/runs/2612/trace.out');
    expect(localShellQuote("/data/my runs/it's/cpu.pprof", 'darwin')).toBe(shellQuote("/data/my runs/it's/cpu.pprof"));
  });

  it('on Windows quotes with double quotes, which cmd reads, and only when needed', () => {
    expect(localShellQuote('C:\\Users\\ana\\gmpw\\runs\\2612\\trace.out', 'win32')).toBe('C:\\Users\\ana\\gmpw\\runs\\2612\\trace.out');
    expect(localShellQuote('C:\\Users\\Ana Lima\\gmpw\\trace.out', 'win32')).toBe('"C:\\Users\\Ana Lima\\gmpw\\trace.out"');
    expect(localShellQuote("C:\\it's & more\\cpu.pprof", 'win32')).toBe('"C:\\it\'s & more\\cpu.pprof"');
  });
});

describe('loginShellWord', () => {
  for (const shell of ['sh', 'bash', 'fish']) {
    it.skipIf(!has(shell))(`survives ${shell} unchanged, backslashes and quotes anywhere (needs ${shell})`, () => {
      for (const word of HOSTILE) {
        const printed = spawnSync(shell, ['-c', `printf %s ${loginShellWord(word)}`], { encoding: 'utf8' });
        expect([printed.status, printed.stdout]).toEqual([0, word]);
      }
    });
  }
});
