// One driver per target kind (docs/ARCHITECTURE.md §3).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Target } from '../../../shared/domain';
import { LOCAL_GO } from '../../../shared/go-release';
import { UserError } from '../errors';
import { benchDriver } from './bench';
import { absolutePackage } from './go-packages';
import { CatalogCache } from './catalog';
import { endpointDriver } from './endpoint';
import { programDriver } from './program';
import { scenarioDriver, type ToolsFor } from './scenario';
import type { TargetDriver } from './types';

export type { PrepareContext, PreparedTarget, TargetDriver, OutputSink } from './types';
export { PrepareError } from './types';
export { CatalogCache } from './catalog';

export type Drivers = { [K in Target['kind']]: TargetDriver<Extract<Target, { kind: K }>> };

export function createDrivers(tools: ToolsFor, catalogs: CatalogCache): Drivers {
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
      return { ...target, ...absolutePackage(target.pkg, target.dir) };
    case 'program':
    case 'endpoint':
      return { ...target, path: resolve(target.path) };
    case 'scenario':
      return target;
  }
}

/**
 * Whether the plan builds the target from source first (its first run then shows `building`). A
 * release other than the workbench's own Go is fetched and builds even a scenario's gmpstress.
 */
export function buildsFromSource(target: Target, goVersion: string = LOCAL_GO): boolean {
  // The workbench's own gmpstress is built (once, cached) when the plan is checked.
  if (target.kind === 'scenario') return goVersion !== LOCAL_GO;
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

/** Refuses Go releases for a ready-made executable: only sources can be built with another release. */
export function checkReleasesApply(target: Target, releases: readonly string[]): void {
  if (target.kind !== 'program' && target.kind !== 'endpoint') return;
  if (releases.every((r) => r === LOCAL_GO) || buildsFromSource(target)) return;
  throw new UserError(`${target.path} is an executable, built already: only a Go package directory can be built with another Go release`, 'plan.goVersion');
}

export function driverFor(drivers: Drivers, target: Target): TargetDriver {
  return drivers[target.kind] as TargetDriver;
}
