// The sandwich view of one function: who calls it (callers, merged by call path) and what it calls
// (callees, its subtrees merged). Recursive calls are counted once, at the outermost occurrence,
// so the function's total here equals its total in the whole profile.

export interface ValueNode {
  name: string;
  self: number;
  total: number;
  children: number[];
}

export interface Sandwich {
  callers: ValueNode[];
  callees: ValueNode[];
  /** How often the function occurs outermost on a stack (how many subtrees were merged). */
  occurrences: number;
}

/** A tree built by inserting paths and merging children of the same name. */
export class Trie {
  readonly nodes: ValueNode[] = [];
  private readonly childByName: Array<Map<string, number>> = [];

  constructor(rootName: string) {
    this.add(rootName);
  }

  add(name: string): number {
    this.nodes.push({ name, self: 0, total: 0, children: [] });
    this.childByName.push(new Map());
    return this.nodes.length - 1;
  }

  child(parent: number, name: string): number {
    const existing = this.childByName[parent].get(name);
    if (existing !== undefined) return existing;
    const created = this.add(name);
    this.childByName[parent].set(name, created);
    this.nodes[parent].children.push(created);
    return created;
  }
}

function parentsOf(nodes: readonly ValueNode[]): Int32Array {
  const parent = new Int32Array(nodes.length).fill(-1);
  nodes.forEach((n, i) => n.children.forEach((c) => (parent[c] = i)));
  return parent;
}

export function sandwich(nodes: readonly ValueNode[], fn: string): Sandwich {
  const parent = parentsOf(nodes);
  const callers = new Trie(fn);
  const callees = new Trie(fn);
  let occurrences = 0;

  const hasAncestorNamed = (i: number): boolean => {
    for (let a = parent[i]; a >= 0; a = parent[a]) if (nodes[a].name === fn) return true;
    return false;
  };

  // Copies the subtree below `from` into the callee trie below `into`, merging by name.
  const mergeSubtree = (from: number, into: number) => {
    const work: Array<[number, number]> = [[from, into]];
    while (work.length > 0) {
      const [src, dst] = work.pop()!;
      for (const c of nodes[src].children) {
        const target = callees.child(dst, nodes[c].name);
        callees.nodes[target].total += nodes[c].total;
        callees.nodes[target].self += nodes[c].self;
        work.push([c, target]);
      }
    }
  };

  for (let i = 1; i < nodes.length; i++) {
    if (nodes[i].name !== fn || hasAncestorNamed(i)) continue;
    occurrences++;
    const { total } = nodes[i];
    callers.nodes[0].total += total;
    callees.nodes[0].total += total;
    // Recursive occurrences keep their self time as frames named `fn` below the root.
    callees.nodes[0].self += nodes[i].self;
    mergeSubtree(i, 0);
    let at = 0;
    for (let a = parent[i]; a > 0; a = parent[a]) {
      at = callers.child(at, nodes[a].name);
      callers.nodes[at].total += total;
    }
  }
  // Callers' self: the part of each caller path that ends there (its own callers are unknown).
  for (const n of callers.nodes) n.self = n.total - n.children.reduce((s, c) => s + callers.nodes[c].total, 0);
  return { callers: callers.nodes, callees: callees.nodes, occurrences };
}
