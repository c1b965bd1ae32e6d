// dispatch() for adapters whose transport carries values, not exceptions (Electron IPC, HTTP):
// the failure becomes an Outcome so its field and code survive the trip to the renderer.
import type { CommandName, CommandOutput } from '../../../shared/contract';
import type { Outcome } from '../../../shared/transport';
import { toCommandError } from '../errors';
import { dispatch } from './dispatch';
import type { HandlerTable } from './types';

export async function dispatchOutcome<N extends CommandName>(table: HandlerTable, name: N, rawInput: unknown): Promise<Outcome<CommandOutput<N>>> {
  try {
    return { ok: true, value: await dispatch(table, name, rawInput) };
  } catch (err) {
    return { ok: false, error: toCommandError(err) };
  }
}
