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
    .regex(/^[^-\s\p{Cc}][^\s\p{Cc}]*$/u, 'an ssh destination without spaces, control characters or a leading -'),
  /** Extra ssh options for this host only, e.g. ["-p", "2222", "-i", "~/.ssh/lab"]. */
  sshOptions: z
    .array(z.string().max(1000))
    .max(64)
    .default([])
    .superRefine((options, ctx) => {
      const refused = localEffectOption(options);
      if (refused) {
        ctx.addIssue({
          code: 'custom',
          message: `${refused} would make ssh run a command or read or write a file on this machine; a stored host may not (the history can come from someone else): put it in your ~/.ssh/config under a Host alias and give that alias as the destination`,
        });
      }
    }),
  createdAt: z.string(),
});
export type Host = z.infer<typeof Host>;

/** ssh's one-letter options that take a value (OpenSSH's getopt string). */
const SSH_VALUE_FLAGS = new Set('BbcDEeFIiJLlmOoPpQRSWw');
/** Flags whose value is a local file ssh reads or writes: a config (-F), a log (-E), a PKCS#11 library (-I). */
const LOCAL_FILE_FLAGS = new Set('EFI');
/** -o keywords that run a local command or load local code or configuration. */
const LOCAL_EFFECT_KEYWORDS = new Set(['proxycommand', 'localcommand', 'permitlocalcommand', 'knownhostscommand', 'pkcs11provider', 'securitykeyprovider', 'match', 'include']);

/**
 * The first of a host's stored ssh options that acts on this machine beyond connecting (a command it
 * runs, a file it reads or writes), as the user wrote it; null when there is none. Options are read
 * the way ssh's getopt reads them: flag clusters, and values attached or in the next argument.
 */
export function localEffectOption(options: readonly string[]): string | null {
  for (let i = 0; i < options.length; i++) {
    const arg = options[i];
    if (!arg.startsWith('-') || arg === '-' || arg.startsWith('--')) continue;
    for (let j = 1; j < arg.length; j++) {
      const flag = arg[j];
      if (!SSH_VALUE_FLAGS.has(flag)) continue;
      const attached = arg.slice(j + 1);
      const value = attached !== '' ? attached : (options[++i] ?? '');
      const written = attached !== '' ? arg : `${arg} ${value}`;
      // "-F /dev/null" (no config at all) is the one harmless local file.
      if (LOCAL_FILE_FLAGS.has(flag) && value !== '/dev/null' && value !== 'none') return written;
      const keyword = value.trim().split(/[\s=]/, 1)[0].toLowerCase();
      if (flag === 'o' && LOCAL_EFFECT_KEYWORDS.has(keyword)) return written;
      break;
    }
  }
  return null;
}

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
