// `endpoint` targets: any binary serving net/http/pprof on loopback. The runner spawns it with the
// run's environment; this driver waits for its pprof handlers, captures over HTTP for the run's
// duration, then asks the runner to stop it.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';
import { captureFile } from '../../../shared/captures';
import type { CaptureKind, EndpointTarget } from '../../../shared/domain';
import { goDurationSeconds } from '../../../shared/go-duration';
import { UserError } from '../errors';
import { programSource } from './go-step';
import { programExecutable } from './program';
import { PrepareError, TARGET_PATH, type AttachContext, type TargetDriver } from './types';

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
  // First, and not echoed: the run's configuration is stored, listed and shared in reports.
  if (url.username || url.password) throw new UserError('a pprof URL with a user or password is not taken: they would be stored and shown with the run (serve pprof on loopback without them)', field);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  if (url.protocol !== 'http:' || !loopback) throw new UserError(`${text} is not a loopback http URL (127.0.0.1, [::1] or localhost)`, field);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/**
 * Past this a response is cut: enough for a long run's trace, short of filling the disk because an
 * endpoint (the user's own program, possibly broken) streams without end.
 */
export const MAX_FETCH_BYTES = 2 * 1024 ** 3;

/** Counts bytes on their way to the file and stops the copy at the cap. */
function capped(maxBytes: number, what: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen <= maxBytes) return done(null, chunk);
      this.push(chunk.subarray(0, chunk.length - (seen - maxBytes)));
      done(new Error(`${what}: the response passed ${Math.round(maxBytes / 2 ** 20)} MiB and was cut there`));
    },
  });
}

/**
 * GET one profile into `file`. Redirects are not followed: the loopback check holds for the URL
 * given, and a redirect could lead anywhere, off this machine included.
 */
export async function fetchTo(url: URL, file: string, signal: AbortSignal, maxBytes = MAX_FETCH_BYTES): Promise<void> {
  const what = `GET ${url.pathname}${url.search}`;
  const res = await fetch(url, { signal, redirect: 'manual' });
  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel();
    throw new Error(`${what}: redirected to ${res.headers.get('location') ?? 'elsewhere'}; profiles are fetched only from the pprof URL given`);
  }
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
  if (!res.body) throw new Error(`${what}: HTTP ${res.status} with no body`);
  await pipeline(Readable.fromWeb(res.body as WebReadableStream), capped(maxBytes, what), createWriteStream(file), { signal });
}

/**
 * Refuses to start a run whose pprof URL already answers: another process holds the address (an
 * earlier copy of the program, say), and the run's program, unable to listen, may only log it and
 * run on, while the profiles fetched would be that other process's, stored as the run's.
 */
export async function refuseWhenAnswered(base: URL): Promise<void> {
  const answered = await fetch(new URL('cmdline', base), { signal: AbortSignal.timeout(2000), redirect: 'manual' }).then(
    async (res) => (await res.body?.cancel(), true),
    () => false, // refused, or nothing answered in time: no server of profiles there
  );
  if (answered) throw new PrepareError(`${base} answers before the run's program has started: another process holds the address (an earlier copy of the program?); stop it, or give the program another address`, '');
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
    during.push(fetchTo(new URL(`profile?seconds=${Math.max(1, Math.round(seconds))}`, base), join(runDir, captureFile('cpu', 'endpoint')), signal));
  }
  if (config.capture.includes('trace')) during.push(fetchTo(new URL(`trace?seconds=${seconds}`, base), join(runDir, captureFile('trace', 'endpoint')), signal));
  await Promise.all(during);
  for (const kind of SNAPSHOTS.filter((k) => config.capture.includes(k))) {
    await fetchTo(new URL(kind, base), join(runDir, captureFile(kind, 'endpoint')), signal);
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
        beforeStart: () => refuseWhenAnswered(base),
        attach: (ctx) => capture(base, ctx),
      };
    },
  };
}
