// `gmpw hosts add|list|rm|check`: the remote machines runs can go to (docs/REMOTE.md).
import type { Host, HostCheck } from '../../../shared/hosts';
import { COMMON_HELP, didYouMean, firstWord, parseCommand } from '../args';
import { call, printJson } from '../call';
import { printableLine, table } from '../format';
import { EXIT_FAILED, EXIT_OK, UsageError, type CliCommand, type CliContext } from '../types';

const HELP = `usage: gmpw hosts add NAME DESTINATION [-- SSH_OPTION…]
       gmpw hosts list
       gmpw hosts rm NAME
       gmpw hosts check NAME…

A host is a machine reached with your own OpenSSH client: DESTINATION is anything ssh accepts
(user@server, a ~/.ssh/config alias, ssh://user@server:2222), so keys, agents and ProxyJump work as
they do for ssh. Options after -- are given to ssh for this host only, e.g. -- -i ~/.ssh/lab -p 2222.
Runs go to a host with gmpw run --host NAME; "local" is this machine.

check connects and prints the host's OS/arch, CPU count, kernel, cgroup version and CPU quota, and
how long that took; its exit code is 1 when a host is unreachable. It then ends what runs left
running there when their link was lost, a line each, and warns of other workbenches' live runs
(--json: "leftovers"); this may wait up to 15 s for a run's heartbeats (docs/REMOTE.md).

${COMMON_HELP}`;

function cpuQuota(c: HostCheck): string {
  if (c.cgroup === null || c.cgroup === 'none') return 'no cgroup';
  return `cgroup ${c.cgroup}, ${c.cpuQuota === null ? 'no CPU quota' : `CPU quota ${c.cpuQuota} CPUs`}`;
}

/** What a host says about itself (its kernel, its error) is remote text: printed as text, never as terminal control. */
function describeCheck(c: HostCheck): string {
  return printableLine(checkLine(c));
}

function checkLine(c: HostCheck): string {
  const took = `${c.seconds.toFixed(2)}s`;
  if (!c.reachable) return `${c.name}: unreachable (${c.error}) after ${took}`;
  const platform = c.goos && c.goarch ? `${c.goos}/${c.goarch}` : `${c.os} ${c.arch} (no Go port known)`;
  return `${c.name}: reachable in ${took}: ${platform}, ${c.numCpu ?? '?'} CPUs, kernel ${c.kernel ?? '?'}, ${cpuQuota(c)}`;
}

/** `gmpw hosts list`: a column each for the name, the destination and the ssh options, aligned. */
export function hostsTable(hosts: readonly Pick<Host, 'name' | 'destination' | 'sshOptions'>[]): string {
  return table([['name', 'destination', 'ssh options'], ...hosts.map((h) => [h.name, h.destination, h.sshOptions.join(' ')])]);
}

const HOSTS_ACTIONS = ['add', 'list', 'rm', 'check'];

async function hostsCommand(argv: string[], ctx: CliContext): Promise<number> {
  // Everything after "--" belongs to ssh, options that look like ours included.
  const dashes = argv.indexOf('--');
  const sshOptions = dashes >= 0 ? argv.slice(dashes + 1) : [];
  const { positionals } = parseCommand('hosts', dashes >= 0 ? argv.slice(0, dashes) : argv, {}, true);
  const [action, ...rest] = positionals;
  if (dashes >= 0 && action !== 'add') throw new UsageError('hosts: ssh options (after --) go with hosts add only');
  switch (action) {
    case 'add': {
      if (rest.length !== 2) throw new UsageError('hosts add: give NAME and DESTINATION, e.g. gmpw hosts add lab me@lab.example');
      const host = await call(ctx, 'hosts.add', { name: rest[0], destination: rest[1], sshOptions });
      if (ctx.json) printJson(ctx, host);
      else ctx.stdout.write(`added host ${host.name} (ssh ${[...host.sshOptions, host.destination].join(' ')}); gmpw hosts check ${host.name} tries it\n`);
      return EXIT_OK;
    }
    case 'list': {
      if (rest.length > 0) throw new UsageError('hosts list takes no arguments');
      const { hosts } = await call(ctx, 'hosts.list', {});
      if (ctx.json) printJson(ctx, hosts);
      else if (hosts.length === 0) ctx.stdout.write('no hosts (gmpw hosts add NAME DESTINATION adds one)\n');
      else ctx.stdout.write(`${hostsTable(hosts)}\n`);
      return EXIT_OK;
    }
    case 'rm': {
      if (rest.length !== 1) throw new UsageError('hosts rm: give one NAME');
      await call(ctx, 'hosts.rm', { name: rest[0] });
      if (!ctx.json) ctx.stdout.write(`removed host ${rest[0]}\n`);
      else printJson(ctx, { ok: true });
      return EXIT_OK;
    }
    case 'check': {
      if (rest.length === 0) throw new UsageError('hosts check: give at least one NAME');
      // A host that answered is swept of what runs left running there, as before a run.
      const checks = await Promise.all(rest.map((name) => call(ctx, 'hosts.check', { name, sweep: true })));
      if (ctx.json) printJson(ctx, checks);
      else for (const c of checks) ctx.stdout.write([describeCheck(c), ...c.leftovers.map((line) => printableLine(`${c.name}: ${line}`))].map((l) => `${l}\n`).join(''));
      return checks.every((c) => c.reachable) ? EXIT_OK : EXIT_FAILED;
    }
    default:
      throw new UsageError(`hosts: ${action === undefined ? 'give add, list, rm or check' : `"${action}" is not add, list, rm or check${didYouMean(action, HOSTS_ACTIONS)}`}`);
  }
}

export const hosts: CliCommand = { name: 'hosts', summary: 'add, list, remove and check remote hosts (ssh)', help: HELP, options: {}, fields: { name: 'NAME', destination: 'DESTINATION', sshOptions: 'SSH_OPTION' }, run: hostsCommand, readsHistory: (argv) => firstWord(argv) !== 'add' };
