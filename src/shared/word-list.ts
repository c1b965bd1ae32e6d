// Several things named in one sentence, as every screen, CLI line and report writes them:
// "A", "A and B", "A, B and C".

export function wordList(items: readonly string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? '');
}
