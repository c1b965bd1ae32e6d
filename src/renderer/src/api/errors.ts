// A failed command as the renderer sees it, whichever adapter carried it: pages can show
// `message`, highlight the input named by `field`, and branch on `code` (e.g. 'unavailable').
import type { CommandError } from '../../../shared/contract';
import type { Outcome } from '../../../shared/transport';

export class ApiError extends Error implements CommandError {
  readonly field: string | null;
  readonly code: string;

  constructor(detail: CommandError) {
    super(detail.message);
    this.name = 'ApiError';
    this.field = detail.field;
    this.code = detail.code;
  }
}

export function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new ApiError(outcome.error);
}
