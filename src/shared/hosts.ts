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
    // ssh would read a leading '-' as one of its options, which belong in sshOptions; it expands
    // ${VAR} and %-tokens in a user name (a stored host could send a local secret as one) and
    // matches * ? ! , as patterns: a destination is plain letters.
    .regex(/^(?!-)[A-Za-z0-9._@:/[\]+~-]+$/, 'an ssh destination: user@host, host:port, ssh://user@host:port or a ~/.ssh/config alias (letters, digits and . _ @ : / [ ] + ~ -; not starting with -)'),
  /** Extra ssh options for this host only, e.g. ["-p", "2222", "-i", "~/.ssh/lab"]. */
  sshOptions: z
    .array(z.string().max(1000))
    .max(64)
    .default([])
    .superRefine((options, ctx) => {
      const refused = refusedSshOption(options);
      if (refused) {
        ctx.addIssue({
          code: 'custom',
          message: `${refused} is not an ssh option a stored host may carry: only options that shape the connection are (${ALLOWED_SSH_OPTIONS}), since the history can come from someone else; put anything else in your ~/.ssh/config under a Host alias and give that alias as the destination`,
        });
      }
    }),
  createdAt: z.string(),
});
export type Host = z.infer<typeof Host>;

// The ssh options a stored host may carry are an allowlist: the history can come from someone else,
// and ssh has many ways to act on this machine (run a command, write a known-hosts line into any
// file, forward the agent or the environment to the host, open sockets). What is listed only shapes
// the connection; anything else belongs in ~/.ssh/config, which only the user writes.

/** The allowlist below in words, for the refusal and the docs. */
export const ALLOWED_SSH_OPTIONS =
  '-4 -6 -C -q -v -a -k -x; -p -l -i -c -m -b -B -e -J; -F /dev/null; -o with Port, User, IdentityFile, IdentitiesOnly, ProxyJump, ' +
  'ConnectTimeout, ConnectionAttempts, ServerAliveInterval, ServerAliveCountMax, TCPKeepAlive, Compression, LogLevel, AddressFamily, ' +
  'BindAddress, BindInterface, Ciphers, MACs, KexAlgorithms, HostKeyAlgorithms, PubkeyAcceptedAlgorithms, the authentication choices, ' +
  'NumberOfPasswordPrompts, CheckHostIP, RekeyLimit, IPQoS, EscapeChar, BatchMode=yes, UserKnownHostsFile=/dev/null, and StrictHostKeyChecking=yes ' +
  '(another value only with UserKnownHostsFile=/dev/null); no $ or % in any value';

/** One-letter flags without a value: address family, compression, quiet, verbose, no agent/X11/GSSAPI forwarding. */
const PLAIN_FLAGS = new Set('46Cqvakx');
/** One-letter flags with a value: port, login, identity key, cipher, MAC, bind address and interface, escape character, jump host; -o and -F are checked by value. */
const VALUE_FLAGS = new Set('plicmbBeJoF');
/** -o keywords that only shape the connection, lower-cased as ssh compares them. */
const CONNECTION_KEYWORDS = new Set([
  'port', 'user', 'identityfile', 'identitiesonly', 'proxyjump', 'connecttimeout', 'connectionattempts',
  'serveraliveinterval', 'serveralivecountmax', 'tcpkeepalive', 'compression', 'loglevel',
  'addressfamily', 'bindaddress', 'bindinterface', 'ciphers', 'macs', 'kexalgorithms', 'hostkeyalgorithms',
  'pubkeyacceptedalgorithms', 'pubkeyacceptedkeytypes', 'preferredauthentications', 'pubkeyauthentication',
  'passwordauthentication', 'kbdinteractiveauthentication', 'challengeresponseauthentication',
  'gssapiauthentication', 'numberofpasswordprompts', 'checkhostip', 'rekeylimit', 'ipqos', 'escapechar',
]);
/** Jump hosts as ssh takes them: [user@]host[:port] or ssh:// URIs, comma-separated, none starting with -. */
const jumpHosts = (value: string): boolean => value.split(',').every((hop) => /^(?!-)[A-Za-z0-9._@:[\]/-]+$/.test(hop));
/**
 * ssh expands ${VAR} and %-tokens in user names, identity files and more (OpenSSH 10): a stored value
 * with them could send a local secret to the host. No stored value has them.
 */
const EXPANDS = /[$%]/;
/** No known-hosts file: the host key is neither checked against nor written to the user's file. */
const NO_KNOWN_HOSTS = /^\s*-o\s*UserKnownHostsFile\s*[=\s]\s*(\/dev\/null|none)\s*$/i;

/** Whether a flag's value is one a stored host may give it; `options` are all of the host's. */
function allowedValue(flag: string, value: string, options: readonly string[]): boolean {
  if (EXPANDS.test(value)) return false;
  if (flag === 'F') return value === '/dev/null' || value === 'none'; // no config file at all
  if (flag === 'J') return jumpHosts(value);
  if (flag !== 'o') return true;
  // "Keyword value" or "Keyword=value"; a quoted or otherwise spelled keyword is refused, not guessed at
  // (ssh strips quotes: "ProxyCommand" is ProxyCommand).
  const m = /^\s*([A-Za-z0-9]+)(?:\s*=\s*|\s+)(.*)$/s.exec(value);
  if (!m) return false;
  const [keyword, keywordValue] = [m[1].toLowerCase(), m[2].trim()];
  if (keyword === 'proxyjump') return jumpHosts(keywordValue);
  // Known hosts kept nowhere (a throwaway or test host); a file there would receive a line ssh writes.
  if (keyword === 'userknownhostsfile') return keywordValue === '/dev/null' || keywordValue === 'none';
  // Unchecked host keys only where none is kept: accept-new would write a key a stored jump host
  // chose into the user's known_hosts, under the destination's name.
  if (keyword === 'stricthostkeychecking') return keywordValue.toLowerCase() === 'yes' || hasNoKnownHosts(options);
  // The workbench runs ssh with BatchMode=yes after the host's options; ssh keeps the first value,
  // so only yes may come first (no would bring back a password prompt for a server someone chose).
  if (keyword === 'batchmode') return keywordValue.toLowerCase() === 'yes';
  return CONNECTION_KEYWORDS.has(keyword);
}

/** Whether the options say `-o UserKnownHostsFile=/dev/null` (or none), as one argument or two. */
function hasNoKnownHosts(options: readonly string[]): boolean {
  return options.some((arg, i) => NO_KNOWN_HOSTS.test(arg) || (arg === '-o' && NO_KNOWN_HOSTS.test(`-o ${options[i + 1] ?? ''}`)));
}

/**
 * The first of a host's stored ssh options that is not one a stored host may carry, as the user
 * wrote it; null when all are. Options are read the way ssh's getopt reads them: flag clusters, and
 * values attached or in the next argument; anything else (a word, "--", a control character) is refused.
 */
export function refusedSshOption(options: readonly string[]): string | null {
  for (let i = 0; i < options.length; i++) {
    const arg = options[i];
    if (!/^-[A-Za-z0-9]/.test(arg) || /\p{Cc}/u.test(arg)) return arg;
    for (let j = 1; j < arg.length; j++) {
      const flag = arg[j];
      if (PLAIN_FLAGS.has(flag)) continue;
      if (!VALUE_FLAGS.has(flag)) return arg;
      const attached = arg.slice(j + 1);
      const value = attached !== '' ? attached : options[++i];
      const written = attached !== '' ? arg : `${arg} ${value ?? ''}`.trim();
      if (value === undefined || /\p{Cc}/u.test(value) || !allowedValue(flag, value, options)) return written;
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
