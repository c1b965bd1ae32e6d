// The hosts table through the handlers, on a real SQLite file: what is added comes back, bad names
// and duplicates are refused with the field named, and nothing else is lost.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failureOf, liveProcessesOfGroup } from '../../../../test/support/run-core';
import { leaveRunning, sshdAvailable, startSshd } from '../../../../test/support/sshd';
import { Store } from '../store';
import { dispatch } from './dispatch';
import { createHostHandlers } from './hosts';
import type { HandlerTable } from './types';

let dir: string;
let store: Store;
let call: (name: 'hosts.add' | 'hosts.list' | 'hosts.rm' | 'hosts.check', input: unknown) => Promise<unknown>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gmpw-hosts-'));
  store = Store.open(dir);
  const table = createHostHandlers({ store }) as unknown as HandlerTable;
  call = (name, input) => dispatch(table, name, input);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('hosts table', () => {
  it.skipIf(!sshdAvailable())('refuses options ssh itself would not take, naming the field and saying what ssh said (needs ssh)', async () => {
    for (const option of ['Port=22 -oProxyCommand=a', 'PubkeyAuthentication=yes=ProxyCommand', 'IdentityFile=/tmp/x  ProxyCommand=y']) {
      const { detail } = await failureOf(call('hosts.add', { name: 'lab', destination: 'me@lab', sshOptions: ['-o', option] }));
      expect(detail, option).toMatchObject({ field: 'sshOptions', message: expect.stringMatching(/^ssh does not take these options: command-line line 0: /) });
    }
    expect(store.hosts.list()).toEqual([]);
    // What ssh takes is kept, an identity file not there yet included (ssh only warns of it).
    await call('hosts.add', { name: 'lab', destination: 'me@lab', sshOptions: ['-o', 'Port=2222', '-i', '/keys/not-yet'] });
    expect(store.hosts.list().map((h) => h.sshOptions)).toEqual([['-o', 'Port=2222', '-i', '/keys/not-yet']]);
  });

  it('keeps hosts with their ssh options across a reopen, listed by name, and removes them', async () => {
    await call('hosts.add', { name: 'zeta', destination: 'me@zeta.example', sshOptions: ['-p', '2222', '-i', '/keys/lab'] });
    await call('hosts.add', { name: 'alpha', destination: 'lab-alias' });
    store.close();
    store = Store.open(dir);
    const hosts = store.hosts.list();
    expect(hosts.map((h) => [h.name, h.destination, h.sshOptions])).toEqual([
      ['alpha', 'lab-alias', []],
      ['zeta', 'me@zeta.example', ['-p', '2222', '-i', '/keys/lab']],
    ]);
    expect(Date.parse(hosts[0].createdAt)).toBeGreaterThan(0);
    store.hosts.remove('alpha');
    expect(store.hosts.list().map((h) => h.name)).toEqual(['zeta']);
  });

  it('refuses a duplicate, "local", a bad name and a destination that ssh would read as an option', async () => {
    await call('hosts.add', { name: 'lab', destination: 'me@lab' });
    const duplicate = await failureOf(call('hosts.add', { name: 'lab', destination: 'other@lab' }));
    expect(duplicate.detail).toMatchObject({ field: 'name', code: 'exists' });
    expect((await failureOf(call('hosts.add', { name: 'local', destination: 'me@x' }))).detail.field).toBe('name');
    expect((await failureOf(call('hosts.add', { name: 'bad name', destination: 'me@x' }))).detail.field).toBe('name');
    expect((await failureOf(call('hosts.add', { name: 'x', destination: '-oProxyCommand=sh' }))).detail.field).toBe('destination');
    // The first one is intact.
    expect(store.hosts.require('lab').destination).toBe('me@lab');
  });

  it('refuses ssh options that act on this machine, added or found in an edited history, and never runs them', async () => {
    const marker = join(dir, 'ran');
    const hostile = [
      ['-oProxyCommand=sh -c "id > ' + marker + '"'],
      ['-o', 'ProxyCommand sh -c "id > ' + marker + '"'],
      ['-o', 'localcommand=touch ' + marker],
      ['-vF', '/tmp/other-config'],
      ['-E', join(dir, 'overwritten')],
      ['-p', '22', '-o', 'Match exec "touch ' + marker + '"'],
      // ssh strips quotes from a keyword: these are ProxyCommand and LocalCommand.
      ['-o', '"ProxyCommand" touch ' + marker],
      ['-o', "Proxy'Command' touch " + marker],
      ['-o"LocalCommand"=touch ' + marker, '-o', '"PermitLocalCommand" yes'],
      // A known-hosts line written into any file (the alias carries shell code), an agent forwarded,
      // the local environment sent, a control socket, a log file, a local forward.
      ['-o', `UserKnownHostsFile=${join(dir, 'rc')}`, '-o', 'StrictHostKeyChecking=accept-new', '-o', 'HostKeyAlias={touch,/tmp/x};'],
      ['-A'],
      ['-o', 'SendEnv=*'],
      ['-S', join(dir, 'sock')],
      ['-o', `ControlPath=${join(dir, 'sock')}`],
      ['-y', '-E', join(dir, 'log')],
      ['-L', '8080:localhost:80'],
      ['-J', 'gw;touch ' + marker],
      ['-o', 'ProxyJump=-oProxyCommand=x'],
      // A word would become the destination, and ours the remote command.
      ['other-host'],
      ['--'],
      // OpenSSH 10 expands ${VAR} and %-tokens in these: a local secret sent to the host.
      ['-l', '${AWS_SECRET_ACCESS_KEY}'],
      ['-o', 'User=%u-${GITHUB_TOKEN}'],
      ['-o', 'SetEnv=X=${GITHUB_TOKEN}'],
      ['-i', '~/.ssh/id_%u'],
      // Undoing the workbench's own BatchMode=yes (ssh keeps the first value): a password prompt.
      ['-o', 'BatchMode=no', '-o', 'PreferredAuthentications=password'],
      // A key a stored jump host chose, written into the user's known_hosts under the destination's name.
      ['-J', 'evil.example', '-o', 'StrictHostKeyChecking=accept-new'],
      ['-J', 'gw,-F/tmp/x'],
    ];
    for (const sshOptions of hostile) {
      const refused = await failureOf(call('hosts.add', { name: 'evil', destination: 'me@lab', sshOptions }));
      expect(refused.detail.field).toBe('sshOptions');
      expect(refused.detail.message, sshOptions.join(' ')).toMatch(/is not an ssh option a stored host may carry: only options that shape the connection are/);
    }
    expect(existsSync(marker)).toBe(false);
    // Everyday options still pass: no config file, a port, a key, a jump host, keep-alives, a -o value that merely mentions a keyword.
    await call('hosts.add', {
      name: 'ok',
      destination: 'me@lab',
      sshOptions: ['-F', '/dev/null', '-p', '2222', '-i', '~/.ssh/lab', '-J', 'me@bastion:22,gw2', '-4Cv', '-oServerAliveInterval=5', '-o', 'User=ProxyCommand', '-o', 'ProxyJump ssh://gw', '-o', 'StrictHostKeyChecking=yes'],
    });
    // A throwaway host whose key is kept nowhere may go unchecked.
    await call('hosts.add', { name: 'throwaway', destination: 'me@127.0.0.1', sshOptions: ['-oUserKnownHostsFile=/dev/null', '-o', 'StrictHostKeyChecking=no'] });
    await call('hosts.rm', { name: 'throwaway' });
    await call('hosts.add', {
      name: 'ok2',
      destination: 'ssh://me@[::1]:2222',
    });

    // A history edited by someone else: the host is refused when read, with how to remove it.
    await call('hosts.add', { name: 'lab', destination: 'me@lab' });
    const raw = new BetterSqlite3(join(dir, 'gmpw.db'));
    raw.prepare('UPDATE hosts SET ssh_options = ? WHERE name = ?').run(JSON.stringify(hostile[0]), 'lab');
    raw.close();
    expect(() => store.hosts.get('lab')).toThrow(/host "lab" in the history is not one the workbench would store \(sshOptions: -oProxyCommand=.*gmpw hosts rm lab removes it/);
    expect((await failureOf(call('hosts.list', {}))).detail.code).toBe('corrupt-history');
    await call('hosts.rm', { name: 'lab' });
    expect(store.hosts.list().map((h) => h.name)).toEqual(['ok', 'ok2']);
  });

  it('refuses a destination with control characters (it would drive the terminal that lists it)', async () => {
    const refused = await failureOf(call('hosts.add', { name: 'x', destination: 'me@lab\u001b]52;c;AAAA\u0007' }));
    expect(refused.detail.field).toBe('destination');
    // ${VAR} and %-tokens in a user name are expanded by OpenSSH 10; * ? ! , are patterns.
    for (const destination of ['${AWS_SECRET_ACCESS_KEY}@evil.example', '%u@evil.example', '*', 'a,b']) {
      expect((await failureOf(call('hosts.add', { name: 'x', destination }))).detail.field, destination).toBe('destination');
    }
  });

  it('names the missing host on rm', async () => {
    const missing = await failureOf(call('hosts.rm', { name: 'nowhere' }));
    expect(missing.detail).toMatchObject({ field: 'name', code: 'not-found' });
    expect(missing.detail.message).toContain('nowhere');
  });
});

describe.skipIf(!sshdAvailable())('hosts.check against a real sshd (needs OpenSSH: /usr/sbin/sshd and ssh)', () => {
  it('sweeps what a lost run left running only when asked (the CLI asks; the app\'s host picker does not)', async () => {
    const sshd = await startSshd();
    const left = await leaveRunning(sshd.home, '261205-030000-00bb');
    try {
      await call('hosts.add', { name: 'loop', destination: sshd.destination, sshOptions: sshd.sshOptions });
      const looked = (await call('hosts.check', { name: 'loop' })) as { reachable: boolean; leftovers: string[] };
      expect([looked.reachable, looked.leftovers]).toEqual([true, []]);
      expect(liveProcessesOfGroup(left.pgid)).not.toEqual([]);
      const swept = (await call('hosts.check', { name: 'loop', sweep: true })) as { leftovers: string[] };
      expect(swept.leftovers).toEqual([expect.stringContaining('killed the target of run 261205-030000-00bb')]);
      // Killed is not yet gone: on a busy machine the group's last process exits a moment later.
      await expect.poll(() => liveProcessesOfGroup(left.pgid), { timeout: 5000 }).toEqual([]);
    } finally {
      left.end();
      sshd.stop();
    }
  });
});
