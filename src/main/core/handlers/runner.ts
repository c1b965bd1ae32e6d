// runner.*: what the runner can do on this machine (per-run cgroups, CPU limits), and why not.
import type { Runner } from '../runner/runner';
import type { DomainHandlers } from './types';

export function createRunnerHandlers(runner: Runner): DomainHandlers<'runner.capabilities'> {
  return { 'runner.capabilities': async () => runner.capabilities() };
}
