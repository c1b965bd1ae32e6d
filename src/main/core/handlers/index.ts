// The one handler table every adapter dispatches to: each domain contributes its commands.
import { createCatalogHandlers, type CatalogHandlerDeps } from './catalog';
import { createCompareHandlers } from './compare';
import { createHistoryHandlers } from './history';
import { dispatch } from './dispatch';
import type { ReadSideDeps } from './read-deps';
import { createReportHandlers, type ReportDeps } from './report';
import { createRunnerHandlers } from './runner';
import { createRunHandlers, type RunHandlerDeps } from './runs';
import { systemHandlers } from './system';
import { createToolchainHandlers } from './toolchain';
import type { HandlerTable } from './types';

export type HandlerDeps = RunHandlerDeps & CatalogHandlerDeps & ReadSideDeps & ReportDeps;

export function createHandlerTable(deps: HandlerDeps): HandlerTable {
  const table: HandlerTable = {
    ...createToolchainHandlers(deps.toolchain),
    ...createCatalogHandlers(deps),
    ...createRunHandlers(deps),
    ...createRunnerHandlers(deps.runner),
    ...createHistoryHandlers(deps),
    ...createCompareHandlers(deps),
    ...systemHandlers,
    // A report records the answers of the app's own queries, so it asks the table it belongs to.
    ...createReportHandlers(deps, (name, input) => dispatch(table, name, input)),
  };
  return table;
}
