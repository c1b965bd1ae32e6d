// Command-line parsing shared by the subcommands: the common options every command accepts, and
// the list and key=value forms of run flags. Every mistake is a UsageError naming the flag.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './types';
import { parseCpuLimitList, parseGomaxprocsList, parseWholeNumbers } from '../../shared/plan-text';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Accepted by every subcommand. */
export const COMMON_OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  go: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export const COMMON_HELP = `Common options:
  --data-dir DIR   history and artifacts (default $XDG_DATA_HOME/gmp-workbench or ~/.local/share/gmp-workbench)
  --json           machine-readable output on stdout
  --go PATH        the go binary to use (default: PATH, $GOROOT/bin, usual install places)
  -h, --help       this help`;

/** The long name of a flag as typed: "--limit" → limit, "-p" → the option whose short form is p. */
function optionName(arg: string, options: Options): string | null {
  if (arg.startsWith('--')) return arg.includes('=') ? null : arg.slice(2);
  const short = /^-([A-Za-z])$/.exec(arg)?.[1];
  return short ? (Object.keys(options).find((name) => options[name]!.short === short) ?? null) : null;
}

/**
 * `--limit -1` as `--limit=-1` (and `-p -1` as `--port=-1`): node reads a value that starts with "-"
 * as another flag, and the user would hear that the flag "needs a value" instead of what is wrong
 * with the number.
 */
function joinNegativeValues(argv: string[], options: Options): string[] {
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

export function parseCommand<O extends Options>(command: string, argv: string[], options: O, positionals = false) {
  const all = { ...COMMON_OPTIONS, ...options };
  try {
    return parseArgs({ args: joinNegativeValues(argv, all), options: all, allowPositionals: positionals, strict: true });
  } catch (err) {
    // node's messages name the flag: "Unknown option '--x'", "Option '--duration <value>' argument missing".
    // A flag followed by another flag is "ambiguous" to node: it is a flag given no value.
    const e = err as Error & { code?: string };
    const flag = /Option '(-[^' ]+)/.exec(e.message)?.[1];
    if (flag && (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || /argument missing|ambiguous/.test(e.message))) {
      throw new UsageError(`${command}: ${flag} needs a value (e.g. ${flag} ${flag === '--scenario' ? 'pingpong-hog' : 'VALUE'})`);
    }
    throw new UsageError(`${command}: ${e.message.split('\n')[0]}`);
  }
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
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

export function commaList(text: string | undefined): string[] {
  return text ? text.split(',').map((s) => s.trim()).filter(Boolean) : [];
}
