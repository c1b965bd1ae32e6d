// `gmpw serve [--port N] [--data-dir D] [--open]`: browser mode. Serves the workbench UI on
// 127.0.0.1 and prints the URL (with its one-time token) on stdout; runs until SIGINT/SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCore } from '../../core';
import { currentCheckout } from '../../core/install';
import { resolveDataDir } from '../../core/paths';
import { ensureReportBundleBuilt, ensureRendererBuilt } from '../../renderer-build';
import { startWebServer } from '../../web/server';
import { parseOptions } from '../args';

/** `gmpw serve --help`: serve parses its own options, and takes none of the others' --json and --go. */
export const SERVE_HELP = `usage: gmpw serve [--port N] [--data-dir DIR] [--open]

Serves the workbench UI on 127.0.0.1 and prints its URL, with a one-time token, on stdout; runs
until Ctrl-C (SIGINT) or SIGTERM.

  -p, --port N    port on 127.0.0.1 (default 0: any free port)
  --data-dir DIR  history and artifacts (default $XDG_DATA_HOME/gmp-workbench or ~/.local/share/gmp-workbench)
  --open          open the URL in the default browser
  -h, --help      this help

Unlike the other commands, serve takes no --json (it prints only the URL) and no --go: it finds go
as the desktop app does ($GMPW_GO if set, else PATH, $GOROOT/bin, usual install places).`;

export const SERVE_OPTIONS = {
  port: { type: 'string', short: 'p' },
  'data-dir': { type: 'string' },
  open: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function serveCommand(argv: string[]): Promise<number> {
  let values: { port?: string; 'data-dir'?: string; open?: boolean; help?: boolean };
  try {
    ({ values } = parseOptions('serve', argv, SERVE_OPTIONS));
  } catch (err) {
    console.error(`gmpw serve: ${(err as Error).message.replace(/^serve: /, '')}\n\n${SERVE_HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(SERVE_HELP);
    return 0;
  }
  // Digits only, as a port is written: Number() would take 1e3 and 0x10 too.
  const port = /^\d{1,5}$/.test(values.port ?? '0') ? Number(values.port ?? '0') : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`gmpw serve: --port must be an integer from 0 to 65535, not '${values.port}'`);
    return 2;
  }

  // Listening from the first step: a SIGTERM that came before the listeners (the build can take a
  // minute; a loaded machine can pause serve between opening the browser and waiting) would kill it
  // with the opener's page left behind. Every signal after the first is absorbed by the same
  // listener, so a second one cannot cut the shutdown short either.
  let stopRequested = false;
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = () => {
      stopRequested = true;
      resolve();
    };
  });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const root = currentCheckout().appRoot;
    // Ctrl-C in the terminal reaches the build too: a build it ended is a stop, not a failure.
    const staticDir = await ensureRendererBuilt(root).catch((err: unknown) => {
      if (stopRequested) return null;
      throw err;
    });
    if (stopRequested || staticDir === null) return 0;
    const core = await createCore({ dataDir: resolveDataDir({ explicit: values['data-dir'] }), followForeignRuns: true, reportBundleDir: () => ensureReportBundleBuilt(root) });
    let server;
    try {
      server = await startWebServer({ core, staticDir, port });
    } catch (err) {
      await core.close();
      console.error(`gmpw serve: cannot listen on 127.0.0.1:${port}: ${(err as Error).message}`);
      return 1;
    }
    // A stop asked for while the core and the server started: no URL, no browser.
    const opener = stopRequested ? null : announce(server.url, values.open === true);

    await stopped;
    opener?.remove();
    await server.close();
    await core.close();
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** Prints the URL and, with --open, hands it to the browser. */
function announce(url: string, open: boolean): { remove(): void } | null {
  console.log(`GMP Workbench: ${url}`);
  return open ? openInBrowser(url) : null;
}

/**
 * Opens the URL through a file that forwards the browser to it: a command line is readable by every
 * local user (ps, /proc/PID/cmdline) and the URL carries the token, so the opener is given only the
 * path of a page that is the user's alone (0600 in a fresh 0700 folder), removed when serve ends.
 * Best effort: the URL is printed anyway, so a missing opener only earns a note.
 */
function openInBrowser(url: string): { remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'gmpw-open-'));
  const page = join(dir, 'open.html');
  writeFileSync(page, `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${url}"><title>GMP Workbench</title><a href="${url}">GMP Workbench</a>\n`, { mode: 0o600 });
  const target = pathToFileURL(page).href;
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [target]] : process.platform === 'win32' ? ['explorer.exe', [target]] : ['xdg-open', [target]];
  const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => console.error(`gmpw serve: could not start ${cmd}; open the URL above yourself`));
  child.unref();
  return { remove: () => rmSync(dir, { recursive: true, force: true }) };
}
