// The CLI's one way into the core: dispatch() on the shared handler table, so a command line is
// parsed by the same schemas, and fails with the same messages, as the desktop app.
import type { CommandInput, CommandName, CommandOutput } from '../../shared/contract';
import { dispatch } from '../core/handlers/dispatch';
import type { CliContext } from './types';

export async function call<N extends CommandName>(ctx: CliContext, name: N, input: CommandInput<N>): Promise<CommandOutput<N>> {
  const core = await ctx.core();
  return dispatch(core.handlers, name, input);
}

export function printJson(ctx: CliContext, value: unknown): void {
  ctx.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
