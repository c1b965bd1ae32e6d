// What kind of profile a pprof file holds, told by its sample types rather than its name: an
// imported `before-cpu.prof` is a CPU profile and must meet the runs' `cpu.pprof` in Compare.
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

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
 * window. Throws on bytes that are not profile.proto; `maxBytes` bounds the decompressed size.
 */
export async function readSampleTypes(bytes: Uint8Array, maxBytes: number): Promise<SampleTypes> {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? await gunzipAsync(bytes, { maxOutputLength: maxBytes }) : bytes;
  const wire = new Wire(raw);
  const typeRefs: Array<[number, number]> = [];
  const strings: string[] = [];
  let defaultRef = 0;
  while (!wire.done()) {
    const tag = wire.varint();
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field === 1 && wireType === 2) typeRefs.push(valueType(wire.bytes()));
    else if (field === 6 && wireType === 2) strings.push(Buffer.from(wire.bytes()).toString('utf8'));
    else if (field === 14 && wireType === 0) defaultRef = wire.varint();
    else wire.skip(wireType);
  }
  const str = (i: number): string => {
    if (i >= strings.length) throw new Error(`string ${i} is past the string table (${strings.length})`);
    return strings[i]!;
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

/** A cursor over protobuf's wire format, for the few fields read here. */
class Wire {
  private at = 0;
  constructor(private readonly buf: Uint8Array) {}

  done(): boolean {
    return this.at >= this.buf.length;
  }

  /**
   * The next varint: up to 10 bytes, as a negative int64 takes (a profile's time_nanos may be one).
   * Exact below 2^53, as every tag, length and index read here is; a larger one is only skipped.
   */
  varint(): number {
    let value = 0;
    for (let i = 0, scale = 1; i < 10; i++, scale *= 128) {
      if (this.at >= this.buf.length) throw new Error('a varint runs past the end');
      const b = this.buf[this.at++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
    }
    throw new Error('a varint longer than 64 bits');
  }

  bytes(): Uint8Array {
    const n = this.varint();
    if (this.at + n > this.buf.length) throw new Error('a field runs past the end');
    this.at += n;
    return this.buf.subarray(this.at - n, this.at);
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.advance(8);
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.advance(4);
    else throw new Error(`wire type ${wireType} is not one profile.proto uses`);
  }

  private advance(n: number): void {
    if (this.at + n > this.buf.length) throw new Error('a field runs past the end');
    this.at += n;
  }
}
