// Differential flame tree (docs/ARCHITECTURE.md §6): the union of two trees by call path, each side divided by
// its own scale (the seconds it covers, the ops of the measured window, or its total) so runs of different length or speed compare fairly,
// plus the functions that vanished from or appeared in the candidate, each with the odds that
// chance alone explains it.
import { UserError } from '../errors';
import type { ChangedByChance, DiffFlameTree, FlameTree, Normalisation } from '../../../shared/domain';

export interface DiffSide {
  tree: FlameTree;
  /** What one unit of the normalisation is for this run: seconds (per-second) or ops (per-op); ignored for share. */
  per: number;
  /** That unit in words, for the reader. */
  basis: string;
}

type DiffNode = DiffFlameTree['nodes'][number];

function divisor(side: DiffSide, normalisation: Normalisation): number {
  const d = normalisation === 'share' ? side.tree.total : side.per;
  return d > 0 ? d : 1; // an empty profile or a run without ops: show raw zeros rather than NaN
}

function unitOf(unit: string, normalisation: Normalisation): string {
  if (normalisation === 'share') return 'share';
  return normalisation === 'per-second' ? `${unit}/s` : `${unit}/op`;
}

/**
 * A function seen in one profile only is listed as a change when chance alone would put all its
 * samples in one profile, either one, at most this often. Strict, because a diff tests every function
 * at once: the stricter the level, the fewer functions listed by chance alone.
 */
const CHANCE_LEVEL = 0.01;

interface FunctionTotals {
  self: number;
  total: number;
  /** The samples whose stack holds the function, each counted once however often it recurses. */
  count: number;
}

/**
 * Per function: its self value, and its total value and samples counted once per stack even when it
 * recurses. Walked with a stack of its own: an imported profile's stacks can be thousands deep, past
 * what recursion takes.
 */
function functionTotals(tree: FlameTree): Map<string, FunctionTotals> {
  const out = new Map<string, FunctionTotals>();
  const onPath = new Map<string, number>();
  /** Each subtree's samples, filled as the walk leaves it. */
  const samples = new Float64Array(tree.nodes.length);
  const stack: Array<[node: number, leaving: boolean]> = [];
  for (const c of tree.nodes[0]?.children ?? []) stack.push([c, false]);
  while (stack.length > 0) {
    const [i, leaving] = stack.pop()!;
    const node = tree.nodes[i];
    if (!leaving) {
      const entry = out.get(node.name) ?? { self: 0, total: 0, count: 0 };
      out.set(node.name, entry);
      const depth = onPath.get(node.name) ?? 0;
      entry.self += node.self;
      if (depth === 0) entry.total += node.total;
      onPath.set(node.name, depth + 1);
      stack.push([i, true]);
      for (const c of node.children) stack.push([c, false]);
      continue;
    }
    const depth = onPath.get(node.name)! - 1;
    onPath.set(node.name, depth);
    samples[i] = node.children.reduce((sum, c) => sum + samples[c], node.selfCount);
    if (depth === 0) out.get(node.name)!.count += samples[i];
  }
  return out;
}

/**
 * The exact two-sided binomial test of all k samples landing in the profile that holds a share `own`
 * of all samples: the summed probability of every split of the k between the two profiles that is
 * as unlikely as that one (R's binom.test; the lists hold both directions, vanished and appeared).
 */
export function allInOneChance(k: number, own: number): number {
  if (own >= 1) return 1; // the other profile has no samples: nothing in it is no news
  const logOwn = Math.log(own);
  const logOther = Math.log(1 - own);
  const logObserved = k * logOwn;
  let logChoose = 0; // ln C(k, j)
  let p = 0;
  for (let j = 0; j <= k; j++) {
    // j of the k in the profile that holds the function, k − j in the other.
    const logP = logChoose + j * logOwn + (k - j) * logOther;
    if (logP <= logObserved + 1e-7) p += Math.exp(logP);
    logChoose += Math.log(k - j) - Math.log(j + 1);
  }
  return Math.min(1, p);
}

const sumOfSelfCounts = (tree: FlameTree): number => tree.nodes.reduce((sum, n) => sum + n.selfCount, 0);

export function diffFlameTrees(base: DiffSide, cand: DiffSide, normalisation: Normalisation): DiffFlameTree {
  // Files of one name may record different things (a heap profile saved as cpu.pprof): no diff of those.
  if (base.tree.sampleType !== cand.tree.sampleType) {
    throw new UserError(`${cand.tree.profile} records ${cand.tree.sampleType} in the candidate and ${base.tree.sampleType} in the baseline: profiles of different kinds are not diffed`, 'profile');
  }
  const bDiv = divisor(base, normalisation);
  const cDiv = divisor(cand, normalisation);
  const nodes: DiffNode[] = [];
  const key = (n: { name: string; file: string }): string => `${n.name}\u0000${n.file}`;

  // Walk both trees together; a node missing on one side contributes zeros there. Depth first with
  // a stack of its own (stacks thousands deep overflowed recursion), each node's children in the
  // order of the baseline's, then the candidate's own.
  const stack: Array<{ b: number | null; c: number | null; parent: number }> = [];
  if (base.tree.nodes.length || cand.tree.nodes.length) stack.push({ b: base.tree.nodes.length ? 0 : null, c: cand.tree.nodes.length ? 0 : null, parent: -1 });
  while (stack.length > 0) {
    const { b, c, parent } = stack.pop()!;
    const bn = b === null ? null : base.tree.nodes[b];
    const cn = c === null ? null : cand.tree.nodes[c];
    const any = (bn ?? cn)!;
    const index = nodes.length;
    nodes.push({
      name: any.name,
      file: any.file,
      baseTotal: (bn?.total ?? 0) / bDiv,
      candTotal: (cn?.total ?? 0) / cDiv,
      baseSelf: (bn?.self ?? 0) / bDiv,
      candSelf: (cn?.self ?? 0) / cDiv,
      children: [],
    });
    if (parent >= 0) nodes[parent].children.push(index);
    const pairs = new Map<string, [number | null, number | null]>();
    for (const i of bn?.children ?? []) pairs.set(key(base.tree.nodes[i]), [i, null]);
    for (const i of cn?.children ?? []) {
      const k = key(cand.tree.nodes[i]);
      pairs.set(k, [pairs.get(k)?.[0] ?? null, i]);
    }
    const children = [...pairs.values()];
    for (let k = children.length - 1; k >= 0; k--) stack.push({ b: children[k]![0], c: children[k]![1], parent: index });
  }

  const baseFns = functionTotals(base.tree);
  const candFns = functionTotals(cand.tree);
  const countType = base.tree.countType === cand.tree.countType ? base.tree.countType : null;
  const baseCount = countType === null ? 0 : sumOfSelfCounts(base.tree);
  const candCount = countType === null ? 0 : sumOfSelfCounts(cand.tree);
  // Under "the function takes the same share of both", each of its k samples lands in a
  // profile with that profile's share of all samples.
  const byChance = (k: number, ownCount: number): ChangedByChance => {
    if (countType === null || baseCount + candCount === 0) return { samples: null, chance: null, beyondChance: true };
    const chance = allInOneChance(k, ownCount / (baseCount + candCount));
    return { samples: k, chance, beyondChance: chance <= CHANCE_LEVEL };
  };
  // The lists rank functions by the self time they lost or gained (the flame graph shows the
  // totals): a function with no self time of its own would be listed at 0, among the callers
  // of what really changed.
  const vanished = [...baseFns]
    .filter(([name, v]) => !candFns.has(name) && v.self > 0)
    .map(([name, v]) => ({ name, baseSelf: v.self / bDiv, baseTotal: v.total / bDiv, ...byChance(v.count, baseCount) }))
    .sort((a, b) => b.baseSelf - a.baseSelf);
  const appeared = [...candFns]
    .filter(([name, v]) => !baseFns.has(name) && v.self > 0)
    .map(([name, v]) => ({ name, candSelf: v.self / cDiv, candTotal: v.total / cDiv, ...byChance(v.count, candCount) }))
    .sort((a, b) => b.candSelf - a.candSelf);

  return {
    profile: cand.tree.profile,
    normalisation,
    unit: unitOf(cand.tree.unit, normalisation),
    basis: { baseline: base.basis, candidate: cand.basis },
    nodes,
    countType,
    vanished,
    appeared,
  };
}
