// Follows a file another writer appends to (a run's terminal.log or metrics.jsonl), handing on its
// new text as it arrives, decoded as UTF-8 across chunk boundaries.
import { statSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { NotRegularFile, openRegularFile } from '../regular-file';

const POLL_MS = 100;

export interface FileTailOptions {
  /**
   * Skip what the file holds when start() is called: for a reader that fetched that part itself
   * (a page that asked for the terminal so far) and wants only what comes next.
   */
  fromEnd?: boolean;
}

export class FileTail {
  private offset = 0;
  private readonly decoder = new StringDecoder('utf8');
  private readonly chunk = Buffer.allocUnsafe(1 << 16);
  /** Kept open once the file exists: the writer only appends to it. */
  private file: FileHandle | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> = Promise.resolve();
  /** Why the file is not followed: it is there but no regular file (a FIFO would block every read). */
  refused: string | null = null;

  constructor(
    private readonly path: string,
    private readonly onText: (text: string) => void,
    private readonly options: FileTailOptions = {},
  ) {}

  start(): void {
    if (this.options.fromEnd) this.offset = statSync(this.path, { throwIfNoEntry: false })?.size ?? 0;
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
    if (this.refused) return;
    if (!this.file) {
      try {
        this.file = await openRegularFile(this.path);
      } catch (err) {
        if (err instanceof NotRegularFile) this.refused = err.message;
        return; // or not created yet
      }
    }
    for (;;) {
      const { bytesRead } = await this.file.read(this.chunk, 0, this.chunk.length, this.offset);
      if (bytesRead === 0) break;
      this.offset += bytesRead;
      const text = this.decoder.write(this.chunk.subarray(0, bytesRead));
      if (text) this.onText(text);
    }
  }
}
