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

const fromRow = (row: HostRow): Host =>
  Host.parse({ name: row.name, destination: row.destination, sshOptions: JSON.parse(row.ssh_options), createdAt: row.created_at });

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
    return (this.db.prepare('SELECT * FROM hosts ORDER BY name').all() as HostRow[]).map(fromRow);
  }

  get(name: string): Host | null {
    const row = this.db.prepare('SELECT * FROM hosts WHERE name = ?').get(name) as HostRow | undefined;
    return row ? fromRow(row) : null;
  }

  /** The host, or a UserError naming `field` when there is none of that name. */
  require(name: string, field = 'name'): Host {
    const host = this.get(name);
    if (!host) throw new UserError(`no host named ${name} (gmpw hosts list shows them)`, field, 'not-found');
    return host;
  }

  remove(name: string): void {
    this.require(name);
    guarded(`remove host ${name}`, this.where, () => this.db.prepare('DELETE FROM hosts WHERE name = ?').run(name));
  }
}
