// `gmpw rm ID…`: delete finished runs, their rows and their folders.
import { COMMON_HELP, parseCommand } from '../args';
import { call, printJson } from '../call';
import { EXIT_OK, UsageError, type CliCommand, type CliContext } from '../types';
import { counted } from '../../../shared/plural';

const HELP = `usage: gmpw rm RUN_ID…

Deletes finished runs with their artifacts. Active runs are refused (cancel them first).

${COMMON_HELP}`;

async function rmCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { positionals } = parseCommand('rm', argv, {}, true);
  if (positionals.length === 0) throw new UsageError('rm: give at least one run id');
  const result = await call(ctx, 'runs.delete', { ids: positionals });
  if (ctx.json) printJson(ctx, result);
  else ctx.stdout.write(`deleted ${counted(result.deleted, 'run')}\n`);
  return EXIT_OK;
}

export const rm: CliCommand = { name: 'rm', summary: 'delete runs and their files', help: HELP, options: {}, fields: { ids: 'RUN_ID', id: 'RUN_ID' }, run: rmCommand, readsHistory: true };
