// The concurrency a plan gets when none is chosen, one value for every way in: this machine's CPU
// count. `gmpw run` uses it without --concurrency; the New run form is given it through
// runner.capabilities and starts with it.
import { availableParallelism } from 'node:os';

export function defaultConcurrency(): number {
  return availableParallelism();
}
