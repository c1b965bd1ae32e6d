// Browser mode serves the renderer that electron-vite builds into out/renderer (and exports reports
// with the bundle that report.vite.config.mts builds into out/report). Running from a
// fresh checkout there is none yet, and after a `git pull` the build may be older than the sources,
// so `gmpw serve` and `gmpw report` build them when missing or stale (electron-vite needs no Electron
// binary to build).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkoutInstall, rendererDir, reportBundleDir } from './core/install';

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

/** True when the built file exists and no renderer source changed after it was built. */
function isFresh(projectRoot: string, builtFile: string): boolean {
  if (!existsSync(builtFile)) return false;
  const builtAt = statSync(builtFile).mtimeMs;
  return RENDERER_SOURCES.every((dir) => !existsSync(join(projectRoot, dir)) || newestMtime(join(projectRoot, dir)) <= builtAt);
}

/** True when out/renderer exists and no renderer source changed after it was built. */
export function rendererBuildIsFresh(projectRoot: string): boolean {
  return isFresh(projectRoot, join(rendererDir(checkoutInstall(projectRoot)), 'index.html'));
}

/** Lines of a failed build's output shown with its error. */
const FAILED_BUILD_LINES = 30;

/**
 * Runs a build tool of node_modules, saying so in one line on stderr (stdout keeps only what gmpw
 * prints); the tool's own log is shown only when the build fails.
 */
async function build(projectRoot: string, what: string, tool: string[], builtFile: string): Promise<void> {
  process.stderr.write(`gmpw: building ${what}…\n`);
  let output = '';
  const code = await new Promise<number>((resolve) => {
    // A production build whatever the caller's NODE_ENV (a developer's shell, a test runner's): in
    // another, React's JSX carries each component's absolute source path into every exported report.
    const env = { ...process.env, NODE_ENV: 'production' };
    const child = spawn(process.execPath, [join(projectRoot, 'node_modules', ...tool[0].split('/')), ...tool.slice(1)], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => (output += chunk.toString('utf8'));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', () => resolve(127));
    child.on('close', (status) => resolve(status ?? 1));
  });
  if (code !== 0 || !existsSync(builtFile)) {
    process.stderr.write(output.trimEnd().split('\n').slice(-FAILED_BUILD_LINES).join('\n') + '\n');
    throw new Error(`building ${what} failed (${tool[0]} exited ${code}); run \`npm run build\` to see all of its output`);
  }
}

/** Builds when the build is missing or stale. */
export async function ensureRendererBuilt(projectRoot: string): Promise<string> {
  const dir = rendererDir(checkoutInstall(projectRoot));
  if (!rendererBuildIsFresh(projectRoot)) await build(projectRoot, 'the user interface', ['electron-vite/bin/electron-vite.js', 'build'], join(dir, 'index.html'));
  return dir;
}

/** The exported reports' bundle (report.vite.config.mts → out/report), built when missing or stale. */
export async function ensureReportBundleBuilt(projectRoot: string): Promise<string> {
  const dir = reportBundleDir(checkoutInstall(projectRoot));
  const script = join(dir, 'report.js');
  if (!isFresh(projectRoot, script)) await build(projectRoot, 'the report bundle', ['vite/bin/vite.js', 'build', '--config', 'report.vite.config.mts', '--logLevel', 'warn'], script);
  return dir;
}
