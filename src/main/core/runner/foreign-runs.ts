// Runs another process executes on the same history: `gmpw run` while the app or `gmpw serve` is
// open. The history is one SQLite file shared by both, so this process polls PRAGMA data_version,
// which moves only when another connection commits: a cheap question that says when to look. What
// changed is then published on this process's event bus as its own runs are (runs.changed,
// run.state), and a foreign run's terminal and metrics are followed from its run folder's files.
// A process that dies (kill -9, a crash) commits nothing more, so the owners of the runs followed
// are looked at too: a run whose owner is gone is ended as a start-up would end it (what it left
// running ended, the run interrupted), not left active until the next start.
import { join } from 'node:path';
import type { RunState } from '../../../shared/domain';
import type { EventBus } from '../events';
import type { Store } from '../store';
import { FileTail } from './file-tail';
import type { RunLeftovers } from './leftovers';
import { MetricsTail } from './metrics-tail';
import type { RunOwnership } from './ownership';

const POLL_MS = 250;
/** How often the owners of the runs followed are looked at (a file read and a /proc stat each). */
const OWNERS_EVERY_MS = 2000;

export interface ForeignRunsDeps {
  store: Store;
  events: EventBus;
  /** Whether this process executes the run (its events are published by its runner). */
  isOwn: (id: string) => boolean;
  ownership: RunOwnership;
  leftovers: RunLeftovers;
  /** OWNERS_EVERY_MS unless a test says otherwise. */
  ownersEveryMs?: number;
}

interface Followed {
  state: RunState;
  /** Set while the run is running: its terminal.log and metrics.jsonl being read as they grow. */
  tails: { terminal: FileTail; metrics: MetricsTail } | null;
}

export class ForeignRuns {
  private version: number | null = null;
  private readonly followed = new Map<string, Followed>();
  private timer: NodeJS.Timeout | null = null;
  private finishing: Promise<void> = Promise.resolve();
  private ownersLookedAt = 0;
  /** The runs found without a live owner at the last look. */
  private ownerless = new Set<string>();
  private ending: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly deps: ForeignRunsDeps) {}

  start(): void {
    this.check();
    this.timer = setInterval(() => this.check(), POLL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all([...this.followed.values()].map((f) => this.stopTails(f)));
    await this.ending;
    await this.finishing;
  }

  /** Looks at the history if another process committed since the last look. */
  check(): void {
    if (this.stopped) return; // the store may be closing: nothing more is followed
    this.lookAtOwners();
    const { store, events, isOwn } = this.deps;
    const version = store.dataVersion();
    if (version === this.version) return;
    this.version = version;
    events.emit('runs.changed', {});
    const active = store.activeRuns().filter((r) => !isOwn(r.id));
    for (const { id, state } of active) {
      const seen = this.followed.get(id) ?? { state, tails: null };
      if (!this.followed.has(id) || seen.state !== state) {
        this.followed.set(id, { ...seen, state });
        events.emit('run.state', { runId: id, state, exitCode: null, error: null });
      }
      if (state === 'running' && !seen.tails) this.followed.get(id)!.tails = this.tail(id);
    }
    const stillActive = new Set(active.map((r) => r.id));
    for (const [id, f] of this.followed) {
      if (stillActive.has(id)) continue;
      this.followed.delete(id);
      // Its last output and ticks go out before the news that it ended.
      this.finishing = this.finishing.then(() => this.finish(id, f)).catch(() => undefined); // one failed finish must not hold back the next
    }
  }

  private tail(id: string): Followed['tails'] {
    const { store, events } = this.deps;
    const dir = store.runDir(id);
    // The terminal so far is what runs.terminal returns; the page asks for it and then listens.
    const terminal = new FileTail(join(dir, 'terminal.log'), (data) => events.emit('run.output', { runId: id, data }), { fromEnd: true });
    // Ticks are merged by time on the page, so reading them all again is harmless.
    const metrics = new MetricsTail(join(dir, 'metrics.jsonl'), (tick) => events.emit('run.metrics', { runId: id, tick }));
    terminal.start();
    metrics.start();
    return { terminal, metrics };
  }

  private async stopTails(f: Followed): Promise<void> {
    const tails = f.tails;
    f.tails = null;
    if (tails) await Promise.all([tails.terminal.stop(), tails.metrics.stop()]);
  }

  private async finish(id: string, f: Followed): Promise<void> {
    await this.stopTails(f);
    const run = this.deps.store.getRun(id);
    if (run) this.deps.events.emit('run.state', { runId: id, state: run.state, exitCode: run.exitCode, error: run.error });
  }

  /**
   * Ends the runs followed whose owner is gone: found so at two looks in a row, since a run of a
   * live process is briefly ownerless between its row and its claim.
   */
  private lookAtOwners(): void {
    const every = this.deps.ownersEveryMs ?? OWNERS_EVERY_MS;
    if (this.ending || Date.now() - this.ownersLookedAt < every) return;
    this.ownersLookedAt = Date.now();
    const { ownership, leftovers, store } = this.deps;
    const ownerless = new Set([...this.followed.keys()].filter((id) => ownership.isAbandoned(id)));
    const gone = [...ownerless].filter((id) => this.ownerless.has(id));
    this.ownerless = ownerless;
    if (gone.length === 0) return;
    this.ending = (async () => {
      await leftovers.endAbandoned((id) => gone.includes(id));
      await store.recoverInterrupted((id) => gone.includes(id) && ownership.isAbandoned(id));
    })()
      .catch(() => undefined) // the next start recovers what this could not
      .finally(() => {
        this.ending = null;
        // This connection's own commit does not move data_version: look now, and say how they ended.
        this.version = null;
        this.check();
      });
  }
}
