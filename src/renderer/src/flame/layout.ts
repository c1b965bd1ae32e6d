// Flame-graph layout maths, independent of drawing. A tree is flattened once into preorder typed
// arrays (depth, start, width, end of subtree); a zoom or a redraw then only walks the frames that are
// at least a fraction of a pixel wide and skips whole subtrees below that, so its cost does not grow
// with the size of the profile.

export interface TreeNode {
  name: string;
  children: number[];
}

export interface FlatFlame {
  /** Number of frames (= nodes reachable from the root). */
  size: number;
  /** Node index (into the input array) of each preorder position. */
  node: Int32Array;
  depth: Int32Array;
  /** Left edge in value units, relative to the root's left edge. */
  start: Float64Array;
  width: Float64Array;
  /** Preorder position just past this frame's subtree. */
  end: Int32Array;
  /** Preorder position of the parent; -1 for the root. */
  parent: Int32Array;
  names: string[];
  maxDepth: number;
}

/**
 * Flattens a tree rooted at node 0. `value(i)` is a frame's width (its total, or base + candidate in
 * a diff). Children are laid out by name, like pprof, so two profiles of the same program line up.
 */
export function flatten(nodes: readonly TreeNode[], value: (i: number) => number): FlatFlame {
  const n = nodes.length;
  const flat: FlatFlame = {
    size: 0,
    node: new Int32Array(n),
    depth: new Int32Array(n),
    start: new Float64Array(n),
    width: new Float64Array(n),
    end: new Int32Array(n),
    parent: new Int32Array(n),
    names: new Array<string>(n),
    maxDepth: 0,
  };
  if (n === 0) return flat;
  // Each node's value is read several times below; ask for it once.
  const width = Float64Array.from(nodes, (_, i) => value(i));
  // Sorting siblings by a precomputed rank of their name is much cheaper than comparing strings
  // inside every sort.
  const distinct = [...new Set(nodes.map((node) => node.name))].sort();
  const rankOf = new Map(distinct.map((name, r) => [name, r]));
  const rank = Int32Array.from(nodes, (node) => rankOf.get(node.name)!);
  const bySiblingOrder = (a: number, b: number) => rank[a] - rank[b] || a - b;
  // Explicit stacks instead of recursion: Go stacks can be hundreds of frames deep.
  const stackNode = new Int32Array(n);
  const stackParent = new Int32Array(n);
  const stackStart = new Float64Array(n);
  const stackDepth = new Int32Array(n);
  const open = new Int32Array(n);
  stackParent[0] = -1;
  let top = 1;
  let openTop = 0;
  let pos = 0;
  while (top > 0) {
    top--;
    const i = stackNode[top];
    const depth = stackDepth[top];
    const start = stackStart[top];
    // Every open frame at this depth or deeper ended just before this position.
    while (openTop > 0 && flat.depth[open[openTop - 1]] >= depth) flat.end[open[--openTop]] = pos;
    flat.node[pos] = i;
    flat.depth[pos] = depth;
    flat.start[pos] = start;
    flat.width[pos] = width[i];
    flat.parent[pos] = stackParent[top];
    flat.names[pos] = nodes[i].name;
    if (depth > flat.maxDepth) flat.maxDepth = depth;
    open[openTop++] = pos;
    const children = nodes[i].children.length > 1 ? [...nodes[i].children].sort(bySiblingOrder) : nodes[i].children;
    // Pushed last child first so the first child is visited first; offsets still run left to right.
    let offset = start;
    for (const c of children) offset += width[c];
    for (let k = children.length - 1; k >= 0; k--) {
      const c = children[k];
      offset -= width[c];
      stackNode[top] = c;
      stackParent[top] = pos;
      stackStart[top] = offset;
      stackDepth[top] = depth + 1;
      top++;
    }
    pos++;
  }
  while (openTop > 0) flat.end[open[--openTop]] = pos;
  flat.size = pos;
  return flat;
}

export interface VisibleFrames {
  count: number;
  /** Preorder position of each visible frame. */
  pos: Int32Array;
  /** Left edge and width in pixels. */
  x: Float32Array;
  w: Float32Array;
}

/**
 * Frames to draw when `zoom` (a preorder position) fills `widthPx`: the zoomed frame's ancestors at
 * full width, then its subtree scaled, skipping any subtree narrower than `minPx`.
 */
export function visibleFrames(flat: FlatFlame, zoom: number, widthPx: number, minPx = 0.5): VisibleFrames {
  const capacity = flat.size;
  const out: VisibleFrames = { count: 0, pos: new Int32Array(capacity), x: new Float32Array(capacity), w: new Float32Array(capacity) };
  if (flat.size === 0 || flat.width[zoom] <= 0) return out;
  const push = (p: number, x: number, w: number) => {
    out.pos[out.count] = p;
    out.x[out.count] = x;
    out.w[out.count] = w;
    out.count++;
  };
  for (let a = flat.parent[zoom]; a >= 0; a = flat.parent[a]) push(a, 0, widthPx);
  const scale = widthPx / flat.width[zoom];
  const origin = flat.start[zoom];
  let p = zoom;
  const end = flat.end[zoom];
  while (p < end) {
    const w = flat.width[p] * scale;
    if (w < minPx) {
      p = flat.end[p];
      continue;
    }
    push(p, (flat.start[p] - origin) * scale, w);
    p++;
  }
  return out;
}

/** "github.com/x/y.(*T).Serve" → "y.(*T).Serve": the package path is noise inside a small box. */
export function shortName(name: string): string {
  const slash = name.lastIndexOf('/', name.indexOf('(') >= 0 ? name.indexOf('(') : name.length);
  return slash >= 0 ? name.slice(slash + 1) : name;
}

/**
 * Builds a matcher from a search box: `/re/` is a regular expression, anything else a
 * case-insensitive substring. A frame matches by its full name or by the short name drawn in its box,
 * so `/^scenarios\./` finds github.com/…/scenarios.X as the user sees it.
 */
export function nameMatcher(query: string): ((name: string) => boolean) | null {
  const q = query.trim();
  if (!q) return null;
  const re = /^\/(.+)\/([a-z]*)$/.exec(q);
  let test: (name: string) => boolean;
  if (re) {
    let compiled: RegExp;
    try {
      compiled = new RegExp(re[1], re[2].includes('i') ? 'i' : '');
    } catch {
      return null;
    }
    test = (name) => compiled.test(name);
  } else {
    const lower = q.toLowerCase();
    test = (name) => name.toLowerCase().includes(lower);
  }
  return (name) => test(name) || test(shortName(name));
}

export interface SearchResult {
  /** 1 for each preorder position whose name matches. */
  matched: Uint8Array;
  matchCount: number;
  /** Share of the root's width under matching frames, counting nested matches once (pprof's "matched %"). */
  share: number;
}

export function searchFrames(flat: FlatFlame, matches: (name: string) => boolean): SearchResult {
  const matched = new Uint8Array(flat.size);
  let matchCount = 0;
  let covered = 0;
  let insideUntil = -1;
  for (let p = 0; p < flat.size; p++) {
    if (!matches(flat.names[p])) continue;
    matched[p] = 1;
    matchCount++;
    if (p >= insideUntil) {
      covered += flat.width[p];
      insideUntil = flat.end[p];
    }
  }
  const root = flat.size > 0 ? flat.width[0] : 0;
  return { matched, matchCount, share: root > 0 ? covered / root : 0 };
}

/** Preorder positions from the root down to `p`, for a breadcrumb. */
export function pathTo(flat: FlatFlame, p: number): number[] {
  const path: number[] = [];
  for (let a = p; a >= 0; a = flat.parent[a]) path.push(a);
  return path.reverse();
}
