// The single entry every adapter calls: parse the input with the contract, run the handler,
// and turn any failure into a CommandError that names the offending field.
import { commands, type CommandName, type CommandOutput } from '../../../shared/contract';
import { CommandFailure, toCommandError, UserError } from '../errors';
import { droppedField } from './unknown-fields';
import type { HandlerTable } from './types';

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commands, name);
}

/** Parse, run, and rethrow failures as CommandFailure carrying a CommandError. */
export async function dispatch<N extends CommandName>(table: HandlerTable, name: N, rawInput: unknown): Promise<CommandOutput<N>> {
  try {
    const input = commands[name].input.parse(rawInput ?? {});
    const dropped = droppedField(rawInput ?? {}, input);
    if (dropped) throw new UserError(`${dropped} is not a field of ${name} (misspelled?): nothing was done`, dropped);
    const handler = table[name] as (input: unknown) => Promise<CommandOutput<N>>;
    return await handler(input);
  } catch (err) {
    throw new CommandFailure(toCommandError(err));
  }
}
