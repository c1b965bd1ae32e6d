// Which run folders the history is making or removing. A run's folder is made before its row and
// removed after it, so a crash between the two leaves a folder no run owns. The folder's id is
// claimed in the database first and released once the step is whole; at start, only a folder whose
// id is claimed and owned by no run is swept. A folder the history never claimed (the user's, or
// the runs of another database: one restored, or made anew after a corrupt one was deleted) is
// never touched.
import type { Database } from 'better-sqlite3';

export class FolderClaims {
  constructor(private readonly db: Database) {}

  /** Claims ids' folders (made next, or removed next), inside the caller's transaction. */
  claim(ids: readonly string[], at = new Date()): void {
    const insert = this.db.prepare('INSERT OR REPLACE INTO folder_claims (id, at) VALUES (?, ?)');
    for (const id of ids) insert.run(id, at.toISOString());
  }

  /** The step on ids' folders is whole, inside the caller's transaction. */
  release(ids: readonly string[]): void {
    const remove = this.db.prepare('DELETE FROM folder_claims WHERE id = ?');
    for (const id of ids) remove.run(id);
  }

  /** Claimed ids that no run owns, claimed before `before`: a crash cut their step. */
  abandoned(before: Date): string[] {
    return (
      this.db
        .prepare('SELECT id FROM folder_claims WHERE at < ? AND NOT EXISTS (SELECT 1 FROM runs WHERE runs.id = folder_claims.id) ORDER BY id')
        .all(before.toISOString()) as { id: string }[]
    ).map((row) => row.id);
  }
}
