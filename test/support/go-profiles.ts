// Real Go profiles made at test time by test/fixtures/profgen, and `go tool pprof -raw` as the
// independent oracle for what they contain.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const PROFGEN_SRC = resolve(__dirname, '../fixtures/profgen');

export interface ProfileSet {
  dir: string;
  cpu: string;
  heap: string;
  goroutine: string;
  block: string;
}

/** Build profgen and run each variant ("base", "cand") into its own folder under a temp dir. */
export function makeProfiles(variants: readonly string[], busy = '300ms'): { sets: Record<string, ProfileSet>; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'gmpw-prof-'));
  const bin = join(root, 'profgen');
  execFileSync('go', ['build', '-o', bin, 'main.go'], { cwd: PROFGEN_SRC, stdio: 'pipe' });
  const out: Record<string, ProfileSet> = {};
  for (const variant of variants) {
    const dir = join(root, variant);
    mkdirSync(dir);
    execFileSync(bin, ['-variant', variant, '-out', dir, '-busy', busy], { stdio: 'pipe' });
    out[variant] = { dir, cpu: join(dir, 'cpu.pprof'), heap: join(dir, 'heap.pprof'), goroutine: join(dir, 'goroutine.pprof'), block: join(dir, 'block.pprof') };
  }
  return { sets: out, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export interface RawProfile {
  sampleTypes: string[];
  /** Per sample: its values, its stack as function names, leaf first, and its labels (the first value of each key). */
  samples: { values: number[]; stack: string[]; labels: Record<string, string> }[];
  /** Its "Time:" line (when it began recording) as an instant to the millisecond, null without one. */
  startedAt: string | null;
}

/**
 * Parse `go tool pprof -raw` (google/pprof Profile.String()); `options` such as -tagfocus=k=^v$
 * filter first (a bare value is a pattern there). A sample's labels are read from the lines under it,
 * "key:[value]", numeric ones ("bytes:[65536]") among them: enough for the test profiles' keys and
 * values, which hold no spaces or brackets.
 */
export function pprofRaw(file: string, options: readonly string[] = []): RawProfile {
  const text = execFileSync('go', ['tool', 'pprof', '-raw', ...options, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = text.split('\n');
  const samplesAt = lines.indexOf('Samples:');
  const sampleTypes = lines[samplesAt + 1].trim().split(/\s+/);
  const locations = new Map<string, string[]>();
  let i = lines.indexOf('Locations') + 1;
  let current: string[] | null = null;
  // A frame is "NAME FILE:LINE[:COL] s=START"; a name may hold spaces (a generic instantiation's
  // "sync.OnceValue[go.shape.interface { Error() string }]"), so it ends at the last file:line.
  const frameName = (text: string): string => /^(.+) \S+:\d+(?::\d+)? s=\d+$/.exec(text)?.[1] ?? text.split(/\s+/)[0];
  for (; i < lines.length && lines[i] !== 'Mappings'; i++) {
    const head = /^\s+(\d+): 0x[0-9a-f]+ (?:M=\d+ )?(.*)$/.exec(lines[i]);
    if (head) {
      current = head[2].trim() ? [frameName(head[2].trim())] : [];
      locations.set(head[1], current);
    } else if (current && lines[i].trim()) {
      current.push(frameName(lines[i].trim())); // the caller this location's frame was inlined into
    }
  }
  const samples: RawProfile['samples'] = [];
  for (let j = samplesAt + 2; j < lines.length && lines[j] !== 'Locations'; j++) {
    if (!/^\s+-?\d[\d\s-]*:/.test(lines[j])) {
      // The labels of the sample above: "part:[own] variant:[base]" (a numeric one: "bytes:[65536]").
      const last = samples[samples.length - 1];
      for (const [, key, values] of lines[j].matchAll(/(\S+?):\[([^\]]*)\]/g)) if (last) last.labels[key!] = values!.split(' ')[0]!;
      continue;
    }
    const [values, locs] = lines[j].split(':');
    samples.push({
      values: values.trim().split(/\s+/).map(Number),
      stack: locs.trim().split(/\s+/).flatMap((id) => locations.get(id) ?? []),
      labels: {},
    });
  }
  // "Time: 2026-12-06 16:46:16.870000689 +0000 UTC": Go's time.Time, in the machine's zone.
  const time = /^Time: (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d+)? ([+-]\d\d)(\d\d)/m.exec(text);
  const startedAt = time ? new Date(`${time[1]}T${time[2]}${(time[3] ?? '').slice(0, 4)}${time[4]}:${time[5]}`).toISOString() : null;
  return { sampleTypes, samples, startedAt };
}
