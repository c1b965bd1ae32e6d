import { describe, expect, it } from 'vitest';
import { sandwich, type ValueNode } from './sandwich';

describe('sandwich', () => {
  // root ─┬─ a ── f ── f ── g      f is recursive under a
  //       └─ b ── f ── h
  const nodes: ValueNode[] = [
    { name: 'root', self: 0, total: 10, children: [1, 5] },
    { name: 'a', self: 0, total: 6, children: [2] },
    { name: 'f', self: 1, total: 6, children: [3] },
    { name: 'f', self: 2, total: 5, children: [4] },
    { name: 'g', self: 3, total: 3, children: [] },
    { name: 'b', self: 0, total: 4, children: [6] },
    { name: 'f', self: 1, total: 4, children: [7] },
    { name: 'h', self: 3, total: 3, children: [] },
  ];
  it('merges callers by path and counts recursion once', () => {
    const s = sandwich(nodes, 'f');
    expect(s.occurrences).toBe(2);
    expect(s.callers[0]).toMatchObject({ name: 'f', total: 10 });
    expect(s.callers[0].children.map((c) => [s.callers[c].name, s.callers[c].total])).toEqual([['a', 6], ['b', 4]]);
  });
  it('merges callees below the function', () => {
    const s = sandwich(nodes, 'f');
    expect(s.callees[0]).toMatchObject({ name: 'f', total: 10, self: 2 });
    const kids = s.callees[0].children.map((c) => s.callees[c]);
    expect(kids.map((k) => [k.name, k.total])).toEqual([['f', 5], ['h', 3]]);
  });
});
