// A plan on a host that does not answer: the check before the build fails the run with ssh's
// reason, in the run's terminal too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../../../../test/support/run-core';
import { startSshd, sshdAvailable } from '../../../../test/support/sshd';

describe.skipIf(!sshdAvailable())('a run on an unreachable host (needs OpenSSH: /usr/sbin/sshd and ssh)', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await openTestCore();
    // A server's options and port, with the server gone: connections are refused at once.
    const gone = await startSshd();
    gone.stop();
    await t.call('hosts.add', { name: 'gone', destination: gone.destination, sshOptions: gone.sshOptions });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('fails, saying why the host could not be reached', async () => {
    const { ids, states } = await t.runPlan({ target: { kind: 'scenario', id: 'idle' }, duration: '1s', concurrency: [1], gomaxprocs: ['default'], hosts: ['gone'] });
    expect(states).toEqual(['failed']);
    const run = (await t.call('runs.get', { id: ids[0] })).run;
    expect(run.error).toMatch(/^host gone is unreachable: .*Connection refused$/);
    const printed = t.events['run.output'].filter((e) => e.runId === ids[0]).map((e) => e.data).join('');
    expect(printed).toContain(`gmpw: ${run.error}`);
  });
});
