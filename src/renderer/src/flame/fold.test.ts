import { describe, expect, it } from 'vitest';
import { FOLDED_NAME, foldFrames, hasFoldableFrames } from './fold';
import type { ValueNode } from './sandwich';

const S = 'github.com/gmp-workbench/gmp-workbench/resources/go/stress.';

// root(100) ─┬─ stress.Main(70) ── stress.(*runner).loop(70) ─┬─ main.work(50) ── runtime.mallocgc(10)
//            │                                               └─ stress.sample(20)
//            ├─ runtime/trace.(*traceAdvancer).start.func1(20) ── runtime.traceAdvance(20)
//            └─ runtime.traceReader(10)
const tree: ValueNode[] = [
  { name: 'root', self: 0, total: 100, children: [1, 6, 8] },
  { name: `${S}Main`, self: 0, total: 70, children: [2] },
  { name: `${S}(*runner).loop`, self: 0, total: 70, children: [3, 5] },
  { name: 'main.work', self: 40, total: 50, children: [4] },
  { name: 'runtime.mallocgc', self: 10, total: 10, children: [] },
  { name: `${S}sample`, self: 20, total: 20, children: [] },
  { name: 'runtime/trace.(*traceAdvancer).start.func1', self: 0, total: 20, children: [7] },
  { name: 'runtime.traceAdvance', self: 20, total: 20, children: [] },
  { name: 'runtime.traceReader', self: 10, total: 10, children: [] },
];

/** Each frame as "path: self/total", for a readable comparison. */
function paths(nodes: ValueNode[]): string[] {
  const out: string[] = [];
  const walk = (i: number, prefix: string) => {
    const path = prefix ? `${prefix} > ${nodes[i].name}` : nodes[i].name;
    out.push(`${path}: ${nodes[i].self}/${nodes[i].total}`);
    nodes[i].children.forEach((c) => walk(c, path));
  };
  walk(0, '');
  return out.sort();
}

describe('folding harness and tracer frames', () => {
  it("folds a harness chain into one frame above the user's code, and each tracer subtree into one frame", () => {
    const H = FOLDED_NAME.harness;
    const T = FOLDED_NAME.tracer;
    expect(paths(foldFrames(tree))).toEqual(
      [
        'root: 0/100',
        `root > ${H}: 20/70`,
        `root > ${H} > main.work: 40/50`,
        `root > ${H} > main.work > runtime.mallocgc: 10/10`,
        // Two tracer roots become one frame: siblings that fold alike merge.
        `root > ${T}: 30/30`,
      ].sort(),
    );
  });
  it('changes nothing in a tree without such frames, and says so', () => {
    const plain = [tree[0], tree[3], tree[4]].map((n, i) => ({ ...n, children: i < 2 ? [i + 1] : [] }));
    plain[0] = { ...plain[0], total: 50 };
    expect(hasFoldableFrames(plain)).toBe(false);
    expect(paths(foldFrames(plain))).toEqual(paths(plain));
    expect(hasFoldableFrames(tree)).toBe(true);
  });
});
