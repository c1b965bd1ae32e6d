// Whether a pattern is one Go's regexp package (RE2 syntax, regexp/syntax's Perl flags) compiles,
// as `go test -bench` does with --bench-regex: checked before a run starts instead of by a failed
// run. JavaScript's RegExp is close but not the same: Go takes (?i), (?P<name>…), \A, \z, \Q…\E,
// octal \12, [[:alpha:]], \pL and ^*, which JavaScript refuses or reads otherwise, and refuses
// lookaround, backreferences, escapes it does not know (\e, \Z, \u0041) and repeats past 1000,
// which JavaScript takes. The pattern is walked token by token as Go's parser walks it: what Go
// alone refuses is named, and the rest is rewritten into JavaScript of the same shape, whose
// compiler then finds what both refuse (an unclosed group, a repeat of nothing).

/** Escapes Go knows after a backslash, besides punctuation, octal digits, \x, \p, \P and \Q. */
const GO_ESCAPES = new Set([...'afnrtvdDsSwWbBAz']);
/** Go's ASCII classes, as [[:name:]] names them. */
const POSIX_CLASSES = new Set(['alnum', 'alpha', 'ascii', 'blank', 'cntrl', 'digit', 'graph', 'lower', 'print', 'punct', 'space', 'upper', 'word', 'xdigit']);
/** regexp/syntax's limit on {n,m}. */
const MAX_REPEAT = 1000;

class Refused extends Error {}

const escapeForJs = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** Whether \p{name} names a Unicode class, as JavaScript knows them (a category, or a script). */
function unicodeClass(name: string): boolean {
  for (const spelled of [name, `Script=${name}`]) {
    try {
      new RegExp(`\\p{${spelled}}`, 'u');
      return true;
    } catch {
      // the next spelling
    }
  }
  return false;
}

/** Walks the pattern; returns it as JavaScript of the same shape, or throws Refused naming what Go refuses. */
function asJavaScript(pattern: string): string {
  let out = '';
  let i = 0;
  let inClass = false;
  const refuse = (what: string): never => {
    throw new Refused(what);
  };
  /** The escape at i (the backslash), as JavaScript; i moves past it. */
  const escape = (): string => {
    const c = pattern[i + 1];
    if (c === undefined) refuse('a trailing backslash');
    const at = pattern.slice(i, i + 2);
    if (c === 'Q') {
      const end = pattern.indexOf('\\E', i + 2);
      const literal = end < 0 ? pattern.slice(i + 2) : pattern.slice(i + 2, end);
      i = end < 0 ? pattern.length : end + 2;
      return inClass ? 'a' : escapeForJs(literal);
    }
    if (c === 'x') {
      const m = /^\\x(\{[0-9A-Fa-f]{1,6}\}|[0-9A-Fa-f]{2})/.exec(pattern.slice(i));
      if (!m) refuse(`invalid escape sequence \`${at}\``);
      i += m![0].length;
      return 'a';
    }
    if (c === 'p' || c === 'P') {
      const m = /^\\[pP](\{\^?([A-Za-z_]+)\}|([A-Za-z]))/.exec(pattern.slice(i));
      if (!m || !unicodeClass(m[2] ?? m[3]!)) refuse(`invalid character class range \`${m ? m[0] : at}\``);
      i += m![0].length;
      return 'a';
    }
    if (c >= '0' && c <= '9') {
      // \0, and \1–\7 followed by an octal digit, are octal codes; \1–\9 alone would be backreferences.
      const m = /^\\([0-7]{1,3})/.exec(pattern.slice(i));
      if (!m || (c !== '0' && m[1]!.length === 1)) refuse(`no backreferences (\`${at}\`)`);
      i += m![0].length;
      return 'a';
    }
    i += 2;
    if (/[A-Za-z]/.test(c!)) {
      if (!GO_ESCAPES.has(c!)) refuse(`invalid escape sequence \`${at}\``);
      if (c === 'A' || c === 'z' || c === 'b' || c === 'B') {
        if (inClass) refuse(`invalid escape sequence \`${at}\``);
        return c === 'A' ? '(?:^)' : c === 'z' ? '(?:$)' : `(?:\\${c})`;
      }
      return /[dDsSwW]/.test(c!) ? `\\${c}` : 'a';
    }
    if (c!.charCodeAt(0) >= 0x80) refuse(`invalid escape sequence \`${at}\``);
    return escapeForJs(c!);
  };

  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += escape();
      continue;
    }
    if (inClass) {
      const posix = /^\[:(\^?)([a-z]*):\]/.exec(pattern.slice(i));
      if (posix) {
        if (!POSIX_CLASSES.has(posix[2]!)) refuse(`invalid character class range \`${posix[0]}\``);
        out += 'a';
        i += posix[0].length;
        continue;
      }
      if (c === ']') inClass = false;
      out += c === '[' ? '\\[' : c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      // A ] first (after a ^) is a member, not the end.
      const open = /^\[\^?\]?/.exec(pattern.slice(i))![0];
      out += open.endsWith(']') ? `${open.slice(0, -1)}\\]` : open;
      i += open.length;
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i);
      if (/^\(\?(<?[=!])/.test(rest)) refuse('no lookaround ((?=, (?!, (?<=, (?<!)');
      const named = /^\(\?P?<([^>]*)>/.exec(rest);
      if (named) {
        if (!/^[A-Za-z0-9_]+$/.test(named[1]!)) refuse(`invalid named capture \`${named[0]}\``);
        out += '(';
        i += named[0].length;
        continue;
      }
      const flags = /^\(\?([imsU]*(?:-[imsU]+)?)([):])/.exec(rest);
      if (!flags || flags[1] === '') refuse(`invalid or unsupported Perl syntax \`${rest.slice(0, 3)}\``);
      out += flags![2] === ')' ? '' : '(?:';
      i += flags![0].length;
      continue;
    }
    if (c === '{') {
      const repeat = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (repeat) {
        const min = Number(repeat[1]);
        const max = repeat[3] ? Number(repeat[3]) : min;
        if (min > MAX_REPEAT || max > MAX_REPEAT || max < min) refuse(`invalid repeat count \`${repeat[0]}\``);
        out += repeat[0];
        i += repeat[0].length;
        continue;
      }
      out += '\\{'; // not a repeat: a literal brace, as Go reads it
      i++;
      continue;
    }
    // Go repeats an assertion (^*); JavaScript repeats only a group of one.
    out += c === '^' ? '(?:^)' : c === '$' ? '(?:$)' : c;
    i++;
  }
  if (inClass) refuse('missing closing ]');
  return out;
}

/** Why Go's regexp would refuse the pattern, or null when it compiles it. */
export function goRegexpProblem(pattern: string): string | null {
  let js: string;
  try {
    js = asJavaScript(pattern);
  } catch (err) {
    if (err instanceof Refused) return `Go's regexp syntax (RE2) refuses it: ${err.message}`;
    throw err;
  }
  try {
    new RegExp(js);
    return null;
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '');
  }
}
