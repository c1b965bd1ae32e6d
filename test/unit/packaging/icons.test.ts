// The app icon: every PNG electron-builder packages is rendered from build/icon.svg at its size,
// with the artwork on a transparent background.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');
const out = mkdtempSync(join(tmpdir(), 'gmpw-icons-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  /** Alpha (0–255) at x, y; 8-bit RGBA only. */
  alpha(x: number, y: number): number;
}

/** A minimal PNG reader: the header and, for 8-bit RGBA, the unfiltered pixels. */
function readPng(file: string): Png {
  const png = readFileSync(file);
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= 4 ? pixels[y * stride + i - 4]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i]! : 0;
      const c = i >= 4 && y > 0 ? pixels[(y - 1) * stride + i - 4]! : 0;
      const paeth = () => {
        const p = a + b - c;
        const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      };
      const predictor = [0, a, b, (a + b) >> 1, filter === 4 ? paeth() : 0][filter]!;
      pixels[y * stride + i] = (x + predictor) & 0xff;
    }
  }
  return { width, height, bitDepth: png[24]!, colorType: png[25]!, alpha: (x, y) => pixels[y * stride + x * 4 + 3]! };
}

it('renders every size from the SVG source: square RGBA, opaque artwork on a transparent margin', () => {
  execFileSync(process.execPath, [join(root, 'scripts', 'packaging', 'icons.mjs'), out]);
  const files = readdirSync(out).sort((a, b) => parseInt(a) - parseInt(b));
  expect(files).toEqual(['16x16.png', '24x24.png', '32x32.png', '48x48.png', '64x64.png', '128x128.png', '256x256.png', '512x512.png', '1024x1024.png']);
  for (const file of files) {
    const size = parseInt(file);
    const png = readPng(join(out, file));
    expect({ width: png.width, height: png.height, bitDepth: png.bitDepth, colorType: png.colorType }, file).toEqual({ width: size, height: size, bitDepth: 8, colorType: 6 });
    expect(png.alpha(0, 0), `${file} corner`).toBe(0);
    expect(png.alpha(size >> 1, size >> 1), `${file} centre`).toBe(255);
  }
});
