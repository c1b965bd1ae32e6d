// Scenario parameters, checked exactly as the harness checks them (resources/go/stress/params.go,
// Param.Check), so that the New run form, the CLI (through the core) and the harness give one
// answer for one value: int, float and duration values are trimmed of Go's white space first;
// bool and enum values are taken as they are; bounds are compared as Go compares them.
import { parseGoDurationNs } from './go-duration';
import type { CatalogParam } from './results';

/** strings.TrimSpace: Unicode White_Space, which differs from String.trim (U+0085 yes, U+FEFF no). */
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const EDGE_SPACE = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');
export const goTrimSpace = (s: string): string => s.replace(EDGE_SPACE, '');

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** strconv.ParseInt(s, 10, 64): an optional sign and decimal digits, within int64. */
function parseGoInt(s: string): bigint | null {
  if (!/^[+-]?\d+$/.test(s)) return null;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? null : n;
}

/**
 * Whether s is a float literal strconv.ParseFloat reads (decimal, or hexadecimal with a p exponent;
 * underscores only between digits), leaving out inf and nan, which the harness refuses anyway.
 */
function isGoFloatSyntax(s: string): boolean {
  const body = s.replace(/^[+-]/, '');
  const decimal = /^(?:[\d_]+\.?[\d_]*|\.[\d_]+)(?:[eE][+-]?\d[\d_]*)?$/;
  const hex = /^0[xX](?:[\da-fA-F_]+\.?[\da-fA-F_]*|\.[\da-fA-F_]+)[pP][+-]?\d[\d_]*$/;
  if (!decimal.test(body) && !hex.test(body)) return false;
  return !s.includes('_') || underscoresOk(s);
}

/** strconv's underscoreOK: an underscore must sit between digits (a base prefix counts as one). */
function underscoresOk(s: string): boolean {
  let rest = s.replace(/^[+-]/, '');
  let saw = '^';
  let hex = false;
  if (/^0[bBoOxX]/.test(rest)) {
    hex = /^0[xX]/.test(rest);
    rest = rest.slice(2);
    saw = '0';
  }
  for (const c of rest) {
    if (/\d/.test(c) || (hex && /[a-fA-F]/.test(c))) saw = '0';
    else if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else if (saw === '_') return false;
    else saw = '!';
  }
  return saw !== '_';
}

/** strconv.ParseFloat(s, 64) when it yields a finite number; null otherwise. */
function parseGoFloat(s: string): number | null {
  if (!isGoFloatSyntax(s)) return null;
  const plain = s.replace(/_/g, '');
  const hex = /^([+-]?)0[xX]([\da-fA-F]*)\.?([\da-fA-F]*)[pP]([+-]?\d+)$/.exec(plain);
  const value = hex
    ? (hex[1] === '-' ? -1 : 1) * Number(BigInt(`0x${hex[2] + hex[3] || '0'}`)) * 2 ** (Number(hex[4]) - 4 * hex[3].length)
    : Number(plain);
  return Number.isFinite(value) ? value : null;
}

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's %q (strconv.Quote), so that a refused value reads as the harness would print it. */
function goQuote(s: string): string {
  const named: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  let out = '"';
  for (const c of s) {
    const r = c.codePointAt(0)!;
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (PRINTABLE.test(c)) out += c;
    else if (named[c]) out += named[c];
    else if (r < 0x20 || r === 0x7f) out += `\\x${hex(r, 2)}`;
    else if (r < 0x10000) out += `\\u${hex(r, 4)}`;
    else out += `\\U${hex(r, 8)}`;
  }
  return `${out}"`;
}

/** strconv.ParseBool: exactly these spellings. */
const GO_BOOLS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

/** What a parameter accepts, in the harness's words (Param.Accepted): "int 1..64", "true or false". */
export function acceptedValues(p: CatalogParam): string {
  if (p.type === 'enum') return `one of ${(p.choices ?? []).join(', ')}`;
  if (p.type === 'bool') return 'true or false';
  if (p.type === 'string') return 'any text';
  if (p.min !== undefined && p.max !== undefined) return `${p.type} ${p.min}..${p.max}`;
  if (p.min !== undefined) return `${p.type} ≥ ${p.min}`;
  if (p.max !== undefined) return `${p.type} ≤ ${p.max}`;
  return p.type;
}

/** A numeric parameter's value as the harness compares it (durations in nanoseconds), with its parse error. */
type NumericType = 'int' | 'float' | 'duration';

function numericValue(type: NumericType, v: string): number | string {
  const s = goTrimSpace(v);
  if (type === 'int') {
    const n = parseGoInt(s);
    return n === null ? `${goQuote(v)} is not an integer` : Number(n);
  }
  if (type === 'float') return parseGoFloat(s) ?? `${goQuote(v)} is not a finite number`;
  const ns = parseGoDurationNs(s);
  return ns === null ? `${goQuote(v)} is not a Go duration` : Number(ns);
}

/** Why `value` is not accepted for `p`, with what is accepted; null when the harness takes it. */
export function paramProblem(p: CatalogParam, value: string): string | null {
  const problem = ((): string | null => {
    switch (p.type) {
      case 'int':
      case 'float':
      case 'duration': {
        const type: NumericType = p.type;
        const x = numericValue(type, value);
        if (typeof x === 'string') return x;
        // The catalog's bounds pass the harness's own check (CheckCatalog), so they parse.
        const lo = p.min === undefined ? null : numericValue(type, p.min);
        const hi = p.max === undefined ? null : numericValue(type, p.max);
        if ((typeof lo === 'number' && x < lo) || (typeof hi === 'number' && x > hi)) return `${value} is out of range`;
        return null;
      }
      case 'bool':
        return GO_BOOLS.has(value) ? null : `${goQuote(value)} is not a bool`;
      case 'enum':
        return p.choices?.includes(value) ? null : `${goQuote(value)} is not a choice`;
      case 'string':
        return null;
    }
  })();
  return problem === null ? null : `${problem} (accepted: ${acceptedValues(p)})`;
}

/** The value the harness runs with: a number as it was checked, trimmed of Go's white space (ResolveParams). */
export function paramInForce(p: CatalogParam, value: string): string {
  return p.type === 'int' || p.type === 'float' || p.type === 'duration' ? goTrimSpace(value) : value;
}

/** Why a parameter the scenario does not have is refused, naming those it has (as ResolveParams does). */
export function unknownParamProblem(defs: readonly CatalogParam[]): string {
  const names = defs.map((d) => d.name).join(', ');
  return `unknown parameter (accepted: ${names || 'none, this scenario has no parameters'})`;
}
