// The run's terminal: output goes to terminal.log and to listeners in the same batches (about every
// 50 ms), so a chatty target cannot flood the UI with one event per write, and the log never holds
// text whose event is still to come: a page that read the log, then got that event, showed the
// text twice (a run's first lines, as a Live page opens on them). Past a cap
// the output is no longer kept nor forwarded, and a note says so: a target printing without end
// must not fill the disk or drown the UI. A log that cannot be written (a full disk) is noted too,
// and the run goes on.
import { createWriteStream, type WriteStream } from 'node:fs';

const BATCH_MS = 50;
/** Tail of the output kept in memory for error messages and benchmark parsing. */
const KEEP_CHARS = 1 << 20;
/** Output kept in terminal.log and forwarded to listeners; the rest is only counted. */
export const MAX_LOG_CHARS = 64 << 20;

export class TerminalSink {
  private readonly log: WriteStream;
  /** Output since the last batch, for terminal.log and the listeners alike. */
  private pending = '';
  private timer: NodeJS.Timeout | null = null;
  private kept = '';
  private logged = 0;
  private dropped = 0;
  private logError: string | null = null;

  constructor(
    logPath: string,
    private readonly emit: (data: string) => void,
    private readonly maxLogChars = MAX_LOG_CHARS,
  ) {
    this.log = createWriteStream(logPath, { flags: 'a' });
    this.log.on('error', (err) => {
      this.logError ??= err.message;
      // Batched as output is; the log, failed, takes nothing more.
      this.record(`\r\ngmpw: terminal.log cannot be written (${err.message}); output is no longer kept\r\n`);
    });
  }

  readonly write = (text: string): void => {
    // Trimmed only when twice the size: trimming on every chunk copied a megabyte per chunk.
    this.kept += text;
    if (this.kept.length > 2 * KEEP_CHARS) this.kept = this.kept.slice(-KEEP_CHARS);
    const room = this.maxLogChars - this.logged;
    if (room <= 0) {
      this.dropped += text.length;
      return;
    }
    const part = text.length > room ? text.slice(0, room) : text;
    this.logged += part.length;
    this.dropped += text.length - part.length;
    this.record(part);
    if (part.length < text.length) this.record(`\r\ngmpw: output passed ${this.maxLogChars >> 20} MiB; the rest is not kept (the run goes on)\r\n`);
  };

  /** The last megabyte of output. */
  get text(): string {
    return this.kept.slice(-KEEP_CHARS);
  }

  /** Why terminal.log is incomplete, or null when it holds all the output. */
  get problem(): string | null {
    if (this.logError) return `terminal.log could not be written: ${this.logError}`;
    if (this.dropped > 0) return `terminal output passed ${this.maxLogChars >> 20} MiB; ${this.dropped} more characters were not kept`;
    return null;
  }

  private record(text: string): void {
    this.pending += text;
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  private flush(): void {
    this.timer = null;
    if (!this.pending) return;
    const data = this.pending;
    this.pending = '';
    if (!this.logError) this.log.write(data);
    this.emit(data);
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    if (this.dropped > 0) this.record(`\r\ngmpw: ${this.dropped} characters of output past the cap were not kept\r\n`);
    this.flush();
    await new Promise<void>((resolve) => (this.log.writableEnded || this.log.destroyed ? resolve() : this.log.end(resolve)));
  }
}
