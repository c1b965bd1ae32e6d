// The single entry every adapter calls: parse the input with the contract, run the handler,
// and turn any failure into a CommandError that names the offending field.
import { ZodError } from 'zod';
import { commands, type CommandError, type CommandName, type CommandOutput } from '../../../shared/contract';
import { CommandFailure, UserError } from '../errors';
import type { HandlerTable } from './types';

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commands, name);
}

export function toCommandError(err: unknown): CommandError {
  if (err instanceof CommandFailure) return err.detail;
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : null;
    return { message: issue?.message ?? 'invalid input', field, code: 'invalid' };
  }
  if (err instanceof UserError) return { message: err.message, field: err.field, code: err.code };
  const message = err instanceof Error ? err.message : String(err);
  return { message, field: null, code: 'internal' };
}

/** Parse, run, and rethrow failures as CommandFailure carrying a CommandError. */
export async function dispatch<N extends CommandName>(table: HandlerTable, name: N, rawInput: unknown): Promise<CommandOutput<N>> {
  try {
    const input = commands[name].input.parse(rawInput ?? {});
    const handler = table[name] as (input: unknown) => Promise<CommandOutput<N>>;
    return await handler(input);
  } catch (err) {
    throw new CommandFailure(toCommandError(err));
  }
}
