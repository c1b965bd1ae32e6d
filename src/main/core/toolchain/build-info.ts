// The Go that built an executable, in the executable's own words: `go version -m FILE` prints the
// release that built it on its first line ("FILE: go1.22.12"), then its module path, dependencies
// and build settings. Each run keeps that text as buildinfo.txt, so what a run records as its
// toolchain is read from the binary it ran, not inferred from what was asked for.
import { execFileInGroup } from '../exec-in-group';
import { goCommandEnv } from './build-cache';
import type { GoToolchain } from './find-go';

/** The name of the artifact that holds an executable's build information. */
export const BUILD_INFO_FILE = 'buildinfo.txt';

/** `go version -m file`, or null when the file is no Go executable (go says "not a Go executable"). */
export async function readBuildInfo(go: GoToolchain, file: string): Promise<string | null> {
  try {
    const { stdout } = await execFileInGroup(go.path, ['version', '-m', file], { env: goCommandEnv(), timeoutMs: 30_000 });
    return stdout;
  } catch {
    return null;
  }
}

/** "…/gmpstress-ab12: go1.22.12\n\tpath …" → "go1.22.12"; null for text of another shape. */
export function builtWithOf(buildInfo: string): string | null {
  const first = buildInfo.split('\n', 1)[0];
  const m = /: (go\d+\.\d+\S*)$/.exec(first);
  return m ? m[1] : null;
}
