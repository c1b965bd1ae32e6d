// Browser mode serves the renderer that electron-vite builds into out/renderer. Running from a
// fresh checkout there is none yet, so `gmpw serve` builds it once (electron-vite needs no Electron
// binary to build: ELECTRON.md §0.2).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The checkout holding electron.vite.config.ts, searched upwards from where the code runs. */
export function findProjectRoot(starts: Array<string | null | undefined>): string {
  for (const start of starts) {
    for (let dir = start; dir; dir = dirname(dir) === dir ? null : dirname(dir)) {
      if (existsSync(join(dir, 'electron.vite.config.ts'))) return dir;
    }
  }
  throw new Error('the workbench sources (electron.vite.config.ts) were not found');
}

export function rendererDir(projectRoot: string): string {
  return join(projectRoot, 'out', 'renderer');
}

/** Builds when index.html is missing; build output goes to stderr so stdout keeps only the URL. */
export async function ensureRendererBuilt(projectRoot: string): Promise<string> {
  const dir = rendererDir(projectRoot);
  if (existsSync(join(dir, 'index.html'))) return dir;
  process.stderr.write('gmpw serve: building the user interface (first start only)…\n');
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
