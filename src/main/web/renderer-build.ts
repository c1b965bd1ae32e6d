// Browser mode serves the renderer that electron-vite builds into out/renderer. Running from a
// fresh checkout there is none yet, and after a `git pull` the build may be older than the sources,
// so `gmpw serve` builds it when it is missing or stale (electron-vite needs no Electron binary to
// build: ELECTRON.md §0.2).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkoutInstall, rendererDir } from '../core/install';

/** Sources that end up in the renderer bundle. */
const RENDERER_SOURCES = ['src/renderer', 'src/shared'];

/** Newest modification time (ms) of any file below dir, 0 when there is none. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when out/renderer exists and no renderer source changed after it was built. */
export function rendererBuildIsFresh(projectRoot: string): boolean {
  const index = join(rendererDir(checkoutInstall(projectRoot)), 'index.html');
  if (!existsSync(index)) return false;
  const builtAt = statSync(index).mtimeMs;
  return RENDERER_SOURCES.every((dir) => !existsSync(join(projectRoot, dir)) || newestMtime(join(projectRoot, dir)) <= builtAt);
}

/** Builds when the build is missing or stale; build output goes to stderr so stdout keeps only the URL. */
export async function ensureRendererBuilt(projectRoot: string): Promise<string> {
  const dir = rendererDir(checkoutInstall(projectRoot));
  if (rendererBuildIsFresh(projectRoot)) return dir;
  process.stderr.write('gmpw serve: building the user interface…\n');
  const cli = join(projectRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [cli, 'build'], { cwd: projectRoot, stdio: ['ignore', process.stderr, process.stderr] });
    child.on('error', () => resolve(127));
    child.on('exit', (status) => resolve(status ?? 1));
  });
  if (code !== 0 || !existsSync(join(dir, 'index.html'))) {
    throw new Error(`building the user interface failed (electron-vite build exited ${code}); run \`npm run build\` to see why`);
  }
  return dir;
}
