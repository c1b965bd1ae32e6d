// A real decompression bomb: gzip of a run of zeros, streamed so that making it needs no memory.
// 1 GiB of zeros gives a file of about 1 MB.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

export const GIB = 1 << 30;

export async function writeGzipBomb(path: string, decompressedBytes = GIB): Promise<void> {
  const chunk = Buffer.alloc(1 << 20);
  async function* zeros() {
    for (let left = decompressedBytes; left > 0; left -= chunk.length) yield left >= chunk.length ? chunk : chunk.subarray(0, left);
  }
  await pipeline(Readable.from(zeros()), createGzip({ level: 9 }), createWriteStream(path));
}
