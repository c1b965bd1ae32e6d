import { describe, expect, it } from 'vitest';
import { goRegexpProblem } from './go-regexp';

describe('goRegexpProblem', () => {
  it("takes Go's own syntax, which JavaScript refuses or reads otherwise", () => {
    for (const ok of ['.', 'BenchmarkChan', '(?i)benchmarkpanic', '(?P<x>Panic)', '(?s:a.b)', '\\ABench\\z', '\\Q(a+b)\\E', '[[:alpha:]]+', '\\pL\\p{Greek}', 'Bench/sub-1', 'x\\(?=y']) {
      expect(goRegexpProblem(ok), ok).toBeNull();
    }
  });

  it('refuses what Go does not compile, naming what JavaScript alone takes', () => {
    expect(goRegexpProblem('(?=x)')).toBe("Go's regexp syntax (RE2) has no lookaround ((?=, (?!, (?<=, (?<!)");
    expect(goRegexpProblem('(?<!x)y')).toBe("Go's regexp syntax (RE2) has no lookaround ((?=, (?!, (?<=, (?<!)");
    expect(goRegexpProblem('(a)\\1')).toBe("Go's regexp syntax (RE2) has no backreferences (\\1, \\k<name>)");
    expect(goRegexpProblem('(')).toMatch(/Unterminated group/);
  });
});
