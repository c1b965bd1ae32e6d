// What every gmpw subcommand gets and returns. The CLI is an adapter: commands reach the core only
// through dispatch() on the same handler table the desktop app and browser mode use.
import type { ParseArgsConfig } from 'node:util';
import type { Core } from '../core';
import type { FieldNames } from './typed-fields';

/** A command's options as node's parseArgs takes them. */
export type CliOptions = NonNullable<ParseArgsConfig['options']>;

export interface CliContext {
  /** The data directory (--data-dir, else $XDG_DATA_HOME/gmp-workbench, else ~/.local/share/gmp-workbench). */
  dataDir: string;
  /** --json: print machine-readable JSON on stdout and nothing else there. */
  json: boolean;
  /** --go: an explicit go binary. */
  goBinary?: string;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  /** The core, opened on first use (help and usage errors never open the database). */
  core(): Promise<Core>;
}

/** A subcommand: `run(argv, ctx)` gets the arguments after its name and returns the exit code. */
export interface CliCommand {
  name: string;
  /** One line for `gmpw --help`. */
  summary: string;
  /** The full text of `gmpw NAME --help`. */
  help: string;
  run(argv: string[], ctx: CliContext): Promise<number>;
  /**
   * Its own options (the common ones aside): what tells a -h that asks for help from one given as
   * an option's value (gmpw run --arg -h).
   */
  options: CliOptions;
  /**
   * What the user typed for each field of its calls' inputs, for the errors the core names by field
   * (for these arguments, when one field comes from either of two options).
   */
  fields?: FieldNames | ((argv: readonly string[]) => FieldNames);
  /**
   * It reads a history that must exist (for these arguments): a --data-dir that holds none is a typo,
   * not an empty history to make there.
   */
  readsHistory?: true | ((argv: readonly string[]) => boolean);
}

/** A mistake in the command line: one line on stderr and exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** Ctrl-C (SIGINT) or SIGTERM cancelled the runs, as a shell reports 128 + SIGINT. */
export const EXIT_INTERRUPTED = 130;
