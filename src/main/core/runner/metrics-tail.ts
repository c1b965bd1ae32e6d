// Follows metrics.jsonl while the target writes it, one tick per complete line. A line without its
// newline yet is left for the next read; at the end a cut last line (a killed process) is ignored.
import { parseTick, type MetricsTick } from '../../../shared/domain';
import { FileTail } from './file-tail';

/**
 * A tick's line is a few kilobytes; one past this is no tick the harness writes. Its bytes are
 * dropped up to its newline rather than kept: held, each read of the target's next chunk joined and
 * split it again, quadratic in its length (48 MB of a line without newline took 14 s).
 */
export const MAX_LINE_CHARS = 1 << 20;

export class MetricsTail {
  private partial = '';
  /** Inside a line past MAX_LINE_CHARS: what comes before its newline is dropped. */
  private skipping = false;
  private readonly file: FileTail;

  constructor(path: string, private readonly onTick: (tick: MetricsTick) => void) {
    this.file = new FileTail(path, (text) => this.consume(text));
  }

  start(): void {
    this.file.start();
  }

  /** Reads what is left and stops following. */
  stop(): Promise<void> {
    return this.file.stop();
  }

  /** Why metrics.jsonl was not read (not a regular file), or null. */
  get refused(): string | null {
    return this.file.refused;
  }

  private consume(text: string): void {
    if (this.skipping) {
      const newline = text.indexOf('\n');
      if (newline < 0) return;
      this.skipping = false;
      text = text.slice(newline + 1);
    }
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    if (this.partial.length > MAX_LINE_CHARS) [this.partial, this.skipping] = ['', true];
    for (const line of lines) {
      const tick = parseTick(line);
      if (tick) this.onTick(tick);
    }
  }
}
