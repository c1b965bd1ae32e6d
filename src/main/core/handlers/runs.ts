// The run side's commands: start a plan, cancel a run, import files, and the scenario catalog.
import type { Catalog } from '../../../shared/results';
import type { EventBus } from '../events';
import type { FlameService } from '../flame/service';
import { importFiles } from '../runner/import-files';
import type { RunOwnership } from '../runner/ownership';
import type { Runner } from '../runner/runner';
import type { Store } from '../store';
import type { CatalogCache } from '../targets';
import type { Toolchain } from '../toolchain';
import type { DomainHandlers } from './types';

export interface RunHandlerDeps {
  runner: Runner;
  store: Store;
  events: EventBus;
  toolchain: Toolchain;
  catalogs: CatalogCache;
  ownership: RunOwnership;
  flame: FlameService;
}

export function createRunHandlers(deps: RunHandlerDeps): DomainHandlers<'runs.start' | 'runs.cancel' | 'runs.import' | 'catalog.list'> {
  return {
    'runs.start': ({ plan }) => deps.runner.start(plan),
    async 'runs.cancel'({ id }) {
      await deps.runner.cancel(id);
      return { ok: true };
    },
    async 'runs.import'(input) {
      return { runId: await importFiles(input, deps) };
    },
    async 'catalog.list'(): Promise<Catalog> {
      return deps.catalogs.get(await (await deps.toolchain.tools()).gmpstress());
    },
  };
}
