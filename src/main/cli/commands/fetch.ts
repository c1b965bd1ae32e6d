// `gmpw fetch RUN_ID`: brings the files a failed remote run left on its host into its run folder,
// and analyses them as a finished run's; the run stays in its state (docs/REMOTE.md).
import { COMMON_HELP, parseCommand } from '../args';
import { call, printJson } from '../call';
import { EXIT_OK, UsageError, type CliCommand, type CliContext } from '../types';
import { counted } from '../../../shared/plural';

const HELP = `usage: gmpw fetch RUN_ID

Fetches the files a remote run left on its host when its own fetch did not come through (its error
says where they are kept), into the run's folder, and stores and analyses them as a finished run's.
The host's copy is removed once they are here. The run keeps its state and its error, and notes when
its files came. Exits 2 for a run that ran here or whose host keeps nothing of it, 1 when the host
cannot be reached (the files stay there) or another fetch of the run is under way (this one then
does nothing).

${COMMON_HELP}`;

async function runFetch(argv: string[], ctx: CliContext): Promise<number> {
  const { positionals } = parseCommand('fetch', argv, {}, true);
  if (positionals.length !== 1) throw new UsageError('fetch: give one run id');
  const id = positionals[0]!;
  const fetched = await call(ctx, 'runs.fetchKept', { id });
  if (ctx.json) {
    printJson(ctx, fetched);
    return EXIT_OK;
  }
  ctx.stdout.write(`fetched the files of run ${id} from host ${fetched.host} (${counted(fetched.artifacts.length, 'file')} in its folder now) and analysed them; the run stays ${fetched.state}\n`);
  for (const note of fetched.notes) ctx.stdout.write(`note: ${note}\n`);
  return EXIT_OK;
}

export const fetchCommand: CliCommand = { name: 'fetch', summary: "fetch the files a failed remote run's host kept", help: HELP, options: {}, fields: { id: 'RUN_ID' }, run: runFetch, readsHistory: true };
