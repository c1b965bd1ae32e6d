import { describe, expect, it } from 'vitest';
import { captureFile, capturesNotKept } from './captures';

describe('the files of captures', () => {
  it("names each capture's file as the harness and go test write it", () => {
    expect(['cpu', 'heap', 'allocs', 'goroutine', 'trace', 'flight'].map((k) => captureFile(k as never, 'scenario'))).toEqual(['cpu.pprof', 'heap.pprof', 'allocs.pprof', 'goroutine.pprof', 'trace.out', 'flight.trace']);
    // go test -memprofile writes the one memory profile, which the allocs capture asks for too.
    expect(captureFile('allocs', 'bench')).toBe('heap.pprof');
  });

  it('finds the captures an ended run did not keep', () => {
    expect(capturesNotKept(['trace', 'cpu', 'allocs'], 'scenario', ['cpu.pprof', 'terminal.log'])).toEqual(['trace', 'allocs']);
    expect(capturesNotKept(['allocs', 'cpu'], 'bench', ['heap.pprof', 'cpu.pprof'])).toEqual([]);
  });
});
