// hosts.check against a real OpenSSH server on 127.0.0.1: the facts it reports are this machine's,
// read independently here; an unreachable host is an answer with ssh's reason, in seconds.
import { existsSync } from 'node:fs';
import { availableParallelism, cpus, release } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, sshdAvailable, type TestSshd } from '../../../../test/support/sshd';
import { checkHost, parseProbe } from './check';

const GOARCH_OF_NODE: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };

describe.skipIf(!sshdAvailable())('hosts.check over ssh (needs OpenSSH: /usr/sbin/sshd and ssh)', () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(() => sshd?.stop());

  it('reports the platform, CPUs, kernel and cgroup of the machine behind the host', async () => {
    const check = await checkHost({ name: 'loop', destination: sshd.destination, sshOptions: sshd.sshOptions, createdAt: '' });
    expect(check.error).toBeNull();
    expect(check.reachable).toBe(true);
    expect(check.goos).toBe('linux');
    expect(check.goarch).toBe(GOARCH_OF_NODE[process.arch]);
    expect(check.numCpu).toBe(cpus().length);
    expect(check.kernel).toBe(release());
    expect(check.cgroup).toBe(existsSync('/sys/fs/cgroup/cgroup.controllers') ? 'v2' : existsSync('/sys/fs/cgroup/cpu') ? 'v1' : 'none');
    expect(check.seconds).toBeGreaterThan(0);
    expect(check.seconds).toBeLessThan(10);
  });

  it.skipIf(availableParallelism() < 2)('counts the CPUs a login may run on, as Go does: a host pinned to one CPU has one (needs 2 CPUs)', async () => {
    const pinned = await startSshd({ affinity: '0' });
    try {
      const check = await checkHost({ name: 'pinned', destination: pinned.destination, sshOptions: pinned.sshOptions, createdAt: '' });
      expect(check.error).toBeNull();
      // getconf _NPROCESSORS_ONLN said every online CPU: a run there defaulted to twice the concurrency its Go could use.
      expect(check.numCpu).toBe(1);
    } finally {
      pinned.stop();
    }
  });

  it('gives up on a host that takes the connection and then never answers, saying so', async () => {
    const hanging = await startSshd({ hold: 'getconf _NPROCESSORS_ONLN' });
    try {
      hanging.hold(); // the probe's session waits, as behind a hung login
      const check = await checkHost({ name: 'hung', destination: hanging.destination, sshOptions: hanging.sshOptions, createdAt: '' }, 1500);
      expect(hanging.held()).toBe(1);
      expect(check.reachable).toBe(false);
      expect(check.error).toBe('no answer within 1.5 s');
      expect(check.seconds).toBeGreaterThanOrEqual(1.5);
      expect(check.seconds).toBeLessThan(5);
    } finally {
      hanging.release();
      hanging.stop();
    }
  });

  it('says why a host cannot be reached, without waiting for a timeout', async () => {
    sshd.kill(); // nothing listens on the port any more
    const check = await checkHost({ name: 'gone', destination: sshd.destination, sshOptions: sshd.sshOptions, createdAt: '' });
    expect(check.reachable).toBe(false);
    expect(check.error).toMatch(/Connection refused/);
    expect(check.numCpu).toBeNull();
    expect(check.seconds).toBeLessThan(5);
  });
});

describe('the probe output', () => {
  it('takes the smallest CPU quota along the cgroup path, and unlimited as null', () => {
    const out = ['os=Linux', 'arch=aarch64', 'kernel=6.1.0', 'ncpu=64', 'cgroup=v2', 'cpumax=max 100000', 'cpumax=400000 100000', 'cpumax=150000 100000'].join('\n');
    expect(parseProbe('h', out, 0.2)).toMatchObject({ goos: 'linux', goarch: 'arm64', numCpu: 64, cgroup: 'v2', cpuQuota: 1.5 });
    expect(parseProbe('h', 'os=Linux\narch=x86_64\ncgroup=v1\ncpumax=-1 100000', 0.1)).toMatchObject({ goarch: 'amd64', cgroup: 'v1', cpuQuota: null });
  });

  it('leaves unknown platforms and missing facts null rather than guessing', () => {
    const check = parseProbe('h', 'os=Plan9\narch=mips\nncpu=', 0.1);
    expect(check).toMatchObject({ os: 'Plan9', goos: null, goarch: null, numCpu: null, kernel: null, cgroup: null, cpuQuota: null });
  });
});
