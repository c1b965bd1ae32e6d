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

/** Runs `go build -o out pkg` in dir; resolves with the combined output or rejects with GoBuildError. */
export function goBuild(go: GoToolchain, spec: GoBuildSpec, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const env = { ...goCommandEnv(), ...BUNDLED_BUILD_ENV };
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

  /** Path of the built binary, building it first when the cache lacks this key. */
  async binary(spec: GoBuildSpec): Promise<string> {
    const key = await this.key(spec);
    const path = join(this.binDir, `${spec.name}-${key}`);
    if (existsSync(path)) return path;
    let build = this.pending.get(path);
    if (!build) {
      build = this.build(spec, path).finally(() => this.pending.delete(path));
      this.pending.set(path, build);
    }
    return build;
  }

  private async key(spec: GoBuildSpec): Promise<string> {
    const sources = await moduleSourceHash(spec.moduleDir);
    return createHash('sha256')
      .update([sources, spec.pkg, this.go.version, process.platform, process.arch, JSON.stringify(BUNDLED_BUILD_ENV)].join('\0'))
      .digest('hex')
      .slice(0, 20);
  }

  private async build(spec: GoBuildSpec, path: string): Promise<string> {
    await mkdir(this.binDir, { recursive: true });
    const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await goBuild(this.go, spec, tmp);
      await rename(tmp, path);
    } finally {
      await rm(tmp, { force: true });
    }
    return path;
  }
}
