// Reports embed pruned profile trees: frames thinner than a share of the whole are left out (as
// pprof's node fraction does), which keeps a report of several runs to a few megabytes while every
// frame a reader can see or click keeps its exact values.

interface Node {
  children: number[];
}

/**
 * The tree rooted at node 0 without the subtrees whose weight is below `minShare` of the root's.
 * Kept nodes are renumbered in preorder; their values are untouched, so a parent may now be wider
 * than its children (the gap is what was pruned).
 */
export function pruneTree<N extends Node>(nodes: readonly N[], weight: (node: N) => number, minShare: number): N[] {
  if (nodes.length === 0) return [];
  const limit = weight(nodes[0]) * minShare;
  const kept: N[] = [];
  // Explicit stack: Go stacks can be hundreds of frames deep. Each entry is an input node and the
  // output slot of its parent (-1 for the root).
  const stack: Array<[number, number]> = [[0, -1]];
  while (stack.length > 0) {
    const [index, parent] = stack.pop()!;
    const slot = kept.length;
    kept.push({ ...nodes[index], children: [] });
    if (parent >= 0) kept[parent].children.push(slot);
    const children = nodes[index].children.filter((c) => weight(nodes[c]) >= limit);
    for (let k = children.length - 1; k >= 0; k--) stack.push([children[k], slot]);
  }
  return kept;
}
