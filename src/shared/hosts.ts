// Remote hosts: machines the workbench reaches with the user's own OpenSSH client, and what a
// check of one reports. No node, DOM or electron imports here.
import { z } from 'zod';

/** The machine the workbench runs on; not a stored host, and a name no host may take. */
export const LOCAL_HOST = 'local';

export const HostName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a host name: letters, digits, . _ - (at most 64)');

export const Host = z.object({
  name: HostName,
  /** Anything `ssh` accepts as its destination: user@host, a ~/.ssh/config alias, ssh://user@host:port. */
  destination: z
    .string()
    .min(1, 'an ssh destination such as user@server or a ~/.ssh/config alias')
    .max(500)
    // ssh would read a leading '-' as one of its options, which belong in sshOptions.
    .regex(/^[^-\s][^\s]*$/, 'an ssh destination without spaces or a leading -'),
  /** Extra ssh options for this host only, e.g. ["-p", "2222", "-i", "~/.ssh/lab"]. */
  sshOptions: z.array(z.string().max(1000)).max(64).default([]),
  createdAt: z.string(),
});
export type Host = z.infer<typeof Host>;

/** A host's machine as `hosts.check` found it: the facts that decide how a run there behaves. */
export const HostCheck = z.object({
  name: z.string(),
  reachable: z.boolean(),
  /** Why it is not reachable (ssh's own words), or null. */
  error: z.string().nullable(),
  /** Wall-clock seconds the check took. */
  seconds: z.number(),
  /** Go's names for the host's platform, which its runs are cross-compiled for; null when unknown. */
  goos: z.string().nullable(),
  goarch: z.string().nullable(),
  /** `uname -s` and `uname -m` as the host says them. */
  os: z.string().nullable(),
  arch: z.string().nullable(),
  numCpu: z.number().nullable(),
  kernel: z.string().nullable(),
  cgroup: z.enum(['v1', 'v2', 'none']).nullable(),
  /** The CPU quota of the login's cgroup in CPUs (e.g. 1.5), null when unlimited or unknown. */
  cpuQuota: z.number().nullable(),
});
export type HostCheck = z.infer<typeof HostCheck>;
