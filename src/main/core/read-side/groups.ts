// Groups of repetitions for statistics (docs/ARCHITECTURE.md §6): an experiment cell is all runs whose
// cell is "<cell> #n"; a list of runs, or the runs carrying a tag, is taken as given. Only succeeded
// runs are samples — a failed or cancelled repetition measured something else, or nothing — and the
// rest are named, not hidden.
import { MAX_GROUP_RUNS, type RunGroup, type RunGroupRef } from '../../../shared/contract';
import { cellOf, experimentCells, typedCell, withDimension } from '../../../shared/cell-name';
import type { RunSummary } from '../../../shared/domain';
import { UserError } from '../errors';
import type { Store } from '../store';

/**
 * All runs of an experiment, oldest first; an unknown experiment is the caller's mistake, reported
 * at `field`, the path of the id in the command's input.
 */
export function experimentRuns(store: Store, experimentId: string, field: string): RunSummary[] {
  const { runs } = store.listRuns({ filter: { experimentId }, sort: { key: 'createdAt', dir: 'asc' }, limit: 10_000 });
  if (runs.length === 0) throw new UserError(`Experiment ${experimentId} has no runs (or does not exist).`, field, 'not-found');
  return runs;
}

function group(label: string, experimentId: string | null, cell: string | null, runs: readonly RunSummary[]): RunGroup {
  return {
    label,
    experimentId,
    cell,
    runIds: runs.filter((r) => r.state === 'succeeded').map((r) => r.id),
    excluded: runs.filter((r) => r.state !== 'succeeded').map((r) => ({ id: r.id, state: r.state })),
  };
}

/** The runs of one cell; `at` is where the group's reference sits in the command's input. */
function cellGroup(runs: readonly RunSummary[], experimentId: string, cell: string, at: string): RunGroup {
  const wanted = typedCell(cell);
  const members = runs.filter((r) => r.cell !== null && cellOf(r.cell) === wanted);
  // Named by the release that ran ("go=go1.24.13") where the cell is named by the one asked
  // ("go=go1.24.x"): the runs of that cell whose result says they ran it.
  const resolved = members.length > 0 ? [] : runs.filter((r) => r.cell !== null && r.goVersionInForce !== null && withDimension(cellOf(r.cell), 'go', r.goVersionInForce) === wanted);
  const asked = new Set(resolved.map((r) => cellOf(r.cell!)));
  if (asked.size === 1) return group(wanted, experimentId, [...asked][0]!, resolved);
  if (members.length === 0) {
    const known = experimentCells(runs).map((c) => `"${c}"`).join(', ');
    throw new UserError(`Experiment ${experimentId} has no cell "${wanted}"; its cells are ${known}.`, `${at}.cell`, 'not-found');
  }
  return group(wanted, experimentId, wanted, members);
}

/** Every run carrying the tag, oldest first; none, or more than a group holds, is the caller's mistake at `field`. */
function taggedRuns(store: Store, tag: string, field: string): RunSummary[] {
  const { runs, total } = store.listRuns({ filter: { tag }, sort: { key: 'createdAt', dir: 'asc' }, limit: MAX_GROUP_RUNS });
  if (runs.length === 0) throw new UserError(`No run carries the tag ${JSON.stringify(tag)}.`, field, 'not-found');
  if (total > runs.length) throw new UserError(`${total} runs carry the tag ${JSON.stringify(tag)}; a group holds at most ${MAX_GROUP_RUNS}: tag each sample of runs on its own.`, field);
  return runs;
}

function resolveGroup(store: Store, ref: RunGroupRef, at: string): RunGroup {
  if ('experimentId' in ref) return cellGroup(experimentRuns(store, ref.experimentId, `${at}.experimentId`), ref.experimentId, ref.cell, at);
  const tagged = 'tag' in ref;
  const runs = tagged ? taggedRuns(store, ref.tag, `${at}.tag`) : ref.runIds.map((id) => store.requireRun(id));
  const label = tagged ? `tag ${ref.tag}` : runs.length === 1 ? runs[0].id : `${runs.length} runs (${runs[0].id} …)`;
  const cells = new Set(runs.map((r) => (r.cell ? cellOf(r.cell) : null)));
  const cell = cells.size === 1 ? [...cells][0] : null;
  const experiments = new Set(runs.map((r) => r.experimentId));
  return group(label, experiments.size === 1 ? [...experiments][0] : null, cell, runs);
}

/**
 * Refuses groups that share a run (two tags on one run, a cell given twice): a sample compared with
 * itself, in whole or in part, would pass for "no difference".
 */
function refuseShared(groups: ReadonlyArray<{ group: RunGroup; ref: RunGroupRef; at: string }>): void {
  const owner = new Map<string, number>();
  groups.forEach(({ group, ref, at }, i) => {
    for (const id of [...group.runIds, ...group.excluded.map((r) => r.id)]) {
      const first = owner.get(id);
      // Named by what the user gave for the later group: its tag, cell or run ids.
      const field = `${at}.${'tag' in ref ? 'tag' : 'cell' in ref ? 'cell' : 'runIds'}`;
      if (first === i) throw new UserError(`Run ${id} is given twice in ${group.label}: each run is one sample.`, field);
      if (first !== undefined) throw new UserError(`Run ${id} is in both ${groups[first].group.label} and ${group.label}: groups compared must not share runs.`, field);
      owner.set(id, i);
    }
  });
}

/** The baseline and its candidates; a baseline cell without candidates meets every other cell of its experiment. */
export function resolveGroups(store: Store, baseline: RunGroupRef, candidates: readonly RunGroupRef[]): { base: RunGroup; cands: RunGroup[] } {
  if (candidates.length > 0) {
    const refs = [{ ref: baseline, at: 'baseline' }, ...candidates.map((ref, i) => ({ ref, at: `candidates.${i}` }))];
    const groups = refs.map(({ ref, at }) => ({ ref, at, group: resolveGroup(store, ref, at) }));
    refuseShared(groups);
    return { base: groups[0].group, cands: groups.slice(1).map((g) => g.group) };
  }
  if (!('experimentId' in baseline)) throw new UserError('Give at least one candidate to compare the baseline runs with.', 'candidates');
  const runs = experimentRuns(store, baseline.experimentId, 'baseline.experimentId');
  const base = cellGroup(runs, baseline.experimentId, baseline.cell, 'baseline');
  const others = experimentCells(runs).filter((c) => c !== base.cell);
  if (others.length === 0) throw new UserError(`Experiment ${baseline.experimentId} has only the one cell "${base.cell}".`, 'candidates');
  return { base, cands: others.map((c, i) => cellGroup(runs, baseline.experimentId, c, `candidates.${i}`)) };
}
