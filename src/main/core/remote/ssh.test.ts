// The ssh command line keeps the host's options first and the destination after "--"; a command
// is bounded as a whole when asked.
import { describe, expect, it } from 'vitest';
import { startSshd, sshdAvailable } from '../../../../test/support/sshd';
import { linkLostLine, sshArgs, sshFailure, sshRun } from './ssh';

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

describe('sshFailure', () => {
  it("says why ssh failed in its own last words, not its notes, and names a key file it could not read", () => {
    const fail = (stderr: string) => sshFailure({ code: 255, stdout: '', stderr });
    expect(fail("Warning: Identity file /tmp/gone not accessible: No such file or directory.\nroot@127.0.0.1: Permission denied (publickey).\n")).toBe(
      'root@127.0.0.1: Permission denied (publickey). (Identity file /tmp/gone not accessible: No such file or directory.)',
    );
    expect(fail("Warning: Permanently added '[127.0.0.1]:2222' (ED25519) to the list of known hosts.\nssh: connect to host 127.0.0.1 port 2222: Connection refused\n")).toBe('ssh: connect to host 127.0.0.1 port 2222: Connection refused');
    expect(fail('session refused\nConnection to 127.0.0.1 closed.\n')).toBe('session refused');
    // A host that refuses the connection: the key file is not why.
    expect(fail('Warning: Identity file /tmp/gone not accessible: No such file or directory.\nssh: connect to host 127.0.0.1 port 2222: Connection refused\n')).toBe('ssh: connect to host 127.0.0.1 port 2222: Connection refused');
    expect(fail('')).toBe('ssh exited with code 255');
  });
});

describe('linkLostLine', () => {
  it("finds ssh's own words for a lost link, not its line at the end of every session", () => {
    // OpenSSH 9.2, a server killed mid-session, a frozen one, a reset: the link's loss, then the usual last line.
    expect(linkLostLine('ticks\r\nConnection to 127.0.0.1 closed by remote host.\r\nConnection to 127.0.0.1 closed.\r\n')).toBe('Connection to 127.0.0.1 closed by remote host.');
    expect(linkLostLine('Timeout, server 127.0.0.1 not responding.\r\n')).toBe('Timeout, server 127.0.0.1 not responding.');
    expect(linkLostLine('client_loop: send disconnect: Broken pipe\r\n')).toBe('client_loop: send disconnect: Broken pipe');
    expect(linkLostLine('\x1b[0mRead from remote host lab: Connection reset by peer\r\n')).toBe('Read from remote host lab: Connection reset by peer');
    // A target that exited 255 by itself: ssh's ordinary last line, no loss.
    expect(linkLostLine('bye\r\nConnection to 127.0.0.1 closed.\r\n')).toBeNull();
    // The target's own words long before the end are not read as ssh's.
    expect(linkLostLine('client_loop: in my own log\r\n1\r\n2\r\n3\r\n4\r\nConnection to h closed.\r\n')).toBeNull();
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
