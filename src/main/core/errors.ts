// The core's errors, on its ground floor: every domain module may throw them, and dispatch()
// turns them into the contract's CommandError. Nothing here imports from the rest of the core.
import { ZodError, type core } from 'zod';
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

/**
 * A zod issue in words a user reads next to the field ("must be at least 1"), for the checks whose
 * default text is the validator's ("Too small: expected number to be >=1"); a schema's own message
 * is kept.
 */
export function issueMessage(issue: core.$ZodIssue): string {
  const fallback = issue.message;
  switch (issue.code) {
    case 'too_small':
      if (!fallback.startsWith('Too small')) return fallback;
      if (issue.origin === 'number' || issue.origin === 'int') return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${issue.minimum}`;
      return sizeMessage(issue.origin, issue.exact ? 'needs exactly' : 'needs at least', issue.minimum) ?? fallback;
    case 'too_big':
      if (!fallback.startsWith('Too big')) return fallback;
      if (issue.origin === 'number' || issue.origin === 'int') return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${issue.maximum}`;
      return sizeMessage(issue.origin, issue.exact ? 'needs exactly' : 'takes at most', issue.maximum) ?? fallback;
    case 'invalid_value':
      return fallback.startsWith('Invalid') ? `must be one of ${issue.values.map(String).join(', ')}` : fallback;
    default:
      return fallback;
  }
}

/** "needs at least 1 value", "needs exactly 3 characters": a list's or a text's size check; null for other origins. */
function sizeMessage(origin: string, bound: 'needs at least' | 'takes at most' | 'needs exactly', n: number | bigint): string | null {
  const one = Number(n) === 1;
  if (origin === 'array' || origin === 'set') return `${bound} ${n} ${one ? 'value' : 'values'}`;
  if (origin === 'string') return `${bound} ${n} ${one ? 'character' : 'characters'}`;
  return null;
}

/**
 * The issue to report: the first, unless it is zod's own bound of an integer (±2^53, which .int()
 * checks before the schema's range: a 20-digit GOMAXPROCS) and the schema's range on the same field
 * follows, which says what the field takes.
 */
function reportedIssue(issues: readonly core.$ZodIssue[]): core.$ZodIssue | undefined {
  const first = issues[0];
  const safeIntegerBound = (first?.code === 'too_big' || first?.code === 'too_small') && first.origin === 'int';
  if (!first || !safeIntegerBound) return first;
  const samePath = (i: core.$ZodIssue) => i.path.length === first.path.length && i.path.every((p, k) => p === first.path[k]);
  return issues.slice(1).find((i) => samePath(i) && (i.code === 'too_big' || i.code === 'too_small')) ?? first;
}

/** Any failure as the contract's CommandError: a zod issue names its field, a UserError keeps its own. */
export function toCommandError(err: unknown): CommandError {
  if (err instanceof CommandFailure) return err.detail;
  if (err instanceof ZodError) {
    const issue = reportedIssue(err.issues);
    // An unknown key is reported on the object that has it: name the key itself.
    const path = issue?.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : (issue?.path ?? []);
    const field = path.length > 0 ? path.join('.') : null;
    return { message: issue ? issueMessage(issue) : 'invalid input', field, code: 'invalid' };
  }
  if (err instanceof UserError) return { message: err.message, field: err.field, code: err.code };
  const message = err instanceof Error ? err.message : String(err);
  return { message, field: null, code: 'internal' };
}
