// The ssh command line keeps the host's options first and the destination after "--"; a command
// is bounded as a whole when asked.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../../../../test/support/scratch';
import { keygen, startSshd, sshdAvailable } from '../../../../test/support/sshd';
import { shellQuote } from '../shell-quote';
import { linkLostLine, sessionFailure, sshArgs, sshFailure, sshRun } from './ssh';

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

describe('sessionFailure', () => {
  it("gives ssh's own words for a failed session, never the target's last line, and why ssh said nothing", () => {
    expect(sessionFailure('tick 41\r\nTimeout, server lab not responding.\r\n', [])).toBe('Timeout, server lab not responding.');
    expect(sessionFailure('ssh: connect to host 10.0.0.7 port 22: No route to host\r\n', [])).toBe('ssh: connect to host 10.0.0.7 port 22: No route to host');
    // The target printed last, and ssh nothing: its line is not the reason.
    const silent = 'tick 41\r\ntick 42\r\n';
    expect(sessionFailure(silent, ['-o', 'LogLevel=ERROR'])).toBe("ssh gave no reason: this host's option LogLevel=ERROR keeps it from saying why");
    expect(sessionFailure(silent, ['-oLogLevel quiet'])).toBe("ssh gave no reason: this host's option LogLevel=quiet keeps it from saying why");
    expect(sessionFailure(silent, ['-p', '2222', '-Cq'])).toBe("ssh gave no reason: this host's option -q keeps it from saying why");
    // INFO and above speak: then the configuration may be why.
    expect(sessionFailure(silent, ['-o', 'LogLevel=VERBOSE', '-i', '/keys/q'])).toBe('ssh gave no reason: a LogLevel of ERROR, FATAL or QUIET in your ssh configuration would keep it from saying why');
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

describe.skipIf(!sshdAvailable())('a host key ssh will not trust (needs OpenSSH: /usr/sbin/sshd and ssh)', () => {
  it('says whether the key is unknown or changed, and how to check it rather than turn the check off', async () => {
    const sshd = await startSshd();
    const dir = scratchDir('gmpw-known-hosts-');
    try {
      const knownHosts = join(dir, 'known_hosts');
      // The test server's options without its "keep no key, check none", as a user's host has them.
      const keyFree = sshd.sshOptions.filter((arg, i, all) => !/^(UserKnownHostsFile|StrictHostKeyChecking)=/.test(arg) && !(arg === '-o' && /^(UserKnownHostsFile|StrictHostKeyChecking)=/.test(all[i + 1] ?? '')));
      const host = { destination: sshd.destination, sshOptions: [...keyFree, '-o', `UserKnownHostsFile=${knownHosts}`] };

      writeFileSync(knownHosts, '');
      const unknown = sshFailure(await sshRun(host, 'true', { timeoutMs: 10_000 }));
      expect(unknown).toMatch(/^Host key verification failed\. \(ssh accepted no key it holds for this host; if the host is new to you, connect once with ssh in a terminal, check the fingerprint/);

      // Another machine's key under the server's name: what a replaced host or a man in the middle looks like.
      keygen(join(dir, 'other'));
      const name = `[127.0.0.1]:${sshd.port}`;
      writeFileSync(knownHosts, `${name} ${readFileSync(join(dir, 'other.pub'), 'utf8')}`);
      const changed = sshFailure(await sshRun(host, 'true', { timeoutMs: 10_000 }));
      expect(changed).toContain(`Host key verification failed. (the key ${name} sent is not the one your known_hosts holds for it`);
      // The old key is removed from the file that holds it, this host's own known-hosts file here.
      expect(changed).toContain(`ssh-keygen -f ${shellQuote(knownHosts)} -R '${name}'`);

      // Accepted as the advice says (its key in known_hosts), the same options reach the server.
      writeFileSync(knownHosts, `${name} ${sshd.hostPublicKey}\n`);
      expect(await sshRun(host, 'echo in', { timeoutMs: 10_000 })).toMatchObject({ code: 0, stdout: 'in\n' });
    } finally {
      sshd.stop();
    }
  });
});
