// The end of a possibly huge text file (a run's terminal.log can grow to gigabytes): read only the
// last bytes, start at a line boundary, and say how much was left out.
import { basename } from 'node:path';
import { NotRegularFile, openRegularFile } from '../regular-file';

export const TERMINAL_TAIL_BYTES = 1 << 20;

export async function readTail(path: string, maxBytes = TERMINAL_TAIL_BYTES): Promise<string | null> {
  let file;
  try {
    // A run's target writes in its folder: what it left there is read only as a regular file (the
    // open of a FIFO would wait for a writer, holding one of the threads all file reads share).
    file = await openRegularFile(path, { followLink: false });
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return null;
    if (err instanceof NotRegularFile || (err as { code?: string }).code === 'ELOOP') return `[${basename(path)} is ${err instanceof NotRegularFile ? err.what : 'a symbolic link'}, not a regular file: not read]`;
    throw err;
  }
  try {
    const { size } = await file.stat();
    const start = Math.max(0, size - maxBytes);
    const buffer = Buffer.alloc(size - start);
    await file.read(buffer, 0, buffer.length, start);
    if (start === 0) return buffer.toString('utf8');
    // Skip the partial first line (which may also start inside a multi-byte character).
    const newline = buffer.indexOf(0x0a);
    const from = newline >= 0 ? newline + 1 : 0;
    return `[… ${start + from} earlier bytes not shown …]\n${buffer.subarray(from).toString('utf8')}`;
  } finally {
    await file.close();
  }
}
