// Runs another process executes on the same history: `gmpw run` while the app or `gmpw serve` is
// open. The history is one SQLite file shared by both, so this process polls PRAGMA data_version,
// which moves only when another connection commits: a cheap question that says when to look. What
// changed is then published on this process's event bus as its own runs are (runs.changed,
// run.state), and a foreign run's terminal and metrics are followed from its run folder's files.
import { join } from 'node:path';
import type { RunState } from '../../../shared/domain';
import type { EventBus } from '../events';
import type { Store } from '../store';
import { FileTail } from './file-tail';
import { MetricsTail } from './metrics-tail';

const POLL_MS = 250;

export interface ForeignRunsDeps {
  store: Store;
  events: EventBus;
  /** Whether this process executes the run (its events are published by its runner). */
  isOwn: (id: string) => boolean;
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

  constructor(private readonly deps: ForeignRunsDeps) {}

  start(): void {
    this.check();
    this.timer = setInterval(() => this.check(), POLL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all([...this.followed.values()].map((f) => this.stopTails(f)));
    await this.finishing;
  }

  /** Looks at the history if another process committed since the last look. */
  check(): void {
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
}
