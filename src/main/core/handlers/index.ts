// The one handler table every adapter dispatches to: each domain contributes its commands.
import { createToolchainHandlers } from '../toolchain';
import { createCompareHandlers } from './compare';
import { createHistoryHandlers } from './history';
import { createHostHandlers } from './hosts';
import type { ReadSideDeps } from './read-deps';
import { createRunHandlers, type RunHandlerDeps } from './runs';
import { createStatsHandlers } from './stats';
import { systemHandlers } from './system';
import type { HandlerTable } from './types';

export type HandlerDeps = RunHandlerDeps & ReadSideDeps;

export function createHandlerTable(deps: HandlerDeps): HandlerTable {
  return {
    ...createToolchainHandlers(deps.toolchain),
    ...createRunHandlers(deps),
    ...createHistoryHandlers(deps),
    ...createCompareHandlers(deps),
    ...createStatsHandlers(deps),
    ...createHostHandlers(deps),
    ...systemHandlers,
  };
}
