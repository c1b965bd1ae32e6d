// `endpoint` targets: any binary serving net/http/pprof on loopback. The runner spawns it with the
// run's environment; this driver waits for its pprof handlers, captures over HTTP for the run's
// duration, then asks the runner to stop it.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';
import type { CaptureKind, EndpointTarget } from '../../../shared/domain';
import { goDurationSeconds } from '../../../shared/go-duration';
import { UserError } from '../errors';
import { programSource } from './go-step';
import { programExecutable } from './program';
import { TARGET_PATH, type AttachContext, type TargetDriver } from './types';

type Endpoint = z.infer<typeof EndpointTarget>;

/** How long a started endpoint may take to answer on its pprof URL. */
const READY_TIMEOUT_S = 20;
/** Snapshot profiles, fetched once the measured window is over. */
const SNAPSHOTS: CaptureKind[] = ['heap', 'allocs', 'goroutine', 'mutex', 'block'];

/** Profiles are fetched from this URL, so it must be on this machine (docs/ARCHITECTURE.md §8). */
export function checkLoopbackUrl(text: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError('not a URL', field);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  if (url.protocol !== 'http:' || !loopback) throw new UserError(`${text} is not a loopback http URL (127.0.0.1, [::1] or localhost)`, field);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

async function fetchTo(url: URL, file: string, signal: AbortSignal): Promise<void> {
  const res = await fetch(url, { signal });
  if (!res.ok) throw new Error(`GET ${url.pathname}${url.search}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
  await writeFile(file, Buffer.from(await res.arrayBuffer()));
}

async function waitReady(base: URL, signal: AbortSignal): Promise<void> {
  const until = Date.now() + READY_TIMEOUT_S * 1000;
  for (;;) {
    try {
      const res = await fetch(new URL('cmdline', base), { signal });
      if (res.ok) return;
    } catch (err) {
      if (signal.aborted) throw err;
    }
    if (Date.now() > until) throw new Error(`${base} did not answer within ${READY_TIMEOUT_S}s`);
    await sleep(100, undefined, { signal });
  }
}

async function capture(base: URL, ctx: AttachContext): Promise<void> {
  const { config, runDir, signal } = ctx;
  await waitReady(base, signal);
  ctx.output(`gmpw: ${base} is up; capturing ${config.capture.join(',') || 'nothing'}\r\n`);
  await sleep(goDurationSeconds(config.warmup) * 1000, undefined, { signal });
  const seconds = goDurationSeconds(config.duration);
  const during: Promise<void>[] = [sleep(seconds * 1000, undefined, { signal })];
  if (config.capture.includes('cpu')) {
    // net/http/pprof reads `seconds` of a CPU profile as an integer.
    during.push(fetchTo(new URL(`profile?seconds=${Math.max(1, Math.round(seconds))}`, base), join(runDir, 'cpu.pprof'), signal));
  }
  if (config.capture.includes('trace')) during.push(fetchTo(new URL(`trace?seconds=${seconds}`, base), join(runDir, 'trace.out'), signal));
  await Promise.all(during);
  for (const kind of SNAPSHOTS.filter((k) => config.capture.includes(k))) {
    await fetchTo(new URL(kind, base), join(runDir, `${kind}.pprof`), signal);
  }
}

export function endpointDriver(): TargetDriver<Endpoint> {
  return {
    async validate(target) {
      checkLoopbackUrl(target.pprofUrl, `${TARGET_PATH}.pprofUrl`);
      programSource(target.path, `${TARGET_PATH}.path`);
    },
    async prepare(target, ctx) {
      const file = await programExecutable(target.path, ctx);
      const base = checkLoopbackUrl(target.pprofUrl, `${TARGET_PATH}.pprofUrl`);
      return {
        spec: (config) => ({
          file,
          args: target.args,
          deadline: goDurationSeconds(config.warmup) + goDurationSeconds(config.duration) + READY_TIMEOUT_S + 10,
        }),
        attach: (ctx) => capture(base, ctx),
      };
    },
  };
}
