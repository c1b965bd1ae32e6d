// Every `gmpw COMMAND --help`: each option listed once, and serve's, which parses its own options,
// saying what it takes and what of the other commands' common options it does not.
import { describe, expect, it } from 'vitest';
import { cliCommands } from '.';

/** The options a help text lists, one per option line ("  -o, --output F   …" → --output). */
const listedOptions = (help: string): string[] => [...help.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]!);

describe('gmpw help', () => {
  it.each(cliCommands.map((c) => [c.name, c] as const))('%s --help lists each option once', (_, command) => {
    const options = listedOptions(command.help);
    expect(options.length).toBeGreaterThan(0);
    expect(options.filter((o, i) => options.indexOf(o) !== i)).toEqual([]);
  });

  it('serve lists what it takes, and says it takes no --json or --go', () => {
    const serve = cliCommands.find((c) => c.name === 'serve')!;
    expect(listedOptions(serve.help)).toEqual(['--port', '--data-dir', '--open', '--help']);
    expect(serve.help).toMatch(/^ {2}-p, --port N/m);
    expect(serve.help).toContain('no --json');
    expect(serve.help).toContain('no --go');
  });
});
