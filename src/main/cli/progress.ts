// Live feedback while runs execute: on a terminal a redrawn progress bar, elsewhere (CI logs)
// a progress line every 10 s and one line per finished run; nothing at all with --json, whose
// stdout is for the final document.
import type { EventPayload } from '../../shared/contract';
import { isTerminal } from '../../shared/domain';
import type { EventBus } from '../core/events';
import { seconds } from './format';

const BAR_WIDTH = 24;
/** Without a terminal, a progress line at most this often. */
const LOG_EVERY_MS = 10_000;

function bar(fraction: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
}

/**
 * Elapsed of the expected total with the ETA; a run past its total says so instead of "10.26s/2.00s
 * ETA 0s", without saying the target overran: the run's time holds its build, its analysis, a
 * remote run's fetch of its files (a new user read "overran" of a target that ran its 3.03 s while a
 * lost link's fetch was retried). Its end is unknown, so the ETA left is only a floor, the time of
 * the runs still queued, and none when there are none.
 */
function timeText(p: EventPayload<'run.progress'>['progress']): string {
  // The bar and the times are this run's; the ETA is the plan's, which a grid's line must say.
  const of = p.of > 1 ? ` (all ${p.of} runs)` : '';
  if (p.elapsed <= p.total) return `${seconds(p.elapsed)}/${seconds(p.total)}  ETA ${Math.ceil(p.eta)}s${of}`;
  const queued = Math.ceil(p.eta);
  return `${seconds(p.elapsed)} (${seconds(p.total)} asked; past it)${queued > 0 ? `  ETA ≥ ${queued}s${of}` : ''}`;
}

export interface ProgressOptions {
  out: NodeJS.WriteStream;
  /** Redraw a bar in place (a terminal) rather than print lines. */
  tty: boolean;
  /** Print the targets' own terminal output too. */
  echoOutput: boolean;
}

/** Follows the events of the runs this process started. */
export class RunProgress {
  private readonly offs: (() => void)[] = [];
  private barShown = false;
  private lastLogLine = 0;

  constructor(
    events: EventBus,
    private readonly opts: ProgressOptions,
  ) {
    this.offs.push(events.on('run.progress', (p) => this.onProgress(p)));
    this.offs.push(events.on('run.state', (p) => this.onState(p)));
    if (opts.echoOutput) this.offs.push(events.on('run.output', (p) => this.print(p.data)));
  }

  private print(text: string): void {
    this.clearBar();
    this.opts.out.write(text);
  }

  private clearBar(): void {
    if (this.barShown) this.opts.out.write('\r\x1b[2K');
    this.barShown = false;
  }

  private onProgress({ runId, progress: p }: EventPayload<'run.progress'>): void {
    const line = `${bar(p.elapsed / Math.max(p.total, 1e-9))} run ${p.index}/${p.of} ${runId}  ${timeText(p)}`;
    if (this.opts.tty) {
      this.opts.out.write(`\r\x1b[2K${line}`);
      this.barShown = true;
    } else if (Date.now() - this.lastLogLine >= LOG_EVERY_MS) {
      // A log (CI) gets a line now and then, so a long run does not look hung.
      this.lastLogLine = Date.now();
      this.opts.out.write(`${line}\n`);
    }
  }

  private onState({ runId, state, error }: EventPayload<'run.state'>): void {
    if (!isTerminal(state)) return;
    this.print(`${runId}: ${state}${error ? ` — ${error}` : ''}\n`);
  }

  close(): void {
    this.clearBar();
    this.offs.splice(0).forEach((off) => off());
  }
}
