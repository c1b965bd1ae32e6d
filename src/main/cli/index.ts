// gmpw: the workbench from a terminal (CI, scripts, remote Linux boxes). Parses the subcommand,
// runs it against the core, and turns every failure into one line on stderr and an exit code:
// 2 for a usage mistake or an invalid config, 1 for anything else that went wrong. A name or id the
// user typed that names nothing (a run, an experiment, a cell, a host), or a host name already
// taken, is a usage mistake: the command line is what has to change.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { createCore, type Core } from '../core';
import { CommandFailure } from '../core/errors';
import { DataPaths, resolveDataDir } from '../core/paths';
import { currentCheckout } from '../core/install';
import { ensureReportBundleBuilt } from '../renderer-build';
import { asksForHelp, didYouMean, parseCommand } from './args';
import { cliCommands } from './commands';
import { EXIT_FAILED, EXIT_USAGE, UsageError, type CliContext } from './types';
import { printableLine, printableLines } from './format';
import { fieldAsTyped, type FieldNames } from './typed-fields';

function usage(): string {
  const width = Math.max(...cliCommands.map((c) => c.name.length));
  return [
    'usage: gmpw COMMAND [options]   (gmpw COMMAND --help for its options)',
    '',
    'Commands:',
    ...cliCommands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

/** Why a --data-dir holds no history to read, or null when it holds one (its database). */
function missingHistory(dir: string): string | null {
  const found = statSync(dir, { throwIfNoEntry: false });
  if (!found) return 'no such directory, so no history there (gmpw run and gmpw import start one)';
  if (!found.isDirectory()) return 'not a directory';
  const database = new DataPaths(dir).database;
  const db = statSync(database, { throwIfNoEntry: false });
  if (db?.isDirectory()) return `${database} is a folder, not the history's database file (move it aside to start a new history)`;
  if (!db?.isFile()) return `no history there (no ${basename(database)}; gmpw run and gmpw import start one)`;
  return null;
}

/** --data-dir and --go may come anywhere; the command parses them again with the rest. */
function flagValue(argv: string[], flag: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === flag) return argv[i + 1];
    if (argv[i].startsWith(`${flag}=`)) return argv[i].slice(flag.length + 1);
  }
  return undefined;
}

/**
 * A reader that stops early (`gmpw list | head -1`) closes the pipe, and a terminal or ssh session
 * that closes leaves its writes failing (EIO): the rest of the output has nowhere to go, which is not
 * the command's failure. The command finishes (a run still ends in its terminal state: cancelled,
 * on the SIGHUP of a closed terminal); anything else on the stream is still an error.
 */
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'EIO') throw err;
  });
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? process.stdout : process.stderr).write(`${usage()}\n`);
    return name ? 0 : EXIT_USAGE;
  }
  const command = cliCommands.find((c) => c.name === name);
  if (!command) {
    // A near miss is one line with the command meant; anything else gets the list to choose from.
    const suggestion = didYouMean(name, cliCommands.map((c) => c.name));
    process.stderr.write(`gmpw: unknown command "${printableLine(name)}"${suggestion ? `${suggestion}\n` : `\n${usage()}\n`}`);
    return EXIT_USAGE;
  }
  let core: Promise<Core> | null = null;
  const explicitDataDir = flagValue(rest, '--data-dir');
  const ctx: CliContext = {
    dataDir: resolveDataDir({ explicit: explicitDataDir, env }),
    json: rest.includes('--json'),
    goBinary: flagValue(rest, '--go'),
    stdout: process.stdout,
    stderr: process.stderr,
    env,
    core: () => (core ??= createCore({ dataDir: ctx.dataDir, goBinary: ctx.goBinary, env, reportBundleDir: reportBundle })),
  };
  try {
    if (asksForHelp(rest, command.options)) {
      process.stdout.write(`${command.help}\n`);
      return 0;
    }
    const reads = typeof command.readsHistory === 'function' ? command.readsHistory(rest) : command.readsHistory === true;
    // A mistake on the line is named first: on an empty --data-dir it would read as "no history".
    if (reads) parseCommand(name, rest, command.options, true);
    const missing = reads && explicitDataDir !== undefined ? missingHistory(explicitDataDir) : null;
    if (missing) {
      process.stderr.write(`gmpw ${name}: --data-dir ${explicitDataDir}: ${missing}\n`);
      return EXIT_USAGE;
    }
    return await command.run(rest, ctx);
  } catch (err) {
    return reportFailure(name, err, typeof command.fields === 'function' ? command.fields(rest) : (command.fields ?? {}), ctx.goBinary !== undefined ? '--go' : env.GMPW_GO ? 'GMPW_GO' : null);
  } finally {
    // A core that failed to open was reported above; awaiting it again would reject unhandled.
    if (core) await (core as Promise<Core>).then((opened) => opened.close(), () => undefined);
  }
}

/** The CLI runs from the sources, so it builds the report bundle (only when a report is exported). */
function reportBundle(): Promise<string> {
  return ensureReportBundleBuilt(currentCheckout().appRoot);
}

/**
 * The core's error codes that mean the command line was wrong: an invalid input, a name or id that
 * names nothing (gmpw show nosuch, --host nosuch, --baseline 'no such cell'), a name already taken
 * (gmpw hosts add of an existing name). Every other code (active, unavailable, disk-full, internal …)
 * is something that went wrong: exit 1.
 */
const USAGE_CODES: ReadonlySet<string> = new Set(['invalid', 'not-found', 'exists']);

/**
 * `goGiven`: where the user named a Go, if they did (--go wins over GMPW_GO). A Go they named that is
 * not a usable one is their mistake (exit 2, naming where they named it); a machine where no Go is
 * found is not (go-missing, exit 1).
 */
function reportFailure(name: string, err: unknown, fields: FieldNames, goGiven: '--go' | 'GMPW_GO' | null): number {
  if (err instanceof UsageError) {
    process.stderr.write(`gmpw ${name}: ${printableLine(err.message.replace(new RegExp(`^${name}: `), ''))}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof CommandFailure) {
    // The one place a field is written into the message: the UI marks the field instead.
    const { field, message, code } = err.detail;
    const badGo = code === 'go-missing' ? goGiven : null;
    // The field as the user typed it (a flag, an argument), not the input's path the command made of it.
    const named = badGo ?? (field && fieldAsTyped(field, fields));
    process.stderr.write(`gmpw ${name}: ${printableLines(`${named ? `${named}: ` : ''}${message}`)}\n`);
    return USAGE_CODES.has(code) || badGo ? EXIT_USAGE : EXIT_FAILED;
  }
  process.stderr.write(`gmpw ${name}: ${printableLines((err as Error).message ?? String(err))}\n`);
  return EXIT_FAILED;
}
