// The one handler table every adapter dispatches to: each domain contributes its commands.
import { createCatalogHandlers, type CatalogHandlerDeps } from './catalog';
import { createCompareHandlers } from './compare';
import { createHistoryHandlers } from './history';
import type { ReadSideDeps } from './read-deps';
import { createRunHandlers, type RunHandlerDeps } from './runs';
import { systemHandlers } from './system';
import { createToolchainHandlers } from './toolchain';
import type { HandlerTable } from './types';

export type HandlerDeps = RunHandlerDeps & CatalogHandlerDeps & ReadSideDeps;

export function createHandlerTable(deps: HandlerDeps): HandlerTable {
  return {
    ...createToolchainHandlers(deps.toolchain),
    ...createCatalogHandlers(deps),
    ...createRunHandlers(deps),
    ...createHistoryHandlers(deps),
    ...createCompareHandlers(deps),
    ...systemHandlers,
  };
}
