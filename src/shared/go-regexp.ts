// Whether a pattern is one Go's regexp package (RE2 syntax) compiles, as `go test -bench` does with
// --bench-regex: checked before a run starts instead of by a failed run. JavaScript's RegExp is
// close but not the same: Go takes (?i), (?P<name>…), \A, \z, \Q…\E, [[:alpha:]] and \pL, which
// JavaScript refuses or reads otherwise, and refuses lookaround and backreferences, which
// JavaScript takes. The Go forms are rewritten into JavaScript ones that compile alike, then the
// JavaScript-only forms are refused by name.

/** Constructs JavaScript compiles and RE2 does not, with their names. */
const NOT_RE2: ReadonlyArray<[RegExp, string]> = [
  [/\(\?<?[=!]/, 'lookaround ((?=, (?!, (?<=, (?<!)'],
  [/\\[1-9]|\\k</, 'backreferences (\\1, \\k<name>)'],
];

/** Go's forms as JavaScript ones of the same shape; `\Q…\E` is a literal. */
function asJavaScript(pattern: string): string {
  return pattern
    .replace(/\\Q([\s\S]*?)(\\E|$)/g, (_, literal: string) => literal.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?[imsU-]+\)/g, '')
    .replace(/\(\?[imsU-]+:/g, '(?:')
    .replace(/\[:\^?[a-z]+:\]/g, 'a')
    .replace(/\\[pP](\{[^}]*\}|[A-Za-z])/g, 'a')
    .replace(/\\[Az]/g, '');
}

/** Why Go's regexp would refuse the pattern, or null when it compiles it. */
export function goRegexpProblem(pattern: string): string | null {
  // The rewriting leaves escapes alone, so an escaped "(?=" stays escaped: only a real one is found.
  const unescaped = pattern.replace(/\\\\/g, '').replace(/\\[()]/g, '');
  for (const [construct, name] of NOT_RE2) if (construct.test(unescaped)) return `Go's regexp syntax (RE2) has no ${name}`;
  try {
    new RegExp(asJavaScript(pattern));
    return null;
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '');
  }
}
