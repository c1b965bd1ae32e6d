// The hosts table through the handlers, on a real SQLite file: what is added comes back, bad names
// and duplicates are refused with the field named, and nothing else is lost.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failureOf } from '../../../../test/support/run-core';
import { Store } from '../store';
import { dispatch } from './dispatch';
import { createHostHandlers } from './hosts';
import type { HandlerTable } from './types';

let dir: string;
let store: Store;
let call: (name: 'hosts.add' | 'hosts.list' | 'hosts.rm', input: unknown) => Promise<unknown>;

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

  it('names the missing host on rm', async () => {
    const missing = await failureOf(call('hosts.rm', { name: 'nowhere' }));
    expect(missing.detail).toMatchObject({ field: 'name', code: 'not-found' });
    expect(missing.detail.message).toContain('nowhere');
  });
});
