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
    expect(topBySelf(nodes)).toEqual([{ name: 'f', self: 8 }, { name: 'g', self: 2 }]);
  });
});
