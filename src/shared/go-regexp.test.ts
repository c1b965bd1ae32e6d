import { describe, expect, it } from 'vitest';
import { goRegexpProblem } from './go-regexp';

// Each pattern was checked against Go 1.26's regexp.Compile.
describe('goRegexpProblem', () => {
  it("takes Go's own syntax, which JavaScript refuses or reads otherwise", () => {
    const ok = ['.', 'BenchmarkChan', '(?i)benchmarkpanic', '(?P<x>Panic)', '(?<x>Panic)', '(?P<1a>x)', '(?s:a.b)', '(?i-s)x', '\\ABench\\z', '\\Q(a+b)\\E', '\\Q(?=\\E', '\\Q\\1\\E', '[(?=]', '[[:alpha:]]+', '[^[:^digit:]]', '\\pL\\p{Greek}\\PN', '\\12', '\\0', '^*', 'x{2,1000}', 'a{,5}', 'Bench/sub-1', 'x\\(?=y', '\\x41\\x{263a}', '[]a]', '\\.\\-\\#'];
    for (const pattern of ok) expect(goRegexpProblem(pattern), pattern).toBeNull();
  });

  it('refuses what Go does not compile, naming it', () => {
    const refused: Array<[string, string]> = [
      ['(?=x)', 'no lookaround ((?=, (?!, (?<=, (?<!)'],
      ['(?<!x)y', 'no lookaround ((?=, (?!, (?<=, (?<!)'],
      ['(a)\\1', 'no backreferences (`\\1`)'],
      ['Foo\\e', 'invalid escape sequence `\\e`'],
      ['\\Z', 'invalid escape sequence `\\Z`'],
      ['\\u0041', 'invalid escape sequence `\\u`'],
      ['\\cA', 'invalid escape sequence `\\c`'],
      ['x\\E', 'invalid escape sequence `\\E`'],
      ['(?i-)x', 'invalid or unsupported Perl syntax `(?i`'],
      ['a{1001}', 'invalid repeat count `{1001}`'],
      ['a{3,2}', 'invalid repeat count `{3,2}`'],
      ['[[:foo:]]', 'invalid character class range `[:foo:]`'],
      ['\\p{Foo}', 'invalid character class range `\\p{Foo}`'],
      ['(?P<a-b>x)', 'invalid named capture `(?P<a-b>`'],
      ['[a', 'missing closing ]'],
    ];
    for (const [pattern, why] of refused) expect(goRegexpProblem(pattern), pattern).toBe(`Go's regexp syntax (RE2) refuses it: ${why}`);
    // What both refuse, in JavaScript's words.
    expect(goRegexpProblem('(')).toMatch(/Unterminated group/);
    expect(goRegexpProblem('a**')).toMatch(/Nothing to repeat/);
  });
});
