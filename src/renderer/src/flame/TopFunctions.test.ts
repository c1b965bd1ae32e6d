import { describe, expect, it } from 'vitest';
import { topBySelf } from './TopFunctions';

describe('top functions', () => {
  it('sums self time per function across call sites, largest first', () => {
    const nodes = [
      { name: 'root', file: '', self: 0, total: 10, children: [1, 2] },
      { name: 'f', file: '', self: 3, total: 3, children: [] },
      { name: 'g', file: '', self: 2, total: 7, children: [3] },
      { name: 'f', file: '', self: 5, total: 5, children: [] },
    ];
    expect(topBySelf(nodes)).toEqual([{ name: 'f', self: 8, cum: 8 }, { name: 'g', self: 2, cum: 7 }]);
  });

  it('counts a recursive function once per stack in its cumulative value', () => {
    // root → f → f → g, and root → g
    const nodes = [
      { name: 'root', self: 0, total: 10, children: [1, 4] },
      { name: 'f', self: 1, total: 6, children: [2] },
      { name: 'f', self: 2, total: 5, children: [3] },
      { name: 'g', self: 3, total: 3, children: [] },
      { name: 'g', self: 4, total: 4, children: [] },
    ];
    expect(topBySelf(nodes)).toEqual([
      { name: 'g', self: 7, cum: 7 },
      { name: 'f', self: 3, cum: 6 },
    ]);
  });
});
