// Follows metrics.jsonl while the target writes it, one tick per complete line. A line without its
// newline yet is left for the next read; at the end a cut last line (a killed process) is ignored.
import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { parseTick, type MetricsTick } from '../../../shared/domain';

const POLL_MS = 100;

export class MetricsTail {
  private offset = 0;
  private partial = '';
  private readonly decoder = new StringDecoder('utf8');
  private readonly chunk = Buffer.allocUnsafe(1 << 16);
  /** Kept open once the file exists: the target only appends to it. */
  private file: FileHandle | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly onTick: (tick: MetricsTick) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.poll(), POLL_MS);
  }

  /** Reads what is left and stops following. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.poll();
    await this.reading;
    await this.file?.close();
    this.file = null;
  }

  private poll(): void {
    this.reading = this.reading.then(() => this.readMore()).catch(() => undefined);
  }

  private async readMore(): Promise<void> {
    if (!this.file) {
      try {
        this.file = await open(this.path, 'r');
      } catch {
        return; // not created yet
      }
    }
    for (;;) {
      const { bytesRead } = await this.file.read(this.chunk, 0, this.chunk.length, this.offset);
      if (bytesRead === 0) break;
      this.offset += bytesRead;
      this.consume(this.decoder.write(this.chunk.subarray(0, bytesRead)));
    }
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
