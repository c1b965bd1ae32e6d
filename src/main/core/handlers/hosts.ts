// hosts.*: the remote machines runs can go to (docs/REMOTE.md).
import { UserError } from '../errors';
import { checkHost } from '../remote/check';
import { sshOptionsProblem } from '../remote/ssh';
import { sweepHost } from '../remote/sweep';
import type { Store } from '../store';
import type { DomainHandlers } from './types';

export function createHostHandlers(deps: { store: Store }): DomainHandlers<'hosts.list' | 'hosts.add' | 'hosts.rm' | 'hosts.check'> {
  const { hosts } = deps.store;
  return {
    'hosts.list': async () => ({ hosts: hosts.list() }),
    'hosts.add': async (host) => {
      const problem = await sshOptionsProblem(host.sshOptions);
      if (problem) throw new UserError(`ssh does not take these options: ${problem}`, 'sshOptions');
      return hosts.add(host);
    },
    'hosts.rm': async ({ name }) => {
      hosts.remove(name);
      return { ok: true };
    },
    'hosts.check': async ({ name, sweep }) => {
      const host = hosts.require(name);
      const check = await checkHost(host);
      return { ...check, leftovers: sweep && check.reachable ? await sweepHost(host) : [] };
    },
  };
}
