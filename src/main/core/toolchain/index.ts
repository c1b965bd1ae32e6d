// The toolchain service: one Go per core, found on first use, and the bundled tools built with it.
import { join } from 'node:path';
import type { ToolchainInfo } from '../../../shared/contract';
import { BuildCache } from './build-cache';
import { BundledTools } from './bundled-tools';
import { findGo, GoMissingError, type FindGoOptions, type GoToolchain } from './find-go';

export { GoMissingError, type GoToolchain } from './find-go';
export { GoBuildError, goCommandEnv, platformEnv, type GoPlatform } from './build-cache';

export interface ToolchainOptions extends FindGoOptions {
  dataDir: string;
  resourcesDir: string;
}

export class Toolchain {
  private found: Promise<GoToolchain> | null = null;
  private bundled: BundledTools | null = null;

  constructor(private readonly opts: ToolchainOptions) {}

  /** The Go toolchain; a failed search is not remembered, so installing Go needs no restart. */
  go(): Promise<GoToolchain> {
    if (!this.found) {
      this.found = findGo(this.opts);
      this.found.catch(() => (this.found = null));
    }
    return this.found;
  }

  async tools(): Promise<BundledTools> {
    const go = await this.go();
    this.bundled ??= new BundledTools(new BuildCache(join(this.opts.dataDir, 'cache', 'bin'), go), this.opts.resourcesDir);
    return this.bundled;
  }

  async info(): Promise<ToolchainInfo> {
    try {
      const go = await this.go();
      return { ok: true, goPath: go.path, goVersion: go.version, message: null };
    } catch (err) {
      if (err instanceof GoMissingError) return { ok: false, goPath: null, goVersion: null, message: err.message };
      throw err;
    }
  }
}
