import { describe, expect, it } from 'vitest';
import { RunPlan } from './domain';
import { describeGoRelease, normalizeGoRelease, runGoRelease, sameReleaseNote } from './go-release';

describe('normalizeGoRelease', () => {
  it('stores every accepted spelling in one form', () => {
    expect(normalizeGoRelease('1.22.12')).toBe('go1.22.12');
    expect(normalizeGoRelease(' go1.22.12 ')).toBe('go1.22.12');
    expect(normalizeGoRelease('1.24.x')).toBe('go1.24.x');
    expect(normalizeGoRelease('go1.26.0')).toBe('go1.26.0');
    expect(normalizeGoRelease('local')).toBe('local');
  });

  it('refuses what the go command could not fetch as a toolchain', () => {
    for (const text of ['1.22', 'go1.20.14', '1.22.x.1', '2.0.0', 'go1.22rc1', 'latest', '', '1.22.-1']) expect(normalizeGoRelease(text), text).toBeNull();
  });
});

describe('RunPlan.goVersion', () => {
  const base = { target: { kind: 'scenario', id: 's' }, concurrency: [1], gomaxprocs: ['default'] };

  it('defaults to the workbench Go and normalizes each release', () => {
    expect(RunPlan.parse(base).goVersion).toEqual(['local']);
    expect(RunPlan.parse({ ...base, goVersion: ['1.22.12', 'go1.24.x'] }).goVersion).toEqual(['go1.22.12', 'go1.24.x']);
  });

  it('names the field and the accepted forms, and refuses a release listed twice', () => {
    const bad = RunPlan.safeParse({ ...base, goVersion: ['1.22.12', '1.20.1'] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['goVersion', 1], message: '"1.20.1" is older than Go 1.21, the first the go command fetches as a toolchain' });
    // A release without its patch says what to write (it once said "is not … 1.21 or newer" of 1.22).
    expect(RunPlan.safeParse({ ...base, goVersion: ['1.22'] }).error?.issues[0]?.message).toBe('"1.22" names no patch release: write 1.22.x for its newest patch, or one such as 1.22.0');
    expect(RunPlan.safeParse({ ...base, goVersion: ['1.x'] }).error?.issues[0]?.message).toMatch(/^"1.x" is not a Go release such as 1.22.12, 1.24.x \(newest patch\) or local/);
    // Too old is said first: "write 1.19.x" would only be refused next.
    expect(RunPlan.safeParse({ ...base, goVersion: ['1.19'] }).error?.issues[0]?.message).toBe('"1.19" is older than Go 1.21, the first the go command fetches as a toolchain');
    const twice = RunPlan.safeParse({ ...base, goVersion: ['1.22.12', 'go1.22.12'] });
    expect(twice.error?.issues[0]).toMatchObject({ path: ['goVersion'], message: 'a Go release is listed twice' });
  });
});

describe('describeGoRelease', () => {
  it('shows the release that built the binary, and the one asked for beside it when they differ', () => {
    expect(describeGoRelease('local', 'go1.26.8')).toBe('go1.26.8');
    expect(describeGoRelease('go1.22.12', 'go1.22.12')).toBe('go1.22.12');
    expect(describeGoRelease('go1.24.x', 'go1.24.13')).toBe('go1.24.13 (asked go1.24.x)');
    expect(describeGoRelease('go1.22.12', 'go1.26.8')).toBe('go1.26.8 (asked go1.22.12)');
    expect(describeGoRelease('go1.99.0', null)).toBe('go1.99.0');
    expect(describeGoRelease('local', undefined)).toBe("the workbench's Go");
  });
});

describe('runGoRelease', () => {
  it('takes the executable\'s word first, then the harness\'s', () => {
    const config = { goVersion: 'go1.24.x' };
    const run = { tags: [] };
    expect(runGoRelease({ run, config, builtWith: 'go1.24.13', provenance: null } as never)).toBe('go1.24.13 (asked go1.24.x)');
    expect(runGoRelease({ run, config, builtWith: null, provenance: { goVersion: 'go1.24.12' } } as never)).toBe('go1.24.12 (asked go1.24.x)');
    expect(runGoRelease({ run, config, builtWith: null, provenance: null } as never)).toBe('go1.24.x');
  });

  it("gives an import the Go its trace's format names, not the workbench's", () => {
    const imported = { run: { tags: ['imported'] }, config: { goVersion: 'local' }, builtWith: null, provenance: null };
    expect(runGoRelease({ ...imported, analysis: { meta: { go_version: 'go1.26' } } } as never)).toBe('go1.26 (trace format)');
    expect(runGoRelease({ ...imported, analysis: null } as never)).toBe('—');
  });
});

describe('sameReleaseNote', () => {
  it('names releases asked differently that one Go built (1.24.x resolved to the 1.24.13 also listed)', () => {
    const runs = [
      { asked: 'go1.24.x', built: 'go1.24.13' },
      { asked: 'go1.24.13', built: 'go1.24.13' },
      { asked: 'go1.22.12', built: 'go1.22.12' },
      { asked: 'go1.24.x', built: 'go1.24.13' },
    ];
    expect(sameReleaseNote(runs)).toBe('the cells of go=go1.24.x and go=go1.24.13 were built by the same Go, go1.24.13: they measure one release');
  });

  it('says nothing when each release was built by its own Go, or a run reported none', () => {
    expect(sameReleaseNote([{ asked: 'go1.24.x', built: 'go1.24.13' }, { asked: 'go1.24.12', built: 'go1.24.12' }, { asked: 'local', built: null }])).toBeNull();
    expect(sameReleaseNote([{ asked: 'go1.24.x', built: 'go1.24.13' }, { asked: 'go1.24.x', built: 'go1.24.13' }])).toBeNull();
  });
});
