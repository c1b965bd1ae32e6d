// `runs.fetchKept`: the files a finished remote run left on its host (its fetch did not come
// through) brought into its run folder later, and stored and analysed as a finished run's are. The
// run keeps its terminal state and its error, which say what happened when it ran; it gains its
// files, its analysis and the time they came (filesFetchedAt), so every page shows what ran.
// One fetch of a run at a time, wherever it is asked (two windows of the app, the app and
// `gmpw fetch`): the first claims it in the history, and the others are refused, changing nothing.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { isTerminal, type RunState, type RunSummary } from '../../../shared/domain';
import { keptFiles } from '../../../shared/kept-files';
import { LOCAL_HOST } from '../../../shared/hosts';
import { UserError } from '../errors';
import type { EventBus } from '../events';
import { fetchKept } from '../remote/fetch-kept';
import { exitDescription, exitOfStatus } from '../process/exit-message';
import { removeLeftLandings } from '../remote/fetch-files';
import { identify, isSameProcess, parseProcessId } from '../process/process-identity';
import type { Store } from '../store';
import type { Toolchain } from '../toolchain';
import { storeUnfinishedRunOutputs } from './run-outputs';
import { metricsFileTicks } from '../metrics-file';

export interface FetchKeptDeps {
  store: Store;
  toolchain: Toolchain;
  events: EventBus;
}

export async function fetchKeptFiles(id: string, deps: FetchKeptDeps): Promise<{ host: string; state: RunState; fetchedAt: string; artifacts: string[]; notes: string[] }> {
  const { store } = deps;
  const run = store.requireRun(id);
  if (run.host === LOCAL_HOST) throw new UserError(`run ${id} ran on this machine: no host keeps files of it`, 'id');
  if (!isTerminal(run.state)) throw new UserError(`run ${id} is still ${run.state}: its files come back when it ends`, 'id', 'active');
  if (run.state === 'succeeded') throw new UserError(`run ${id} succeeded: its files came back with it, and host ${run.host} keeps none`, 'id');
  if (run.filesFetchedAt !== null) throw new UserError(`the files of run ${id} were fetched already, at ${run.filesFetchedAt}`, 'id');
  const host = store.hosts.get(run.host);
  if (!host) throw new UserError(`run ${id} ran on host ${run.host}, which is not known any more (gmpw hosts add it again to fetch from it)`, 'id', 'not-found');

  const claim = claimFetch(store, id);
  try {
    const dir = store.runDir(id);
    // What a fetch killed midway left (its claim gone stale with its process): no other is under way.
    await removeLeftLandings(dir);
    const fetched = await fetchKept(host, id, dir);
    if (fetched.outcome === 'unreached') throw new UserError(unreached(host.name, fetched.reason, run), null, 'unavailable');
    if (fetched.outcome === 'none') throw new UserError(`host ${host.name} keeps no files of run ${id} (its fetch brought them, or a later run there removed them after a day)`, 'id');
    if (fetched.outcome === 'failed') throw new UserError(`the files of run ${id} could not be fetched from host ${host.name}: ${fetched.reason}; ${fetched.kept}`, null, 'unavailable');

    const notes = [...fetched.notes];
    if (fetched.status !== null && run.exitCode === null) {
      // The run's record could not say how its target ended (its session's end did not come through).
      const { exitCode, signal } = exitOfStatus(fetched.status);
      notes.push(`the host recorded the target's end, which the run's record could not say: ${exitDescription(exitCode, signal)}`);
    }
    // The live mirror may have missed metrics lines that the fetch added (remote/fetch-files.ts).
    const ticks = await metricsFileTicks(join(dir, 'metrics.jsonl'));
    if (ticks.length > 0) store.saveSeries(id, ticks);
    await storeUnfinishedRunOutputs(id, (line) => notes.push(line), deps);
    const artifacts = await store.registerFolder(id);
    const fetchedAt = new Date().toISOString();
    store.markFilesFetched(id, fetchedAt, notes);
    deps.events.emit('runs.changed', {});
    return { host: host.name, state: run.state, fetchedAt, artifacts: artifacts.map((a) => a.name), notes };
  } finally {
    store.releaseFilesFetch(id, claim);
  }
}

/** How often a claim whose fetcher is gone is taken over before giving up: each try meets a claim made since the last. */
const CLAIM_TRIES = 5;

/**
 * Claims the fetch of run `id`'s kept files for this call (store.claimFilesFetch: atomic across
 * processes), and returns the claim, "<pid> <start time> <token>"; throws, having changed nothing,
 * when they were fetched meanwhile or a fetch by a live process is under way. A claim whose process
 * is gone (killed mid-fetch) is stale, and taken over.
 */
function claimFetch(store: Store, id: string): string {
  const me = identify(process.pid);
  const claim = `${me.pid} ${me.start ?? '-'} ${randomUUID()}`;
  let stale: string | null = null;
  for (let tries = 0; ; tries++) {
    const standing = store.claimFilesFetch(id, claim, stale);
    if (standing === null) return claim;
    if ('fetchedAt' in standing) throw new UserError(`the files of run ${id} were fetched already, at ${standing.fetchedAt}`, 'id');
    const holder = parseProcessId(standing.claimedBy);
    if (tries + 1 >= CLAIM_TRIES || (holder !== null && isSameProcess(holder))) {
      const by = holder === null ? '' : holder.pid === process.pid ? ' (by this workbench)' : ` (by process ${holder.pid})`;
      throw new UserError(`a fetch of the files of run ${id} is already under way${by}: it alone fetches them, and this one changed nothing`, 'id', 'active');
    }
    stale = standing.claimedBy;
  }
}

/**
 * A host that could not be asked for the run's files: which host and ssh's reason, that nothing was
 * fetched or changed, and where the files are kept as the run's error says (the host could not confirm it).
 */
function unreached(hostName: string, reason: string, run: RunSummary): string {
  const kept = keptFiles(run);
  const where = kept ? `as its error says, ${kept.clause}` : `its error does not say that host ${hostName} keeps its files`;
  return `host ${hostName} could not be reached (${reason}): nothing was fetched, and run ${run.id} is as it was; ${where}`;
}
