import { Profile, StringTable } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import { overfullRepeatedField } from './repeated-fields';

/** A profile of `depth` locations of `lines` lines each, and one sample of the first `stack` of them. */
function profile(depth: number, lines: number, stack = depth): Uint8Array {
  const strings = new StringTable();
  const sampleType = [{ type: strings.dedup('samples'), unit: strings.dedup('count') }];
  const fn = { id: 1, name: strings.dedup('main.f'), filename: strings.dedup('f.go') };
  const location = Array.from({ length: depth }, (_, i) => ({ id: i + 1, line: Array.from({ length: lines }, () => ({ functionId: 1, line: 7 })) }));
  return new Profile({ sampleType, sample: [{ locationId: location.slice(0, stack).map((l) => l.id), value: [1] }], function: [fn], location, stringTable: strings }).encode();
}

describe('overfullRepeatedField', () => {
  it('passes a profile whose every repeated field is within the bound', () => {
    expect(overfullRepeatedField(profile(10, 3), 10)).toBeNull();
  });

  it("names the field past the bound: the profile's own, packed or not, and a sample's or a location's", () => {
    expect(overfullRepeatedField(profile(11, 1, 1), 10)).toBe('more than 10 locations');
    expect(overfullRepeatedField(profile(3, 11), 10)).toBe('more than 10 lines of one location');
    expect(overfullRepeatedField(profile(11, 1), 10_000)).toBeNull();
    const strings = Buffer.alloc(2 * 11, Buffer.from([0x32, 0x00]));
    expect(overfullRepeatedField(Buffer.concat([profile(1, 1), strings]), 10)).toBe('more than 10 strings');
    // Comments packed into one field, a varint each: 11 zeros.
    const packed = Buffer.from([0x6a, 11, ...Array<number>(11).fill(0)]);
    expect(overfullRepeatedField(Buffer.concat([profile(1, 1), packed]), 10)).toBe('more than 10 comments');
    // A sample's location ids, packed: one deep stack.
    expect(overfullRepeatedField(profile(12, 1), 11)).toBe('more than 11 location ids of one sample');
  });

  it('throws on bytes that are not protobuf, and on a tag the decoder would read otherwise', () => {
    expect(() => overfullRepeatedField(Buffer.from([0x12, 0x7f]))).toThrow(/past the end/);
    // Field 100 in a two-byte tag, whose content pprof-format (one byte a tag: field 20) would read as fields.
    const strings = Buffer.alloc(2 * 11, Buffer.from([0x32, 0x00]));
    const hidden = Buffer.concat([profile(1, 1), Buffer.from([0xa2, 0x06, strings.length]), strings]);
    expect(() => overfullRepeatedField(hidden, 10)).toThrow('a field number above 15, which profile.proto does not have');
  });
});
