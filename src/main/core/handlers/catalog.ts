// catalog.*: the scenario catalog of the bundled gmpstress (built on first use).
import type { CatalogCache } from '../targets';
import type { Toolchain } from '../toolchain';
import type { DomainHandlers } from './types';

export interface CatalogHandlerDeps {
  toolchain: Toolchain;
  catalogs: CatalogCache;
}

export function createCatalogHandlers(deps: CatalogHandlerDeps): DomainHandlers<'catalog.list'> {
  return {
    async 'catalog.list'() {
      return deps.catalogs.get(await (await deps.toolchain.tools()).gmpstress());
    },
  };
}
