// The gmptrace the workbench built into a data directory's cache, for a test's own direct call on
// the same trace: the build the app ran. The cache keys builds by their sources, so two builds mean
// gmptrace's sources changed while the test ran; a direct call would then pick one of them by name,
// and a difference between the two answers would say nothing of either.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

export function builtGmptrace(dataDir: string): string {
  const bin = join(dataDir, 'cache', 'bin');
  const builds = readdirSync(bin).filter((n) => /^gmptrace-[0-9a-f]{20}$/.test(n));
  expect(builds, `one gmptrace build in ${bin}: several mean its sources changed during the test`).toHaveLength(1);
  return join(bin, builds[0]!);
}
