// The flag parser every subcommand uses: a negative number after a flag is that flag's value, by its
// long name or its short one, so the number is what gets judged; a boolean flag takes no value.
import { describe, expect, it } from 'vitest';
import { asksForHelp, firstWord, parseCommand, parseOptions } from './args';

const OPTIONS = { limit: { type: 'string' }, output: { type: 'string', short: 'o' } } as const;

describe('parseCommand', () => {
  it('reads a negative number after a string flag as its value, long or short', () => {
    expect(parseCommand('list', ['--limit', '-1'], OPTIONS).values.limit).toBe('-1');
    expect(parseCommand('report', ['-o', '-2.5'], OPTIONS).values.output).toBe('-2.5');
    expect(parseCommand('list', ['--limit=-3'], OPTIONS).values.limit).toBe('-3');
  });

  it('leaves a flag followed by another flag without a value, and a boolean flag takes none', () => {
    expect(() => parseCommand('list', ['--limit', '--json'], OPTIONS)).toThrow('list: --limit needs a value');
    expect(() => parseCommand('report', ['-o', '-h'], OPTIONS)).toThrow(/report: -o/);
    expect(() => parseCommand('list', ['--json', '-1'], OPTIONS)).toThrow(/^list: /);
  });
});

describe('an unknown option', () => {
  it('is answered with the option it was likely meant to be, within two edits', () => {
    expect(() => parseCommand('run', ['--durration', '1s'], { duration: { type: 'string' } })).toThrow("run: Unknown option '--durration': did you mean --duration?");
    expect(() => parseCommand('list', ['--jsn'], OPTIONS)).toThrow("list: Unknown option '--jsn': did you mean --json?");
    expect(() => parseCommand('list', ['--limt=3'], OPTIONS)).toThrow("list: Unknown option '--limt': did you mean --limit?");
    expect(() => parseCommand('list', ['--ouptut', 'x'], OPTIONS)).toThrow("list: Unknown option '--ouptut': did you mean --output?");
  });

  it('gets no suggestion when nothing is that close, or the edits would be most of what was typed', () => {
    expect(() => parseCommand('run', ['--bogus'], OPTIONS)).toThrow(/^run: Unknown option '--bogus'$/);
    expect(() => parseCommand('run', ['--x'], OPTIONS)).toThrow(/^run: Unknown option '--x'$/);
    expect(() => parseCommand('run', ['-x'], OPTIONS)).toThrow(/^run: Unknown option '-x'$/);
    // A command that takes words too: not node's hint about them, which quotes the option unbalanced.
    expect(() => parseOptions('show', ['--bogus'], OPTIONS, true)).toThrow(/^show: Unknown option '--bogus'$/);
  });
});

describe('firstWord', () => {
  it('finds a subcommand past the common options and their values', () => {
    expect(firstWord(['--data-dir', '/d', '--json', 'add', 'lab'])).toBe('add');
    expect(firstWord(['list'])).toBe('list');
    expect(firstWord(['--go', '/usr/bin/go'])).toBeUndefined();
    expect(firstWord(['--', 'add'])).toBeUndefined();
  });
});

describe('a boolean option given a value', () => {
  it('says it takes none, not that it needs one', () => {
    expect(() => parseCommand('gmpw list', ['--json=1'], {})).toThrow('gmpw list: --json takes no value (give --json alone)');
  });
});

describe('a -h given as the value of an option', () => {
  const RUN = { arg: { type: 'string', multiple: true }, label: { type: 'string' }, verbose: { type: 'boolean' } } as const;

  it('is no request for help; a -h or --help that stands alone is, wherever it stands', () => {
    expect(asksForHelp(['--arg', '-h'], RUN)).toBe(false);
    expect(asksForHelp(['--label', '--help'], RUN)).toBe(false);
    expect(asksForHelp(['-o', '-h'], OPTIONS)).toBe(false);
    expect(asksForHelp(['--arg=-h'], RUN)).toBe(false);
    expect(asksForHelp(['add', 'lab', 'me@lab', '--', '-h'], {})).toBe(false);
    expect(asksForHelp(['--verbose', '-h'], RUN)).toBe(true);
    expect(asksForHelp(['--arg', 'x', '--help'], RUN)).toBe(true);
    expect(asksForHelp(['--data-dir', '/d', '-h', '--bogus'], RUN)).toBe(true);
    // Inside a cluster of short options it is a mistake, which the command names (exit 2).
    expect(asksForHelp(['-zh'], RUN)).toBe(false);
    expect(asksForHelp(['add', 'evil', '-oProxyCommand=touch /tmp/pwned'], {})).toBe(false);
  });

  it('is refused as a flag without its value, saying how to give a value that starts with "-"', () => {
    expect(() => parseCommand('run', ['--arg', 'a', '--arg', '-h'], RUN)).toThrow('run: --arg needs a value, and -h is read as an option (a value that starts with "-" is written --arg=-h)');
    expect(() => parseCommand('report', ['-o', '-h'], OPTIONS)).toThrow('report: -o needs a value, and -h is read as an option (a value that starts with "-" is written --output=-h)');
    expect(parseCommand('run', ['--arg=-h'], RUN).values.arg).toEqual(['-h']);
    // Another of the command's own options: the value was forgotten, and nothing more is said.
    expect(() => parseCommand('run', ['--label', '--verbose'], RUN)).toThrow(/^run: --label needs a value \(e\.g\. --label VALUE\)$/);
  });
});

