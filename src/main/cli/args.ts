// Command-line parsing shared by the subcommands: the common options every command accepts, and
// the list and key=value forms of run flags. Every mistake is a UsageError naming the flag.
import { parseArgs } from 'node:util';
import { UsageError, type CliOptions } from './types';
import { parseCpuLimitList, parseGomaxprocsList, parseWholeNumbers } from '../../shared/plan-text';
import { closestNames } from '../../shared/closest-names';

/** Accepted by every subcommand. */
export const COMMON_OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  go: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies CliOptions;

export const COMMON_HELP = `Common options:
  --data-dir DIR   history and artifacts (default $XDG_DATA_HOME/gmp-workbench or ~/.local/share/gmp-workbench)
  --json           machine-readable output on stdout
  --go PATH        the go binary to use (default: PATH, $GOROOT/bin, usual install places)
  -h, --help       this help`;

/** The long name of a flag as typed: "--limit" → limit, "-p" → the option whose short form is p. */
function optionName(arg: string, options: CliOptions): string | null {
  if (arg.startsWith('--')) return arg.includes('=') ? null : arg.slice(2);
  const short = /^-([A-Za-z])$/.exec(arg)?.[1];
  return short ? (Object.keys(options).find((name) => options[name]!.short === short) ?? null) : null;
}

/**
 * `--limit -1` as `--limit=-1` (and `-p -1` as `--port=-1`): node reads a value that starts with "-"
 * as another flag, and the user would hear that the flag "needs a value" instead of what is wrong
 * with the number.
 */
function joinNegativeValues(argv: string[], options: CliOptions): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = optionName(arg, options);
    if (name !== null && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** The common options with the command's own: what every subcommand but serve parses. */
export function parseCommand<O extends CliOptions>(command: string, argv: string[], options: O, positionals = false) {
  return parseOptions(command, argv, { ...COMMON_OPTIONS, ...options }, positionals);
}

/** Exactly the options given (serve takes none of the common ones but --data-dir and --help). */
export function parseOptions<O extends CliOptions>(command: string, argv: string[], options: O, positionals = false) {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals: positionals, strict: true, tokens: true });
  } catch (err) {
    // node's messages name the flag: "Unknown option '--x'", "Option '--duration <value>' argument missing".
    // A flag followed by another flag is "ambiguous" to node: it is a flag given no value.
    const e = err as Error & { code?: string };
    const flag = /Option '(-[^' ]+)/.exec(e.message)?.[1];
    if (flag && /does not take an argument/.test(e.message)) throw new UsageError(`${command}: ${flag} takes no value (give ${flag} alone)`);
    if (flag && /ambiguous/.test(e.message)) {
      // The word after the flag starts with "-" (--arg -h): node reads it as an option, never as the
      // value. Unless it is another of the command's options (--scenario --duration 1s: the value
      // was forgotten), it was likely meant as the value, and there is a way to write that.
      const next = argv[argv.findIndex((arg, i) => arg === flag && argv[i + 1]?.startsWith('-')) + 1];
      const nextName = next === undefined ? null : optionName(next, options);
      const meantAsValue = nextName === null || nextName === 'help' || !Object.hasOwn(options, nextName);
      const name = optionName(flag, options);
      if (next !== undefined && meantAsValue && name !== null) throw new UsageError(`${command}: ${flag} needs a value, and ${next} is read as an option (a value that starts with "-" is written --${name}=${next})`);
    }
    if (flag && (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || /argument missing|ambiguous/.test(e.message))) {
      throw new UsageError(`${command}: ${flag} needs a value (e.g. ${flag} ${flag === '--scenario' ? 'pingpong-hog' : 'VALUE'})`);
    }
    // node's own words go on, for a command that takes words, with a hint that quotes the option unbalanced.
    const unknown = e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /Unknown option '(-[^'=]+)'/.exec(e.message)?.[1] : undefined;
    if (unknown) throw new UsageError(`${command}: Unknown option '${unknown}'${unknown.startsWith('--') ? didYouMean(unknown.slice(2), Object.keys(options), (name) => `--${name}`) : ''}`);
    throw new UsageError(`${command}: ${e.message.split('\n')[0]}`);
  }
  refuseRepeats(command, parsed.tokens, options);
  const { values, positionals: words } = parsed;
  return { values, positionals: words };
}

/**
 * A value option given twice (--duration 1s --duration 2s) is a mistake: the last would win
 * silently, and which one was meant cannot be known. Options that take several (--tag) and flags
 * (--json twice is --json) are left alone.
 */
function refuseRepeats(command: string, tokens: ReturnType<typeof parseArgs>['tokens'], options: CliOptions): void {
  const given = new Map<string, string[]>();
  for (const t of tokens ?? []) {
    if (t.kind !== 'option' || options[t.name]?.type !== 'string' || options[t.name]?.multiple) continue;
    given.set(t.name, [...(given.get(t.name) ?? []), t.value ?? '']);
  }
  for (const [name, values] of given) {
    if (values.length > 1) throw new UsageError(`${command}: --${name} is given ${values.length} times (${values.join(', ')}): give it once`);
  }
}

/**
 * Whether the command line asks for help: a -h or --help that stands as an option, not one given
 * as the value of an option that takes one (gmpw run --arg -h, which parseCommand then refuses,
 * saying how to write it) nor one after "--" (ssh's options of hosts add).
 */
export function asksForHelp(argv: readonly string[], options: CliOptions): boolean {
  // Not strict: a mistake elsewhere in the line is the command's to name; help comes first.
  const { tokens } = parseArgs({ args: [...argv], options: { ...COMMON_OPTIONS, ...options }, strict: false, allowPositionals: true, tokens: true });
  // A -h inside a cluster (-zh) is no ask for help: the word is a mistake the command names.
  return tokens.some((t) => t.kind === 'option' && t.name === 'help' && (argv[t.index] === '-h' || argv[t.index] === '--help'));
}

/** ": did you mean list?" (each name as `spelled` writes it) for a mistyped name; "" when none is close. */
export function didYouMean(typed: string, names: readonly string[], spelled = (name: string) => name): string {
  const close = closestNames(typed, names);
  return close.length ? `: did you mean ${close.map(spelled).join(' or ')}?` : '';
}

/** The first word of argv that is neither an option nor a common option's value: a subcommand ("add"). */
export function firstWord(argv: readonly string[]): string | undefined {
  const takesValue = new Set(Object.entries(COMMON_OPTIONS).flatMap(([name, o]) => (o.type === 'string' ? [`--${name}`] : [])));
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') return undefined;
    if (takesValue.has(argv[i]!)) i++;
    else if (!argv[i]!.startsWith('-')) return argv[i];
  }
  return undefined;
}

/** The flags that take a list of numbers: their example is a list. */
const LIST_FLAGS = new Set(['concurrency', 'gomaxprocs']);

/** A list flag's values, or a usage error naming the flag with what is wrong and an example. */
function listFlag<T>(flag: string, parsed: T[] | string, example: string): T[] {
  if (typeof parsed === 'string') throw new UsageError(`--${flag}: ${parsed} (e.g. --${flag} ${example})`);
  return parsed;
}

/** "10,1000" → [10, 1000]; the range is the contract's to check, as for the app. */
export const intList = (flag: string, text: string): number[] => listFlag(flag, parseWholeNumbers(text), LIST_FLAGS.has(flag) ? '1,2,4' : '10');

/** One whole number: a list ("3,50") is a slip, not the first of its values. */
export function wholeNumber(flag: string, text: string): number {
  const values = intList(flag, text);
  if (values.length !== 1) throw new UsageError(`--${flag}: one whole number, not a list (e.g. --${flag} 10)`);
  return values[0]!;
}

/** "1,2,4" or "default" (or a mix) → GOMAXPROCS values. */
export const gomaxprocsList = (text: string): (number | 'default')[] => listFlag('gomaxprocs', parseGomaxprocsList(text), 'default,1,2,4');

/** "0.5,1,max" → CPU limits in cores ('max': none). */
export const cpuLimitList = (text: string): (number | 'max')[] => listFlag('cpu-limit', parseCpuLimitList(text), '0.5,1,max');

/** Repeated "k=v" → { k: v }. */
export function keyValues(flag: string, items: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${flag}: "${item}" is not of the form key=value`);
    const key = item.slice(0, eq);
    // The later would win silently: which was meant cannot be known.
    if (Object.hasOwn(out, key)) throw new UsageError(`--${flag}: ${key} is given twice (${out[key]}, ${item.slice(eq + 1)}): give it once`);
    out[key] = item.slice(eq + 1);
  }
  return out;
}

export function commaList(text: string | undefined): string[] {
  return text ? text.split(',').map((s) => s.trim()).filter(Boolean) : [];
}
