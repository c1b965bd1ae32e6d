// Go's names for a machine's platform, from what `uname -s` and `uname -m` print, so a target can
// be cross-compiled for a host without Go on it.

const GOOS: Record<string, string> = { Linux: 'linux', Darwin: 'darwin', FreeBSD: 'freebsd', OpenBSD: 'openbsd', NetBSD: 'netbsd' };

const GOARCH: Record<string, string> = {
  x86_64: 'amd64',
  amd64: 'amd64',
  aarch64: 'arm64',
  arm64: 'arm64',
  i386: '386',
  i686: '386',
  armv6l: 'arm',
  armv7l: 'arm',
  ppc64le: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  loongarch64: 'loong64',
};

export const goosOf = (unameS: string): string | null => GOOS[unameS] ?? null;
export const goarchOf = (unameM: string): string | null => GOARCH[unameM] ?? null;
