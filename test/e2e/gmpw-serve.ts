// Starts `gmpw serve` as a user would (bin/gmpw.mjs, a random port, its own data directory) and
// waits for the URL it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface GmpwServer {
  /** The printed URL, token included: page.goto(url) logs the page in. */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  dataDir: string;
  /** Its machine lock (GMPW_MACHINE_LOCK): another gmpw on this machine is given it too. */
  machineLock: string;
  stop(): Promise<void>;
}

const root = resolve(__dirname, '..', '..');
/** Covers building the renderer on a fresh checkout. */
const START_TIMEOUT_MS = 180_000;

/** `env` is added to this process's environment (e.g. GMPW_GO to choose the Go it finds). */
export async function startGmpwServe(extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<GmpwServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gmpw-e2e-'));
  const machineLock = join(dataDir, 'machine.lock');
  const child = spawn(process.execPath, [join(root, 'bin', 'gmpw.mjs'), 'serve', '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    cwd: root,
    // Its own machine lock, as a separate workbench's: the suite's workers run side by side.
    env: { ...process.env, GMPW_MACHINE_LOCK: machineLock, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  try {
    const url = await waitForUrl(child, () => stderr);
    return { url, origin: new URL(url).origin, dataDir, machineLock, stop: () => stop(child, dataDir) };
  } catch (err) {
    await stop(child, dataDir);
    throw err;
  }
}

function waitForUrl(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`gmpw serve printed no URL within ${START_TIMEOUT_MS / 1000}s\n${stderr()}`)), START_TIMEOUT_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /GMP Workbench: (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gmpw serve exited with ${code} before printing its URL\n${stderr()}`));
    });
  });
}

async function stop(child: ChildProcess, dataDir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(dataDir, { recursive: true, force: true });
}
