import { describe, expect, it } from 'vitest';
import { flatten, nameMatcher, pathTo, searchFrames, visibleFrames } from './layout';
import type { ValueNode } from './sandwich';

// root(100) ─┬─ main.b(60) ── runtime.x(20)
//            └─ main.a(30) ── main.c(30)
// (children listed out of name order on purpose)
const tree: ValueNode[] = [
  { name: 'root', self: 10, total: 100, children: [1, 3] },
  { name: 'main.b', self: 40, total: 60, children: [2] },
  { name: 'runtime.x', self: 20, total: 20, children: [] },
  { name: 'main.a', self: 0, total: 30, children: [4] },
  { name: 'main.c', self: 30, total: 30, children: [] },
];

const flatTree = () => flatten(tree, (i) => tree[i].total);

describe('flatten', () => {
  it('lays out children by name, each after the previous sibling', () => {
    const f = flatTree();
    expect(f.size).toBe(5);
    expect(f.names).toEqual(['root', 'main.a', 'main.c', 'main.b', 'runtime.x']);
    expect([...f.depth]).toEqual([0, 1, 2, 1, 2]);
    expect([...f.start]).toEqual([0, 0, 0, 30, 30]);
    expect([...f.width]).toEqual([100, 30, 30, 60, 20]);
    expect([...f.end]).toEqual([5, 3, 3, 5, 5]);
    expect([...f.parent]).toEqual([-1, 0, 1, 0, 3]);
    expect(f.maxDepth).toBe(2);
  });
  it('handles an empty tree', () => {
    expect(flatten([], () => 0).size).toBe(0);
  });
  it('handles stacks deeper than the JS call stack', () => {
    const deep: ValueNode[] = Array.from({ length: 20_000 }, (_, i) => ({ name: `f${i}`, self: 0, total: 1, children: i < 19_999 ? [i + 1] : [] }));
    const f = flatten(deep, () => 1);
    expect(f.maxDepth).toBe(19_999);
    expect(f.end[0]).toBe(20_000);
  });
});

describe('visibleFrames', () => {
  it('scales the whole tree to the width', () => {
    const v = visibleFrames(flatTree(), 0, 1000);
    expect(v.count).toBe(5);
    expect([...v.x.slice(0, 5)]).toEqual([0, 0, 0, 300, 300]);
    expect([...v.w.slice(0, 5)]).toEqual([1000, 300, 300, 600, 200]);
  });
  it('zooms a frame to full width and keeps its ancestors full width', () => {
    const f = flatTree();
    const v = visibleFrames(f, 3, 600); // main.b
    const frames = Array.from({ length: v.count }, (_, k) => [f.names[v.pos[k]], v.x[k], v.w[k]]);
    expect(frames).toEqual([
      ['root', 0, 600],
      ['main.b', 0, 600],
      ['runtime.x', 0, 200],
    ]);
  });
  it('skips subtrees narrower than the minimum', () => {
    const v = visibleFrames(flatTree(), 0, 10, 2.5); // main.a is 3 px, runtime.x 2 px
    const f = flatTree();
    expect(Array.from(v.pos.slice(0, v.count), (p) => f.names[p])).toEqual(['root', 'main.a', 'main.c', 'main.b']);
  });
});

describe('search', () => {
  it('counts nested matches once in the matched share', () => {
    const f = flatTree();
    const r = searchFrames(f, nameMatcher('main.')!);
    expect(r.matchCount).toBe(3);
    expect(r.share).toBeCloseTo(0.9);
  });
  it('supports /regex/ and ignores case for substrings', () => {
    expect(nameMatcher('/^runtime\\./')!('runtime.x')).toBe(true);
    expect(nameMatcher('/^runtime\\./')!('main.runtime')).toBe(false);
    expect(nameMatcher('MAIN')!('main.a')).toBe(true);
    expect(nameMatcher('  ')).toBeNull();
    expect(nameMatcher('/[/')).toBeNull();
  });
  it('matches a function by the short name its box shows, not only by its import path', () => {
    const full = 'github.com/gmp-workbench/gmp-workbench/resources/go/scenarios.(*hog).spin';
    expect(nameMatcher('/^scenarios\\./')!(full)).toBe(true);
    expect(nameMatcher('/^scenarios\\.\\(\\*hog\\)\\.spin$/')!(full)).toBe(true);
    expect(nameMatcher('scenarios.(*hog)')!(full)).toBe(true);
    expect(nameMatcher('/^scenarios\\./')!('github.com/x/notscenarios.f')).toBe(false);
  });
  it('gives the path from the root for a breadcrumb', () => {
    const f = flatTree();
    expect(pathTo(f, 4).map((p) => f.names[p])).toEqual(['root', 'main.b', 'runtime.x']);
  });
});
