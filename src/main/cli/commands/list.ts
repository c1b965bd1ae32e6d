// `gmpw list`: the run history, newest first, filtered like the Runs page.
import type { RunFilter } from '../../../shared/contract';
import { RunState } from '../../../shared/domain';
import { historyCells } from '../../../shared/imported';
import { COMMON_HELP, parseCommand, wholeNumber } from '../args';
import { call, printJson } from '../call';
import { rate, schedCell, seconds, table, withoutEmptyColumns } from '../format';
import { EXIT_OK, UsageError, type CliCommand, type CliContext } from '../types';

const HELP = `usage: gmpw list [--limit N] [--state STATE] [--kind KIND] [--tag TAG] [--host NAME] [--experiment ID] [--text TEXT]

  --limit N        at most N runs (default 50)
  --state STATE    queued, building, running, analysing, succeeded, failed, cancelled, timed-out, interrupted
  --kind KIND      scenario, bench, program or endpoint
  --tag TAG        runs carrying this tag
  --host NAME      runs on this host (local: this machine)
  --experiment ID  the runs of one experiment
  --text TEXT      search target names and labels

${COMMON_HELP}`;

const OPTIONS = {
  limit: { type: 'string' },
  state: { type: 'string' },
  kind: { type: 'string' },
  tag: { type: 'string' },
  host: { type: 'string' },
  experiment: { type: 'string' },
  text: { type: 'string' },
} as const;

/** The flags runs.list's fields were made of. */
const FIELDS = {
  limit: '--limit',
  'filter.state': '--state',
  'filter.targetKind': '--kind',
  'filter.tag': '--tag',
  'filter.host': '--host',
  'filter.experimentId': '--experiment',
  'filter.text': '--text',
};

async function listCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values: v } = parseCommand('list', argv, OPTIONS);
  const filter: RunFilter = {};
  if (v.state !== undefined) {
    const state = RunState.safeParse(v.state);
    if (!state.success) throw new UsageError(`list: --state: "${v.state}" is not a run state (${RunState.options.join(', ')})`);
    filter.state = state.data;
  }
  if (v.kind !== undefined) {
    if (!['scenario', 'bench', 'program', 'endpoint'].includes(v.kind)) throw new UsageError(`list: --kind: "${v.kind}" is not scenario, bench, program or endpoint`);
    filter.targetKind = v.kind as RunFilter['targetKind'];
  }
  if (v.tag !== undefined) filter.tag = v.tag;
  if (v.host !== undefined) filter.host = v.host;
  if (v.experiment !== undefined) filter.experimentId = v.experiment;
  if (v.text !== undefined) filter.text = v.text;
  const limit = v.limit === undefined ? 50 : wholeNumber('limit', v.limit);
  const listed = await call(ctx, 'runs.list', { filter, limit });
  if (listed.runs.length === 0) {
    // A host or an experiment typed wrong is a mistake in the command line, not a list that is
    // empty: a host's runs outlive its removal, and an experiment is its runs. Asked alone, so that
    // --state failed of an experiment where nothing failed is an empty list, as it is.
    const none = async (only: RunFilter) => (await call(ctx, 'runs.list', { filter: only, limit: 1 })).total === 0;
    const { host, experimentId } = filter;
    if (host !== undefined && host !== 'local' && (await none({ host })) && !(await call(ctx, 'hosts.list', {})).hosts.some((h) => h.name === host)) {
      throw new UsageError(`list: --host: no host is named ${host} and no run ran on one so named (gmpw hosts list shows the hosts)`);
    }
    if (experimentId !== undefined && (await none({ experimentId }))) throw new UsageError(`list: --experiment: no run belongs to an experiment ${experimentId} (gmpw list shows the experiments' ids)`);
  }
  if (ctx.json) {
    printJson(ctx, listed);
    return EXIT_OK;
  }
  if (listed.runs.length === 0) {
    ctx.stdout.write('no runs\n');
    return EXIT_OK;
  }
  // The experiment column gives the id that compare --experiment and export-bench --experiment take.
  const rows = [['id', 'state', 'target', 'GOMAXPROCS', 'conc', 'duration', 'ops/s', 'sched p99', 'experiment', 'label']];
  for (const r of listed.runs) {
    const c = historyCells(r);
    rows.push([r.id, r.tracePartial ? `${r.state} (partial trace)` : r.state, `${c.kind} ${c.name}${r.host === 'local' ? '' : ` on ${r.host}`}`, c.gomaxprocs, c.concurrency === null ? '—' : String(c.concurrency), c.duration === null ? '—' : `${c.duration}${c.ranS === null ? '' : ` (ran ${seconds(c.ranS)})`}`, rate(r.opsPerSec), schedCell(r.schedP99, r.schedSource), r.experimentId ?? '—', r.label]);
  }
  ctx.stdout.write(`${table(withoutEmptyColumns(rows, ['experiment', 'label']))}\n`);
  if (listed.total > listed.runs.length) ctx.stdout.write(`(${listed.runs.length} of ${listed.total}; --limit N for more)\n`);
  return EXIT_OK;
}

export const list: CliCommand = { name: 'list', summary: 'list stored runs', help: HELP, options: OPTIONS, fields: FIELDS, run: listCommand, readsHistory: true };
