// One driver per target kind (docs/ARCHITECTURE.md §3).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Target } from '../../../shared/domain';
import type { BundledTools } from '../toolchain/bundled-tools';
import { benchDriver } from './bench';
import { CatalogCache } from './catalog';
import { endpointDriver } from './endpoint';
import { programDriver } from './program';
import { scenarioDriver } from './scenario';
import type { TargetDriver } from './types';

export type { PreparedTarget, TargetDriver, OutputSink } from './types';
export { PrepareError } from './types';
export { CatalogCache } from './catalog';

export type Drivers = { [K in Target['kind']]: TargetDriver<Extract<Target, { kind: K }>> };

export function createDrivers(tools: () => Promise<BundledTools>, catalogs: CatalogCache): Drivers {
  return {
    scenario: scenarioDriver(tools, catalogs),
    bench: benchDriver(),
    program: programDriver(),
    endpoint: endpointDriver(),
  };
}

/** The target with its paths made absolute, so the stored config means the same from any directory. */
export function withAbsolutePaths(target: Target): Target {
  switch (target.kind) {
    case 'bench':
      return { ...target, pkg: resolve(target.pkg) };
    case 'program':
    case 'endpoint':
      return { ...target, path: resolve(target.path) };
    case 'scenario':
      return target;
  }
}

/** Whether the plan builds the target from source first (its first run then shows `building`). */
export function buildsFromSource(target: Target): boolean {
  if (target.kind === 'scenario') return false; // gmpstress is built (once, cached) when the plan is checked
  if (target.kind === 'bench') return true;
  try {
    return statSync(target.path).isDirectory();
  } catch {
    return false; // the driver's validation names the missing path
  }
}

/** Whether a target needs the Go toolchain (so a missing Go is reported before it is queued). */
export function needsGoToolchain(target: Target): boolean {
  return target.kind === 'scenario' || buildsFromSource(target);
}

export function driverFor(drivers: Drivers, target: Target): TargetDriver {
  return drivers[target.kind] as TargetDriver;
}
