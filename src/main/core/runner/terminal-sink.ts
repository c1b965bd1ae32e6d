// The run's terminal: every chunk goes to terminal.log as it arrives, and to listeners in batches
// (about every 50 ms) so a chatty target cannot flood the UI with one event per write.
import { createWriteStream, type WriteStream } from 'node:fs';

const BATCH_MS = 50;
/** Tail of the output kept in memory for error messages and benchmark parsing. */
const KEEP_CHARS = 1 << 20;

export class TerminalSink {
  private readonly log: WriteStream;
  private pending = '';
  private timer: NodeJS.Timeout | null = null;
  private kept = '';

  constructor(
    logPath: string,
    private readonly emit: (data: string) => void,
  ) {
    this.log = createWriteStream(logPath, { flags: 'a' });
  }

  readonly write = (text: string): void => {
    this.log.write(text);
    this.kept = (this.kept + text).slice(-KEEP_CHARS);
    this.pending += text;
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  };

  /** The last megabyte of output. */
  get text(): string {
    return this.kept;
  }

  private flush(): void {
    this.timer = null;
    if (this.pending) {
      const data = this.pending;
      this.pending = '';
      this.emit(data);
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.flush();
    await new Promise<void>((resolve) => this.log.end(resolve));
  }
}
