import { describe, expect, it } from 'vitest';
import { cellOf, experimentCells, parseTick } from './domain';

describe('experiment cells', () => {
  it('names cells without their repetition, in grid order', () => {
    expect(cellOf('GOMAXPROCS=2 concurrency=100 #12')).toBe('GOMAXPROCS=2 concurrency=100');
    expect(experimentCells([{ cell: 'B #1' }, { cell: 'A #1' }, { cell: null }, { cell: 'B #2' }])).toEqual(['B', 'A']);
  });
});

describe('parseTick', () => {
  it('reads a metrics.jsonl line, and gives null for a blank, cut or foreign one', () => {
    const line = JSON.stringify({ schema: 1, t: 0.1, phase: 'measure', ops: 10, gauges: { g: 1 }, hist: {} });
    expect(parseTick(line)).toEqual({ t: 0.1, phase: 'measure', ops: 10, gauges: { g: 1 }, hist: {} });
    expect(parseTick('  ')).toBeNull();
    expect(parseTick(line.slice(0, 20))).toBeNull();
    expect(parseTick('{"t":"soon"}')).toBeNull();
  });
});
