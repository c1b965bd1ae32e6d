/**
 * Output that arrived as events while the terminal history was being fetched may already be in that
 * history. Returns the part of `pending` not yet in `history`, assuming history ends somewhere
 * inside (or after) the pending text.
 */
export function unseenOutput(history: string, pending: string): string {
  for (let k = Math.min(history.length, pending.length); k > 0; k--) {
    if (history.endsWith(pending.slice(0, k))) return pending.slice(k);
  }
  return history.includes(pending) ? '' : pending;
}
