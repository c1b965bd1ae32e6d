// Gzipped pprof (profile.proto) → FlameTree, merging identical call paths.
// pprof-format gotchas: varints longer than 4 bytes come back as bigint,
// negative int64 as unsigned bigint; it does not gunzip; sample.locationId[0] is the leaf; a
// location's lines list inlined frames first and the caller they were inlined into last.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { FLAME_LABEL_KEYS, FLAME_LABEL_VALUES, LABEL_KEY_MAX, LABEL_VALUE_MAX, type FlameLabels, type FlameNode, type FlameTree, type LabelFocus } from '../../../shared/domain';
import { UserError } from '../errors';
import { overfullRepeatedField } from './repeated-fields';

/** A profile that cannot be decoded: the message names the file. */
export class CorruptProfile extends UserError {
  constructor(file: string, reason: string) {
    super(`${file} is not a readable pprof profile: ${reason}`, null, 'corrupt-profile');
    this.name = 'CorruptProfile';
  }
}

/**
 * Past this a profile is not decoded. Real Go profiles are kilobytes to tens of megabytes; a gzip
 * of zeros packs a gigabyte into one, and decoding that took a minute and gigabytes of memory.
 */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 256 << 20;

export interface DecodeLimits {
  maxDecompressedBytes: number;
}

/**
 * Past this many nodes a flame tree is not built. Go's own profiles come to thousands or tens of
 * thousands; a crafted one of a few hundred bytes (a location of many lines, repeated in one sample)
 * would make millions, gigabytes of memory and a cached tree of hundreds of megabytes.
 */
export const MAX_FLAME_NODES = 500_000;

const mib = (bytes: number): string => `${Math.round(bytes / (1 << 20))} MiB`;

/** A profile over the size limit: refused before it can exhaust memory or time. */
class ProfileTooLarge extends UserError {
  constructor(file: string, what: string) {
    super(`${file} ${what}; profiles that large are not opened (a crafted file?)`, null, 'profile-too-large');
    this.name = 'ProfileTooLarge';
  }
}

const toNumber = (v: number | bigint): number => (typeof v === 'bigint' ? Number(BigInt.asIntN(64, v)) : v);

/** Which sample type a flame graph shows for each kind of profile (the first present wins). */
const PREFERRED_SAMPLE_TYPES: Record<string, readonly string[]> = {
  cpu: ['cpu'],
  heap: ['inuse_space'],
  allocs: ['alloc_space'],
  mutex: ['delay'],
  block: ['delay'],
  goroutine: ['goroutine', 'count'],
  goroutineleak: ['goroutineleak', 'count'],
  // trace-derived profiles (gmptrace -pprof-dir, go tool trace -pprof=…)
  sched: ['delay'],
  syscall: ['delay'],
  net: ['delay'],
  sync: ['delay'],
};

/**
 * The sample type that counts a profile's samples, the statistical weight behind each frame's value:
 * a CPU profile's samples/count, one per 10 ms tick that caught a stack. Other counts are not
 * samples: the runtime scales its block and mutex events and a heap profile's objects up from the
 * ones it sampled; a goroutine profile and a trace's delay profiles count every goroutine or event.
 */
const SAMPLE_COUNT = 'samples';

function unzip(bytes: Uint8Array, file: string, limits: DecodeLimits): Uint8Array {
  // Go writes a CPU profile when profiling stops: a process killed before then leaves the file empty.
  if (bytes.length === 0) throw new CorruptProfile(file, 'the file is empty (the process that was to write it ended first)');
  if (bytes.length > limits.maxDecompressedBytes) throw new ProfileTooLarge(file, `is larger than ${mib(limits.maxDecompressedBytes)}`);
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes; // raw protobuf is allowed too
  try {
    // zlib stops at the limit instead of growing its output buffer without end.
    return gunzipSync(bytes, { maxOutputLength: limits.maxDecompressedBytes });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new ProfileTooLarge(file, `decompresses to more than ${mib(limits.maxDecompressedBytes)}`);
    throw new CorruptProfile(file, `gzip: ${(err as Error).message} (truncated?)`);
  }
}

/** Reads and decodes the profile at `file`; one too large on disk is refused before it is read. */
export async function decodeProfileFile(file: string, kind: string, limits: DecodeLimits, focus: LabelFocus | null = null): Promise<FlameTree> {
  const { size } = await stat(file);
  if (size > limits.maxDecompressedBytes) throw new ProfileTooLarge(file, `is larger than ${mib(limits.maxDecompressedBytes)}`);
  return decodeFlameTree(await readFile(file), file, kind, limits, focus);
}

/** The weight of each value of each string label, summed over samples: the tree's `labels`. */
class LabelWeights {
  /** Per key: the weight of the samples carrying it, and of those carrying each value. */
  private readonly byKey = new Map<string, { carried: number; values: Map<string, number> }>();
  total = 0;

  /** A sample's labels, each (key, value) once and each key's weight once, however often the sample repeats them. */
  add(labels: ReadonlyArray<readonly [string, string]>, value: number): void {
    this.total += value;
    const keys = new Set<string>();
    const pairs = new Set<string>();
    for (const [key, label] of labels) {
      const pair = JSON.stringify([key, label]);
      if (key === '' || key.length > LABEL_KEY_MAX || label.length > LABEL_VALUE_MAX || pairs.has(pair)) continue;
      pairs.add(pair);
      let weights = this.byKey.get(key);
      if (!weights) this.byKey.set(key, (weights = { carried: 0, values: new Map() }));
      if (!keys.has(key)) weights.carried += value;
      keys.add(key);
      weights.values.set(label, (weights.values.get(label) ?? 0) + value);
    }
  }

  /**
   * The heaviest keys in name order; each key's values heaviest first (ties by name), the most listed
   * and the rest counted.
   */
  summary(): FlameLabels {
    const heaviest = [...this.byKey].sort(([a, x], [b, y]) => y.carried - x.carried || (a < b ? -1 : 1)).slice(0, FLAME_LABEL_KEYS);
    const keys = heaviest
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, { carried, values }]) => {
        const all = [...values].map(([value, total]) => ({ value, total })).sort((a, b) => b.total - a.total || (a.value < b.value ? -1 : 1));
        const rest = all.slice(FLAME_LABEL_VALUES);
        return { key, carried, values: all.slice(0, FLAME_LABEL_VALUES), omitted: { values: rest.length, total: rest.reduce((sum, v) => sum + v.total, 0) } };
      });
    return { total: this.total, keys, omittedKeys: this.byKey.size - keys.length };
  }
}

function chooseSampleType(types: string[], defaultType: string | undefined, kind: string): number {
  for (const wanted of PREFERRED_SAMPLE_TYPES[kind] ?? []) {
    const i = types.indexOf(wanted);
    if (i >= 0) return i;
  }
  const d = defaultType ? types.indexOf(defaultType) : -1;
  return d >= 0 ? d : types.length - 1; // profile.proto: no default means the last sample type
}

/** A profile's time_nanos as an instant: none for 0 (not said) or one no clock gives (before 1970, past 9999). */
function startedAtOf(timeNanos: number): string | null {
  const ms = timeNanos / 1e6;
  return timeNanos > 0 && ms < Date.UTC(10000, 0) ? new Date(ms).toISOString() : null;
}

/**
 * Decode a profile. `kind` (cpu, heap, sched …) picks the sample type; `file` (its path) names it in
 * errors; with `focus`, the tree holds only the samples carrying that label (its `labels` weigh all).
 */
export function decodeFlameTree(bytes: Uint8Array, file: string, kind: string, limits: DecodeLimits = { maxDecompressedBytes: DEFAULT_MAX_DECOMPRESSED_BYTES }, focus: LabelFocus | null = null): FlameTree {
  const raw = unzip(bytes, file, limits);
  let profile: Profile;
  try {
    // Counted before any array is made: one too long aborts the process, worker or not.
    const overfull = overfullRepeatedField(raw);
    if (overfull) throw new ProfileTooLarge(file, `holds ${overfull}`);
    profile = Profile.decode(raw);
  } catch (err) {
    if (err instanceof ProfileTooLarge) throw err;
    throw new CorruptProfile(file, `protobuf: ${(err as Error).message}`);
  }
  const strings = profile.stringTable.strings;
  const str = (i: number | bigint): string => strings[toNumber(i)] ?? '';
  if (profile.sampleType.length === 0) throw new CorruptProfile(file, 'it declares no sample types');

  const types = profile.sampleType.map((t) => str(t.type));
  const index = chooseSampleType(types, profile.defaultSampleType ? str(profile.defaultSampleType) : undefined, kind);
  const unit = str(profile.sampleType[index].unit);
  const countIndex = types.findIndex((t, i) => t === SAMPLE_COUNT && str(profile.sampleType[i].unit) === 'count');
  const countType = countIndex >= 0 ? SAMPLE_COUNT : null;

  // Frames are interned as small integers: function name + file identify a frame.
  const frameIds = new Map<string, number>();
  const frames: { name: string; file: string }[] = [];
  const frameOf = (name: string, fileName: string): number => {
    const key = `${name}\u0000${fileName}`;
    let id = frameIds.get(key);
    if (id === undefined) {
      id = frames.length;
      frames.push({ name, file: fileName });
      frameIds.set(key, id);
    }
    return id;
  };
  const functions = new Map(profile.function.map((f) => [toNumber(f.id), { name: str(f.name), file: str(f.filename) }]));
  /** Root-first frames of each location: the caller (last line) first, inlined callees after it. */
  const locationFrames = new Map<number, number[]>();
  for (const loc of profile.location) {
    const ids: number[] = [];
    for (let i = loc.line.length - 1; i >= 0; i--) {
      const fn = functions.get(toNumber(loc.line[i].functionId));
      ids.push(frameOf(fn?.name || '?', fn?.file ?? ''));
    }
    // An unsymbolised location still deserves a box: name it by its address.
    if (ids.length === 0) ids.push(frameOf(`0x${toNumber(loc.address).toString(16)}`, ''));
    locationFrames.set(toNumber(loc.id), ids);
  }

  const nodes: FlameNode[] = [{ name: 'root', file: '', self: 0, total: 0, selfCount: 0, children: [] }];
  const childIndex: Map<number, number>[] = [new Map()];
  const typeName = types[index];
  const labels = new LabelWeights();
  for (const sample of profile.sample) {
    const value = toNumber(sample.value[index] ?? 0);
    if (value === 0) continue;
    // A captured profile counts up: a negative value is a difference of two profiles (pprof
    // -diff_base), whose tree this graph of one would draw with boxes wider than their parents.
    if (value < 0) throw new CorruptProfile(file, `a sample's ${typeName} is negative (${value}): a difference of two profiles, which a flame graph of one cannot show`);
    const count = countIndex >= 0 ? toNumber(sample.value[countIndex] ?? 0) : 0;
    if (count < 0 || !Number.isSafeInteger(count)) throw new CorruptProfile(file, `a sample's count of samples is ${count}, which no profiler writes`);
    // String labels only: a numeric one (a heap sample's bytes) is a measure, not a name to pick.
    const sampleLabels = sample.label.filter((l) => toNumber(l.str ?? 0) !== 0).map((l) => [str(l.key), str(l.str!)] as const);
    labels.add(sampleLabels, value);
    // Every node's total is at most the labels' total: past 2^53 the sums would no longer be exact.
    if (!Number.isSafeInteger(labels.total)) throw new CorruptProfile(file, `its ${typeName} values add up past 2^53, beyond what can be summed exactly`);
    if (focus && !sampleLabels.some(([key, label]) => key === focus.key && label === focus.value)) continue;
    let node = 0;
    nodes[0].total += value;
    for (let l = sample.locationId.length - 1; l >= 0; l--) {
      const locFrames = locationFrames.get(toNumber(sample.locationId[l]));
      if (!locFrames) throw new CorruptProfile(file, `a sample refers to location ${toNumber(sample.locationId[l])}, which is not defined`);
      for (const frame of locFrames) {
        let child = childIndex[node].get(frame);
        if (child === undefined) {
          if (nodes.length >= MAX_FLAME_NODES) throw new ProfileTooLarge(file, `makes more than ${MAX_FLAME_NODES.toLocaleString('en-US')} flame-graph nodes`);
          child = nodes.length;
          nodes.push({ name: frames[frame].name, file: frames[frame].file, self: 0, total: 0, selfCount: 0, children: [] });
          childIndex.push(new Map());
          childIndex[node].set(frame, child);
          nodes[node].children.push(child);
        }
        node = child;
        nodes[node].total += value;
      }
    }
    nodes[node].self += value;
    nodes[node].selfCount += count;
  }
  const durationNs = toNumber(profile.durationNanos ?? 0);
  // A duration that is no count of nanoseconds (int64's largest, 292 years) is as good as none.
  const durationS = durationNs > 0 && Number.isSafeInteger(durationNs) ? durationNs / 1e9 : null;
  return { profile: basename(file), sampleType: `${typeName}/${unit}`, unit, total: nodes[0].total, countType, durationS, startedAt: startedAtOf(toNumber(profile.timeNanos ?? 0)), nodes, labels: labels.summary(), focus };
}
