// The hosts table: remote machines by name, with the ssh destination and options that reach them.
import type { Database } from 'better-sqlite3';
import { Host, LOCAL_HOST } from '../../../shared/hosts';
import { UserError } from '../errors';
import { guarded } from './errors';

interface HostRow {
  name: string;
  destination: string;
  ssh_options: string;
  created_at: string;
}

/**
 * A stored host, checked as a new one is: the history may come from someone else, and a host's ssh
 * options could otherwise act on this machine (see refusedSshOption).
 */
function fromRow(row: HostRow, database: string): Host {
  const options = (() => {
    try {
      return JSON.parse(row.ssh_options) as unknown;
    } catch {
      return row.ssh_options;
    }
  })();
  const parsed = Host.safeParse({ name: row.name, destination: row.destination, sshOptions: options, createdAt: row.created_at });
  if (parsed.success) return parsed.data;
  const why = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new UserError(
    `host ${JSON.stringify(row.name)} in the history is not one the workbench would store (${why}); the database ${database} has been edited; gmpw hosts rm ${row.name} removes it`,
    null,
    'corrupt-history',
  );
}

const noSuchHost = (name: string, field: string) => new UserError(`no host named ${name} (gmpw hosts list shows them)`, field, 'not-found');

export class HostTable {
  constructor(
    private readonly db: Database,
    private readonly where: string,
  ) {}

  add(host: Omit<Host, 'createdAt'>): Host {
    if (host.name === LOCAL_HOST) throw new UserError(`"${LOCAL_HOST}" is this machine; give the host another name`, 'name');
    const stored: Host = { ...host, createdAt: new Date().toISOString() };
    guarded(`add host ${host.name}`, this.where, () => {
      try {
        this.db
          .prepare('INSERT INTO hosts (name, destination, ssh_options, created_at) VALUES (?, ?, ?, ?)')
          .run(stored.name, stored.destination, JSON.stringify(stored.sshOptions), stored.createdAt);
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
          throw new UserError(`a host named ${host.name} exists already (gmpw hosts rm ${host.name} first)`, 'name', 'exists');
        }
        throw err;
      }
    });
    return stored;
  }

  list(): Host[] {
    return (this.db.prepare('SELECT * FROM hosts ORDER BY name').all() as HostRow[]).map((row) => fromRow(row, this.where));
  }

  get(name: string): Host | null {
    const row = this.db.prepare('SELECT * FROM hosts WHERE name = ?').get(name) as HostRow | undefined;
    return row ? fromRow(row, this.where) : null;
  }

  /** The host, or a UserError naming `field` when there is none of that name. */
  require(name: string, field = 'name'): Host {
    const host = this.get(name);
    if (!host) throw noSuchHost(name, field);
    return host;
  }

  /** Removes the host, also one whose stored row is refused (so that it can be). */
  remove(name: string): void {
    if (!this.db.prepare('SELECT 1 FROM hosts WHERE name = ?').get(name)) throw noSuchHost(name, 'name');
    guarded(`remove host ${name}`, this.where, () => this.db.prepare('DELETE FROM hosts WHERE name = ?').run(name));
  }
}
