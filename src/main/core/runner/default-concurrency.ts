// The concurrency a plan gets when none is chosen, one rule for every way in: the CPU count of the
// machine the run runs on. `gmpw run` without --concurrency and a New run form whose field is left
// empty both send no concurrency; the runner asks each host of the plan here. The form shows this
// machine's count (runner.capabilities) as its hint.
import { availableParallelism } from 'node:os';
import type { Host } from '../../../shared/hosts';
import { UserError } from '../errors';
import { checkHost } from '../remote/check';

export function defaultConcurrency(): number {
  return availableParallelism();
}

/**
 * Each host's CPU count, by name: this machine's from the OS, a remote host's from one check
 * (what `hosts.check` reports). A host that cannot say is refused before anything is stored.
 */
export async function cpuCounts(hosts: ReadonlyMap<string, Host | null>): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  await Promise.all(
    [...hosts].map(async ([name, host]) => {
      if (!host) return void counts.set(name, defaultConcurrency());
      const check = await checkHost(host);
      if (!check.reachable || !check.numCpu) {
        const why = check.reachable ? 'it did not say how many CPUs it has' : `it is unreachable: ${check.error}`;
        throw new UserError(`no concurrency was given, so each machine runs at its CPU count, but host ${name} cannot tell it (${why}); give a concurrency`, 'plan.concurrency');
      }
      counts.set(name, check.numCpu);
    }),
  );
  return counts;
}
