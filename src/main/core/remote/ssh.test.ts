// The ssh command line keeps the host's options first and the destination after "--"; a command
// is bounded as a whole when asked.
import { describe, expect, it } from 'vitest';
import { startSshd, sshdAvailable } from '../../../../test/support/sshd';
import { sshArgs, sshRun } from './ssh';

describe('sshArgs', () => {
  it("puts the host's options before the workbench's defaults and the destination after --", () => {
    const args = sshArgs({ destination: 'me@lab', sshOptions: ['-p', '2222', '-o', 'ConnectTimeout=3'] }, 'uname', ['-tt']);
    expect(args.slice(0, 5)).toEqual(['-p', '2222', '-o', 'ConnectTimeout=3', '-tt']);
    expect(args).toContain('BatchMode=yes');
    expect(args.slice(-3)).toEqual(['--', 'me@lab', 'uname']);
    // ssh keeps the first value of an option: the host's ConnectTimeout comes before the default one.
    expect(args.indexOf('ConnectTimeout=3')).toBeLessThan(args.findIndex((a) => a.startsWith('ConnectTimeout=1')));
  });
});

describe.skipIf(!sshdAvailable())('sshRun (needs OpenSSH: /usr/sbin/sshd and ssh)', () => {
  it('gives up on a command that outlives its time, which a connect timeout does not bound', async () => {
    const sshd = await startSshd();
    try {
      const host = { destination: sshd.destination, sshOptions: sshd.sshOptions };
      const started = Date.now();
      // It says its pid first: the test sshd's session outlives the killed client, so the test ends it.
      const result = await sshRun(host, 'echo $$; exec sleep 30', { timeoutMs: 1500 });
      const pid = Number(result.stdout.trim());
      try {
        expect(Date.now() - started).toBeLessThan(6000);
        expect(result.code).not.toBe(0);
        expect(result.stderr).toContain('no answer within 1.5 s');
      } finally {
        if (pid > 1) process.kill(pid, 'SIGKILL');
      }
      expect(await sshRun(host, 'echo here', { timeoutMs: 10_000 })).toMatchObject({ code: 0, stdout: 'here\n' });
    } finally {
      sshd.stop();
    }
  });
});
