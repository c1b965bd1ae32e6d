// The environment of a target process: the workbench's own, without a GOMAXPROCS it may have
// inherited (unset means Go's default, docs/ARCHITECTURE.md §3), plus the run's GOMAXPROCS, GMPW_CONCURRENCY
// (resources/go/PROTOCOL.md §1) and config.env.
import type { RunConfig } from '../../../shared/domain';

export function runEnvironment(config: RunConfig, extra: Record<string, string> = {}, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined && k !== 'GOMAXPROCS') env[k] = v;
  if (config.gomaxprocs !== 'default') env.GOMAXPROCS = String(config.gomaxprocs);
  env.GMPW_CONCURRENCY = String(config.concurrency);
  return { ...env, ...extra, ...config.env };
}
