// The Go tools shipped as sources in resources/go: gmpstress (the scenario harness) and gmptrace
// (the trace analyser, its own module). Built on first use through the build cache.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { BuildCache, GoBuildSpec, GoPlatform } from './build-cache';

/** Walks up from `start` to the first folder holding resources/go/go.mod. */
function findResourcesUpwards(start: string): string | null {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'resources', 'go', 'go.mod'))) return join(dir, 'resources');
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * The resources folder. The Electron adapter passes its own (process.resourcesPath when packaged);
 * from sources, the folder is found above this module, the entry script or the working directory.
 */
export function defaultResourcesDir(): string {
  // Electron sets process.resourcesPath; a packaged app ships resources/go inside it.
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged && existsSync(join(packaged, 'go', 'go.mod'))) return packaged;
  const starts = [typeof __dirname === 'string' ? __dirname : null, process.argv[1] ? dirname(process.argv[1]) : null, process.cwd()];
  for (const start of starts) {
    const found = start ? findResourcesUpwards(start) : null;
    if (found) return found;
  }
  throw new Error('resources/go was not found next to the workbench; pass resourcesDir');
}

export function gmpstressSpec(resourcesDir: string): GoBuildSpec {
  return { name: 'gmpstress', moduleDir: join(resourcesDir, 'go'), pkg: './cmd/gmpstress' };
}

export function gmptraceSpec(resourcesDir: string): GoBuildSpec {
  return { name: 'gmptrace', moduleDir: join(resourcesDir, 'go', 'cmd', 'gmptrace'), pkg: '.' };
}

export class BundledTools {
  constructor(
    private readonly cache: BuildCache,
    private readonly resourcesDir: string,
  ) {}

  /** The harness for this machine, or cross-compiled for a remote host's platform. */
  gmpstress(platform?: GoPlatform): Promise<string> {
    return this.cache.binary(gmpstressSpec(this.resourcesDir), platform);
  }

  gmptrace(): Promise<string> {
    return this.cache.binary(gmptraceSpec(this.resourcesDir));
  }
}
