// The sweep's report in words: one line per run it met, its own lines only (a login's startup files
// may print too), a run id's characters only, and the start its id says.
import { describe, expect, it } from 'vitest';
import { SWEEP_MARK } from './layout';
import { sweepReport } from './sweep';

describe('sweepReport', () => {
  it('words what the host did about each run it met, and nothing else it printed', () => {
    const stdout = [
      'Welcome to lab!',
      `${SWEEP_MARK} killed 261204-120000-00aa`,
      `${SWEEP_MARK} busy 261204-120501-01zz`,
      `${SWEEP_MARK} ended old-run 4`,
      `${SWEEP_MARK} ended just-now 0`,
      `${SWEEP_MARK} killed \x1b[2Jodd`,
      '',
    ].join('\n');
    expect(sweepReport('lab', stdout)).toEqual([
      "killed the target of run 261204-120000-00aa (started 2026-12-04 12:00:00 UTC), left running on host lab: no workbench's heartbeat reached it, its link was lost",
      'warning: host lab is also running the target of run 261204-120501-01zz (started 2026-12-04 12:05:01 UTC), for a workbench whose heartbeats reach it: this run shares the host with it, and its figures may show that',
      'waited 4 s for the target of run old-run, still running on host lab, to end',
    ]);
    expect(sweepReport('lab', `${SWEEP_MARK} busy r1`, 'check')).toEqual([
      'warning: host lab is also running the target of run r1, for a workbench whose heartbeats reach it: a run there now would share the host with it',
    ]);
  });
});
