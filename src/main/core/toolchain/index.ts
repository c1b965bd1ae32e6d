// The toolchain service: one Go per core, found on first use, and the bundled tools built with it.
import type { ToolchainInfo } from '../../../shared/contract';
import { LOCAL_GO } from '../../../shared/go-release';
import type { DataPaths } from '../paths';
import { BuildCache } from './build-cache';
import { BundledTools } from './bundled-tools';
import { findGo, GoMissingError, type FindGoOptions, type GoToolchain } from './find-go';
import { obtainRelease, type ObtainOptions } from './go-release';

export { GoMissingError, type GoToolchain } from './find-go';
export { experimentEnv, GoBuildError, goCommandEnv, platformEnv, type GoPlatform } from './build-cache';
export { GoReleaseUnavailable } from './go-release';

export interface ToolchainOptions extends FindGoOptions {
  /** The data directory: the bundled tools are built into its toolsCache. */
  paths: DataPaths;
  resourcesDir: string;
}

export class Toolchain {
  private found: Promise<GoToolchain> | null = null;
  /** Bundled tools per Go version: the build cache's key holds the version, so each release builds its own. */
  private readonly bundled = new Map<string, BundledTools>();

  constructor(private readonly opts: ToolchainOptions) {}

  /** The Go toolchain; a failed search is not remembered, so installing Go needs no restart. */
  go(): Promise<GoToolchain> {
    if (!this.found) {
      this.found = findGo(this.opts);
      this.found.catch(() => (this.found = null));
    }
    return this.found;
  }

  /**
   * The toolchain of a release spec of a plan (go-release.ts in src/shared): the workbench's own Go
   * for "local", else the release fetched as the go command fetches it. Not remembered: the go
   * command's module cache makes a second call cheap, and "go1.24.x" may have a newer patch tomorrow.
   */
  async release(spec: string, opts: ObtainOptions): Promise<GoToolchain> {
    const go = await this.go();
    return spec === LOCAL_GO ? go : obtainRelease(go, spec, opts);
  }

  /** The bundled tools built with `go` (default: the workbench's Go). */
  async tools(go?: GoToolchain): Promise<BundledTools> {
    const builder = go ?? (await this.go());
    let tools = this.bundled.get(builder.path);
    if (!tools) {
      tools = new BundledTools(new BuildCache(this.opts.paths.toolsCache, builder), this.opts.resourcesDir);
      this.bundled.set(builder.path, tools);
    }
    return tools;
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
