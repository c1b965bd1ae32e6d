// Folding the workbench's own frames out of the way in a user's program: the harness (stress.Main,
// its sampler and capture goroutines) and the execution tracer (runtime/trace and the runtime's trace
// writer) run in every measured process, but are not what the user came to look at.
import { isTracerFunction } from '../../../shared/tracer-frames';
import { Trie, type ValueNode } from './sandwich';

export type FoldGroup = 'harness' | 'tracer';

/** The box a folded chain of frames becomes. */
export const FOLDED_NAME: Record<FoldGroup, string> = { harness: '[harness: stress]', tracer: '[execution tracer]' };

const HARNESS_PREFIX = 'github.com/gmp-workbench/gmp-workbench/resources/go/stress.';

function foldGroupOf(name: string): FoldGroup | null {
  if (name.startsWith(HARNESS_PREFIX)) return 'harness';
  if (isTracerFunction(name)) return 'tracer';
  return null;
}

/** Whether folding would change anything: the option is offered only then. */
export function hasFoldableFrames(nodes: readonly ValueNode[]): boolean {
  return nodes.some((n) => foldGroupOf(n.name) !== null);
}

/**
 * A copy of the tree (rooted at node 0) where each chain of consecutive harness frames is one
 * frame, whose callees (the user's code the harness calls) stay below it, and each tracer frame is
 * one frame holding its whole subtree as self: what the tracer calls is tracer work. Siblings that
 * become the same frame merge, so totals are unchanged.
 */
export function foldFrames(nodes: readonly ValueNode[]): ValueNode[] {
  if (nodes.length === 0) return [];
  const out = new Trie(nodes[0].name);
  out.nodes[0].self = nodes[0].self;
  out.nodes[0].total = nodes[0].total;
  // Explicit stack: Go stacks can be hundreds of frames deep.
  const work: Array<[from: number, into: number, group: FoldGroup | null]> = nodes[0].children.map((c) => [c, 0, null]);
  while (work.length > 0) {
    const [from, into, parentGroup] = work.pop()!;
    const node = nodes[from];
    const group = foldGroupOf(node.name);
    const continuesChain = group === 'harness' && parentGroup === 'harness';
    const at = continuesChain ? into : out.child(into, group ? FOLDED_NAME[group] : node.name);
    if (group === 'tracer') {
      // Its callees are not walked: their time is this frame's.
      out.nodes[at].total += node.total;
      out.nodes[at].self += node.total;
      continue;
    }
    if (!continuesChain) out.nodes[at].total += node.total;
    out.nodes[at].self += node.self;
    for (const c of node.children) work.push([c, at, group]);
  }
  return out.nodes;
}
