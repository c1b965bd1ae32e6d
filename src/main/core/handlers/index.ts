// The one handler table every adapter dispatches to: each domain contributes its commands.
import type { CommandName } from '../../../shared/contract';
import { UserError } from './dispatch';
import { createRunHandlers, type RunHandlerDeps } from './runs';
import { systemHandlers } from './system';
import type { Handler, HandlerTable } from './types';
import { createToolchainHandlers } from '../toolchain';

export type HandlerDeps = RunHandlerDeps;

/** Read-side commands whose handlers are not wired in yet answer this instead of crashing. */
function notYet<N extends CommandName>(name: N): Handler<N> {
  return async () => {
    throw new UserError(`${name} is not available in this build yet`, null, 'unavailable');
  };
}

export function createHandlerTable(deps: HandlerDeps): HandlerTable {
  return {
    ...createToolchainHandlers(deps.toolchain),
    ...createRunHandlers(deps),
    ...systemHandlers,
    'runs.list': notYet('runs.list'),
    'runs.get': notYet('runs.get'),
    'runs.series': notYet('runs.series'),
    'runs.terminal': notYet('runs.terminal'),
    'runs.flame': notYet('runs.flame'),
    'runs.delete': notYet('runs.delete'),
    'runs.setTags': notYet('runs.setTags'),
    'runs.setLabel': notYet('runs.setLabel'),
    'compare.runs': notYet('compare.runs'),
    'compare.diffFlame': notYet('compare.diffFlame'),
  };
}
