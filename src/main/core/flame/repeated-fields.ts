// How many entries a profile.proto's repeated fields hold, counted on the wire before it is decoded.
// pprof-format makes an array of each, and V8 aborts the whole process (an abort, no error to catch)
// when an array outgrows its length limit, about 112 million small elements: 250 MB of empty strings
// or comments, 255 KB gzipped and under the decompression bound, took the workbench down with them.
import { Wire } from './wire';

/** Past this many entries in one repeated field a profile is not decoded; Go's own hold thousands to millions. */
export const MAX_REPEATED_ENTRIES = 1 << 24;

interface MessageShape {
  /** The repeated fields, by number, and what their entries are. */
  repeated: Record<number, string>;
  /** Those of them that hold numbers, which a writer may pack into one field (an entry per varint). */
  packed: ReadonlySet<number>;
  /** The repeated fields that are messages with repeated fields of their own. */
  nested: Record<number, MessageShape>;
}

const SAMPLE: MessageShape = { repeated: { 1: "location ids of one sample", 2: 'values of one sample', 3: 'labels of one sample' }, packed: new Set([1, 2]), nested: {} };
const LOCATION: MessageShape = { repeated: { 4: 'lines of one location' }, packed: new Set(), nested: {} };
const PROFILE: MessageShape = {
  repeated: { 1: 'sample types', 2: 'samples', 3: 'mappings', 4: 'locations', 5: 'functions', 6: 'strings', 13: 'comments' },
  packed: new Set([13]),
  nested: { 2: SAMPLE, 4: LOCATION },
};

/** Varints in a packed field: one ends at each byte below 0x80. */
function packedCount(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) if (b < 0x80) n++;
  return n;
}

function overfull(bytes: Uint8Array, shape: MessageShape, max: number): string | null {
  const counts = new Map<number, number>();
  const wire = new Wire(bytes);
  while (!wire.done()) {
    // Read as the decoder reads tags (one byte each), so that both walk the same fields.
    const tag = wire.shortTag();
    const [field, wireType] = [Math.floor(tag / 8), tag % 8];
    if (!(field in shape.repeated)) {
      wire.skip(wireType);
      continue;
    }
    let entries = 1;
    if (wireType === 2) {
      const value = wire.bytes();
      const nested = shape.nested[field];
      if (shape.packed.has(field)) entries = packedCount(value);
      else if (nested) {
        const inner = overfull(value, nested, max);
        if (inner) return inner;
      }
    } else wire.skip(wireType);
    const count = (counts.get(field) ?? 0) + entries;
    if (count > max) return `more than ${max.toLocaleString('en-US')} ${shape.repeated[field]}`;
    counts.set(field, count);
  }
  return null;
}

/**
 * The first repeated field of the profile (or of one of its samples or locations) that holds more
 * than `max` entries, in words ("more than 16,777,216 strings"); null when none does. Throws where
 * the bytes are not protobuf.
 */
export function overfullRepeatedField(raw: Uint8Array, max = MAX_REPEATED_ENTRIES): string | null {
  return overfull(raw, PROFILE, max);
}
