// Builds Go binaries into <data>/cache/bin, keyed by what determines the output: the sources, the Go
// version and the target platform. Two processes (the app and a CLI) may build the same key at once:
// each builds to its own temporary name and renames it into place, which is atomic on one file system.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { GoToolchain } from './find-go';
import { moduleSourceHash } from './source-hash';

export interface GoBuildSpec {
  /** Name of the binary in the cache (a prefix of the file name). */
  name: string;
  /** Root of the Go module (its go.mod). */
  moduleDir: string;
  /** Package to build, relative to moduleDir, e.g. "./cmd/gmpstress". */
  pkg: string;
}

export class GoBuildError extends Error {
  constructor(
    readonly spec: GoBuildSpec,
    readonly output: string,
  ) {
    super(`go build of ${spec.pkg} in ${spec.moduleDir} failed:\n${output.trim()}`);
    this.name = 'GoBuildError';
  }
}

/** The line of a failed build that says why (e.g. "go.mod requires go >= 1.26.0"), not its preamble. */
export function buildFailureReason(err: unknown): string {
  if (err instanceof GoBuildError) {
    const lines = err.output.split('\n').map((l) => l.trim()).filter(Boolean);
    return lines.find((l) => !l.startsWith('#') && !l.startsWith('go: downloading')) ?? lines[0] ?? 'no output';
  }
  return err instanceof Error ? err.message.split('\n')[0] : String(err);
}

/** The environment go commands run with: never download another toolchain behind the user's back. */
export function goCommandEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, GOTOOLCHAIN: 'local' };
}

/**
 * The bundled tools are pure Go and are built without cgo: a cgo-linked runtime keeps an extra M
 * alive, which silences the runtime's deadlock detector that the deadlock-detection scenario needs
 * (resources/go/PROTOCOL.md §2.4). Part of the cache key, so binaries built otherwise are not reused.
 */
const BUNDLED_BUILD_ENV = { CGO_ENABLED: '0' } as const;

/** A platform other than this machine's to build for (a remote host's), in Go's names. */
export interface GoPlatform {
  goos: string;
  goarch: string;
}

/** Node's names for this machine's OS and CPU, in Go's. */
const GOOS_OF_NODE: Record<string, string> = { win32: 'windows' };
const GOARCH_OF_NODE: Record<string, string> = { x64: 'amd64', ia32: '386' };

const isThisMachine = (p: GoPlatform): boolean =>
  p.goos === (GOOS_OF_NODE[process.platform] ?? process.platform) && p.goarch === (GOARCH_OF_NODE[process.arch] ?? process.arch);

/** What `go build` needs in its environment to build for `platform` (nothing for this machine). */
export const platformEnv = (platform?: GoPlatform): Record<string, string> => (platform ? { GOOS: platform.goos, GOARCH: platform.goarch } : {});

/**
 * GOEXPERIMENT for a build: the experiments it needs (the goroutine leak profile's) added to any the
 * environment already turns on, which change the binary as much; nothing when there are none.
 */
export function experimentEnv(experiments: readonly string[] = [], base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const all = [...new Set([...(base.GOEXPERIMENT ?? '').split(','), ...experiments].map((e) => e.trim()).filter(Boolean))].sort();
  return all.length > 0 ? { GOEXPERIMENT: all.join(',') } : {};
}

/** Runs `go build -o out pkg` in dir; resolves with the combined output or rejects with GoBuildError. */
function goBuild(go: GoToolchain, spec: GoBuildSpec, out: string, platform?: GoPlatform, experiments?: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const env = { ...goCommandEnv(), ...BUNDLED_BUILD_ENV, ...platformEnv(platform), ...experimentEnv(experiments) };
    execFile(go.path, ['build', '-o', out, spec.pkg], { cwd: spec.moduleDir, env, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new GoBuildError(spec, `${stdout}${stderr}` || err.message));
      else resolve();
    });
  });
}

export class BuildCache {
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    private readonly binDir: string,
    private readonly go: GoToolchain,
  ) {}

  /**
   * Path of the built binary (for this machine unless `platform` says otherwise, with the Go
   * `experiments` turned on), building it first when the cache lacks this key.
   */
  async binary(spec: GoBuildSpec, platform?: GoPlatform, experiments: readonly string[] = []): Promise<string> {
    const key = await this.key(spec, platform, experiments);
    const path = join(this.binDir, `${spec.name}-${key}`);
    if (existsSync(path)) return path;
    let build = this.pending.get(path);
    if (!build) {
      build = this.build(spec, path, platform, experiments).finally(() => this.pending.delete(path));
      this.pending.set(path, build);
    }
    return build;
  }

  private async key(spec: GoBuildSpec, platform: GoPlatform | undefined, experiments: readonly string[]): Promise<string> {
    const sources = await moduleSourceHash(spec.moduleDir);
    // A host of this machine's platform shares this machine's binary (same key as no platform).
    const target = platform && !isThisMachine(platform) ? [platform.goos, platform.goarch] : [process.platform, process.arch];
    return createHash('sha256')
      .update([sources, spec.pkg, this.go.version, ...target, JSON.stringify({ ...BUNDLED_BUILD_ENV, ...experimentEnv(experiments) })].join('\0'))
      .digest('hex')
      .slice(0, 20);
  }

  private async build(spec: GoBuildSpec, path: string, platform: GoPlatform | undefined, experiments: readonly string[]): Promise<string> {
    await mkdir(this.binDir, { recursive: true });
    const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await goBuild(this.go, spec, tmp, platform, experiments);
      await rename(tmp, path);
    } finally {
      await rm(tmp, { force: true });
    }
    return path;
  }
}
