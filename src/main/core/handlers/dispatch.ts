// The single entry every adapter calls: parse the input with the contract, run the handler,
// and turn any failure into a CommandError that names the offending field.
import { ZodError } from 'zod';
import { commands, type CommandError, type CommandName, type CommandOutput } from '../../../shared/contract';
import type { HandlerTable } from './types';

/** An error a handler throws on purpose: its message is shown to the user as is. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly field: string | null = null,
    readonly code = 'invalid',
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export class CommandFailure extends Error {
  constructor(readonly detail: CommandError) {
    super(detail.message);
    this.name = 'CommandFailure';
  }
}

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commands, name);
}

export function toCommandError(err: unknown): CommandError {
  if (err instanceof CommandFailure) return err.detail;
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    // An unknown key is reported on the object that has it: name the key itself.
    const path = issue?.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : (issue?.path ?? []);
    const field = path.length > 0 ? path.join('.') : null;
    return { message: field ? `${field}: ${issue.message}` : (issue?.message ?? 'invalid input'), field, code: 'invalid' };
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
