import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MetricsTick } from '../../../shared/domain';
import { MAX_LINE_CHARS, MetricsTail } from './metrics-tail';

describe('metrics tail', () => {
  const tick = (t: number) => JSON.stringify({ schema: 1, t, phase: 'measure', ops: t * 10, gauges: {}, hist: {} });

  it('emits complete lines as they are written and ignores a cut last line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gmpw-tail-'));
    const file = join(dir, 'metrics.jsonl');
    const seen: MetricsTick[] = [];
    const tail = new MetricsTail(file, (t) => seen.push(t));
    tail.start();
    writeFileSync(file, `${tick(0.1)}\n${tick(0.2)}\n`);
    await new Promise((r) => setTimeout(r, 250));
    expect(seen.map((t) => t.t)).toEqual([0.1, 0.2]);
    // A line written in two pieces is read once it is whole; a killed writer leaves a cut line.
    const third = tick(0.3);
    appendFileSync(file, third.slice(0, 10));
    await new Promise((r) => setTimeout(r, 250));
    appendFileSync(file, `${third.slice(10)}\n{"schema":1,"t":0.4,"pha`);
    await tail.stop();
    expect(seen.map((t) => t.t)).toEqual([0.1, 0.2, 0.3]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('drops a line too long to be a tick (kept, it was re-split at every read) and reads the ticks after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gmpw-tail-'));
    const file = join(dir, 'metrics.jsonl');
    const seen: MetricsTick[] = [];
    const tail = new MetricsTail(file, (t) => seen.push(t));
    tail.start();
    writeFileSync(file, `${tick(0.1)}\n`);
    // 48 MiB without a newline, written in 1 MiB pieces.
    const piece = 'x'.repeat(1 << 20);
    for (let i = 0; i < 48; i++) appendFileSync(file, piece);
    appendFileSync(file, `\n${tick(0.2)}\n`);
    await tail.stop();
    expect(seen.map((t) => t.t)).toEqual([0.1, 0.2]);
    expect(48 << 20).toBeGreaterThan(MAX_LINE_CHARS);
    rmSync(dir, { recursive: true, force: true });
  });
});
