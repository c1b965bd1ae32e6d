// What a host's sweep of leftover runs reports (layout.ts: sweep), in words for the terminal of the
// run it precedes and for a host's check (`gmpw hosts check`), and the sweep on its own for the latter.
import type { Host } from '../../../shared/hosts';
import { SWEEP_MARK, sweep, viaSh } from './layout';
import { sshFailure, sshRun } from './ssh';

/** A report line; the id is remote text, so only a run id's characters are taken. */
const LINE = new RegExp(`^${SWEEP_MARK} (killed|ended|busy) ([0-9A-Za-z._-]+)(?: (\\d+))?$`);

/** When the run started, as its id says (store/ids.ts: UTC yyMMdd-HHmmss-…), or nothing. */
function startedBy(id: string): string {
  const m = /^(\d\d)(\d\d)(\d\d)-(\d\d)(\d\d)(\d\d)-/.exec(id);
  return m ? ` (started 20${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]} UTC)` : '';
}

/**
 * The sweep's report in words, a line per run it met; what is not its report is ignored. `before`
 * says whether a run is about to start there (the upload's sweep) or not (`gmpw hosts check`).
 */
export function sweepReport(hostName: string, stdout: string, before: 'run' | 'check' = 'run'): string[] {
  const lines: string[] = [];
  for (const text of stdout.split(/\r?\n/)) {
    const m = LINE.exec(text.trim());
    if (!m) continue;
    const [, what, id, seconds] = m;
    const run = `run ${id}${startedBy(id)}`;
    if (what === 'killed') lines.push(`killed the target of ${run}, left running on host ${hostName}: no workbench's heartbeat reached it, its link was lost`);
    else if (what === 'busy') {
      const share = before === 'run' ? 'this run shares the host with it, and its figures may show that' : 'a run there now would share the host with it';
      lines.push(`warning: host ${hostName} is also running the target of ${run}, for a workbench whose heartbeats reach it: ${share}`);
    }
    else if (Number(seconds) > 0) lines.push(`waited ${seconds} s for the target of ${run}, still running on host ${hostName}, to end`);
  }
  return lines;
}

/** Sweeps the host on its own (`hosts.check` with `sweep`): the report in words, a last line saying why ssh failed if it did. */
export async function sweepHost(host: Pick<Host, 'name' | 'destination' | 'sshOptions'>): Promise<string[]> {
  const result = await sshRun(host, viaSh(sweep())).catch((err: Error) => ({ code: null, stdout: '', stderr: err.message }));
  const lines = sweepReport(host.name, result.stdout, 'check');
  return result.code === 0 ? lines : [...lines, `could not look for runs left running there: ${sshFailure(result)}`];
}
