// The Go tools shipped as sources in resources/go: gmpstress (the scenario harness) and gmptrace
// (the trace analyser, its own module). Built on first use through the build cache.
import { join } from 'node:path';
import { goSourcesDir } from '../install';
import type { BuildCache, GoBuildSpec, GoPlatform } from './build-cache';

export function gmpstressSpec(resourcesDir: string): GoBuildSpec {
  return { name: 'gmpstress', moduleDir: goSourcesDir(resourcesDir), pkg: './cmd/gmpstress' };
}

function gmptraceSpec(resourcesDir: string): GoBuildSpec {
  return { name: 'gmptrace', moduleDir: join(goSourcesDir(resourcesDir), 'cmd', 'gmptrace'), pkg: '.' };
}

export class BundledTools {
  constructor(
    private readonly cache: BuildCache,
    private readonly resourcesDir: string,
  ) {}

  /** The harness for this machine, or cross-compiled for a remote host's platform; with Go `experiments` on (the leak profile's). */
  gmpstress(platform?: GoPlatform, experiments: readonly string[] = []): Promise<string> {
    return this.cache.binary(gmpstressSpec(this.resourcesDir), platform, experiments);
  }

  gmptrace(): Promise<string> {
    return this.cache.binary(gmptraceSpec(this.resourcesDir));
  }
}
