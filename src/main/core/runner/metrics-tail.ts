// Follows metrics.jsonl while the target writes it, one tick per complete line. A line without its
// newline yet is left for the next read; at the end a cut last line (a killed process) is ignored.
import { parseTick, type MetricsTick } from '../../../shared/domain';
import { FileTail } from './file-tail';

export class MetricsTail {
  private partial = '';
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
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      const tick = parseTick(line);
      if (tick) this.onTick(tick);
    }
  }
}
