// The core's errors, on its ground floor: every domain module may throw them, and dispatch()
// turns them into the contract's CommandError. Nothing here imports from the rest of the core.
import { ZodError } from 'zod';
import type { CommandError } from '../../shared/contract';

/**
 * An error thrown on purpose: its message is shown to the user as is. `field` is the path of the
 * offending input relative to the command's input (e.g. "plan.target.pkg"); the message does not
 * repeat it (the CLI prints "field: message", the UI marks the field).
 */
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

/** A command that failed, as dispatch() throws it: carries the CommandError every adapter reports. */
export class CommandFailure extends Error {
  constructor(readonly detail: CommandError) {
    super(detail.message);
    this.name = 'CommandFailure';
  }
}

/** Any failure as the contract's CommandError: a zod issue names its field, a UserError keeps its own. */
export function toCommandError(err: unknown): CommandError {
  if (err instanceof CommandFailure) return err.detail;
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    // An unknown key is reported on the object that has it: name the key itself.
    const path = issue?.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : (issue?.path ?? []);
    const field = path.length > 0 ? path.join('.') : null;
    return { message: issue?.message ?? 'invalid input', field, code: 'invalid' };
  }
  if (err instanceof UserError) return { message: err.message, field: err.field, code: err.code };
  const message = err instanceof Error ? err.message : String(err);
  return { message, field: null, code: 'internal' };
}
