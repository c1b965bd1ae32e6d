// What kind of profile a pprof file holds, told by its sample types rather than its name: an
// imported `before-cpu.prof` is a CPU profile and must meet the runs' `cpu.pprof` in Compare.
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { Wire } from './wire';

const gunzipAsync = promisify(gunzip);

export interface SampleTypes {
  types: string[];
  /** profile.proto's default_sample_type, when the profile names one. */
  defaultType: string | undefined;
}

/** Words in a file name that say which contention profile it is: their sample types are the same. */
const CONTENTION_KINDS = ['mutex', 'block', 'sched', 'syscall', 'net', 'sync'] as const;

/**
 * The kind a profile's sample types say it is, as runtime/pprof and gmptrace write them: cpu,
 * heap (inuse_space by default), allocs (alloc_space by default), goroutine, goroutineleak, threadcreate. Block,
 * mutex and the trace's contention profiles all record contentions and delay, so for those the
 * file's name decides, and null is returned when it names none of them (as for anything else).
 */
export function profileKind({ types, defaultType }: SampleTypes, fileName: string): string | null {
  const has = (t: string): boolean => types.includes(t);
  if (has('cpu')) return 'cpu';
  if (has('inuse_space') && has('alloc_space')) return defaultType === 'alloc_space' ? 'allocs' : 'heap';
  if (has('goroutine')) return 'goroutine';
  if (has('goroutineleak')) return 'goroutineleak';
  if (has('threadcreate')) return 'threadcreate';
  if (has('contentions') && has('delay')) {
    const words = fileName.toLowerCase().split(/[^a-z]+/);
    return CONTENTION_KINDS.find((k) => words.includes(k)) ?? null;
  }
  return null;
}

/**
 * The sample types of a gzipped (or raw) profile.proto. Only the top-level fields are walked and
 * the samples, locations and functions skipped by their lengths: this runs in the main process
 * when files are imported, where decoding a whole profile of tens of megabytes would stall every
 * window. Two passes: the types' string indexes, then those strings alone, so that a string table
 * of a hundred million entries costs no memory here. Throws on bytes that are not profile.proto;
 * `maxBytes` bounds the decompressed size.
 */
export async function readSampleTypes(bytes: Uint8Array, maxBytes: number): Promise<SampleTypes> {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? await gunzipAsync(bytes, { maxOutputLength: maxBytes }) : bytes;
  const typeRefs: Array<[number, number]> = [];
  let defaultRef = 0;
  for (const wire = new Wire(raw); !wire.done(); ) {
    const tag = wire.varint();
    if (tag === ((1 << 3) | 2)) typeRefs.push(valueType(wire.bytes()));
    else if (tag === 14 << 3) defaultRef = wire.varint();
    else wire.skip(tag % 8);
  }
  const wanted = new Map<number, string | undefined>([...typeRefs.map(([type]) => [type, undefined] as const), ...(defaultRef > 0 ? [[defaultRef, undefined] as const] : [])]);
  let strings = 0;
  for (const wire = new Wire(raw); !wire.done(); ) {
    const tag = wire.varint();
    if (tag !== ((6 << 3) | 2)) wire.skip(tag % 8);
    else if (wanted.has(strings++)) wanted.set(strings - 1, Buffer.from(wire.bytes()).toString('utf8'));
    else wire.bytes();
  }
  const str = (i: number): string => {
    if (i >= strings) throw new Error(`string ${i} is past the string table (${strings})`);
    return wanted.get(i)!;
  };
  return { types: typeRefs.map(([type]) => str(type)), defaultType: defaultRef > 0 ? str(defaultRef) : undefined };
}

/** A ValueType message: its type and unit, as string-table indexes. */
function valueType(bytes: Uint8Array): [number, number] {
  const wire = new Wire(bytes);
  let type = 0;
  let unit = 0;
  while (!wire.done()) {
    const tag = wire.varint();
    if (tag === (1 << 3)) type = wire.varint();
    else if (tag === (2 << 3)) unit = wire.varint();
    else wire.skip(tag % 8);
  }
  return [type, unit];
}
