// "Did you mean …?": the known names a mistyped one was likely meant to be, for the CLI's options and
// commands and the catalog's scenario ids alike.

/** Edits (insert, delete, replace, swap two neighbours) that turn a into b. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The names nearest to typed (compared in lower case) within maxEdits, each of them when several are
 * as near; none when the edits would be as many as the letters typed (--x is no --go).
 */
export function closestNames(typed: string, names: readonly string[], maxEdits = 2): string[] {
  const scored = names.map((name) => ({ name, d: editDistance(typed.toLowerCase(), name) })).filter(({ d }) => d <= maxEdits && d < typed.length);
  const best = Math.min(...scored.map(({ d }) => d));
  return scored.filter(({ d }) => d === best).map(({ name }) => name);
}
