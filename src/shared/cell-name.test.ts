import { describe, expect, it } from 'vitest';
import { cellDimensions, cellOf, experimentCells, formatCell, isDimension, repetitionOf, typedCell, withDimension, withoutDimensions } from './cell-name';

describe('experiment cells', () => {
  it('names cells without their repetition, in grid order', () => {
    expect(cellOf('GOMAXPROCS=2 concurrency=100 #12')).toBe('GOMAXPROCS=2 concurrency=100');
    expect(experimentCells([{ cell: 'B #1' }, { cell: 'A #1' }, { cell: null }, { cell: 'B #2' }])).toEqual(['B', 'A']);
  });

  it('takes a cell as a person names it: the Go release in any spelling a plan takes', () => {
    expect(typedCell('go=1.24.x GOMAXPROCS=2')).toBe('go=go1.24.x GOMAXPROCS=2');
    expect(typedCell(' go=go1.22.12 cpu=0.5 #3 ')).toBe('go=go1.22.12 cpu=0.5');
    expect(typedCell('go=local GOMAXPROCS=2')).toBe('go=local GOMAXPROCS=2');
    // No release: left as typed, for the "no cell" error to quote.
    expect(typedCell('go=1.2 GOMAXPROCS=2')).toBe('go=1.2 GOMAXPROCS=2');
    expect(typedCell('GOMAXPROCS=2 concurrency=1')).toBe('GOMAXPROCS=2 concurrency=1');
  });

  it('reads and rewrites dimensions, keeping the repetition', () => {
    const cell = 'go=go1.24.x GOMAXPROCS=2 concurrency=8 cpu=0.5 #3';
    expect(formatCell([['GOMAXPROCS', 2], ['concurrency', 8]], 3)).toBe('GOMAXPROCS=2 concurrency=8 #3');
    expect(cellDimensions(cell)).toEqual({ go: 'go1.24.x', GOMAXPROCS: '2', concurrency: '8', cpu: '0.5' });
    expect(repetitionOf(cell)).toBe('#3');
    expect(repetitionOf('GOMAXPROCS=2')).toBeNull();
    expect(withDimension(cell, 'go', 'go1.24.13')).toBe('go=go1.24.13 GOMAXPROCS=2 concurrency=8 cpu=0.5 #3');
    expect(withDimension(cell, 'host', 'lab')).toBe(cell);
    expect(withoutDimensions(cell, ['GOMAXPROCS', 'concurrency'])).toBe('go=go1.24.x cpu=0.5 #3');
    expect([isDimension('cpu=0.5'), isDimension('#3'), isDimension('cpu=')]).toEqual([true, false, false]);
  });
});
