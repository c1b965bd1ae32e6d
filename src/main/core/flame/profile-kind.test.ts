// Telling a profile's kind from its sample types; the import test does it on the harness's own profiles.
import { gzipSync } from 'node:zlib';
import { Profile, StringTable } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import { profileKind, readSampleTypes } from './profile-kind';

function encoded(types: string[], defaultType?: string): Uint8Array {
  const strings = new StringTable();
  const sampleType = types.map((t) => ({ type: strings.dedup(t), unit: strings.dedup('count') }));
  // Samples, a function and a location before the string table, as Go writes them: the scan skips them.
  const fn = { id: 1, name: strings.dedup('main.f'), filename: strings.dedup('f.go') };
  const sample = [{ locationId: [1], value: types.map(() => 3) }];
  const profile = new Profile({ sampleType, sample, function: [fn], location: [{ id: 1, line: [{ functionId: 1, line: 7 }] }], stringTable: strings, defaultSampleType: defaultType ? strings.dedup(defaultType) : 0 });
  return profile.encode();
}

const MAX = 1 << 20;

describe('readSampleTypes', () => {
  it('reads the sample types and the default, gzipped or raw', async () => {
    const raw = encoded(['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'], 'alloc_space');
    const want = { types: ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'], defaultType: 'alloc_space' };
    expect(await readSampleTypes(gzipSync(raw), MAX)).toEqual(want);
    expect(await readSampleTypes(raw, MAX)).toEqual(want);
    expect((await readSampleTypes(encoded(['samples', 'cpu']), MAX)).defaultType).toBeUndefined();
  });

  it('skips a negative int64 field, which takes a varint of 10 bytes (such a profile was taken for a plain file)', async () => {
    // time_nanos (field 9) = -1, appended: fields may come in any order.
    const negativeTime = Buffer.from([9 << 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    const raw = Buffer.concat([encoded(['samples', 'cpu']), negativeTime]);
    expect(await readSampleTypes(gzipSync(raw), MAX)).toEqual({ types: ['samples', 'cpu'], defaultType: undefined });
  });

  it('throws on a cut profile, bytes that are not profile.proto, and past the size bound', async () => {
    const raw = encoded(['samples', 'cpu']);
    await expect(readSampleTypes(raw.subarray(0, raw.length - 3), MAX)).rejects.toThrow(/past the end/);
    await expect(readSampleTypes(Buffer.from('\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff', 'latin1'), MAX)).rejects.toThrow();
    await expect(readSampleTypes(gzipSync(Buffer.alloc(4096)), 1024)).rejects.toThrow();
  });
});

describe('profileKind', () => {
  const kind = (types: string[], name: string, defaultType?: string): string | null => profileKind({ types, defaultType }, name);
  it('follows the sample types runtime/pprof writes, not the name', () => {
    expect(kind(['samples', 'cpu'], 'heap.pprof')).toBe('cpu');
    expect(kind(['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'], 'x.pprof')).toBe('heap');
    expect(kind(['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'], 'heap.pprof', 'alloc_space')).toBe('allocs');
    expect(kind(['goroutine'], 'g.pprof')).toBe('goroutine');
    expect(kind(['goroutineleak'], 'leaks.pprof')).toBe('goroutineleak');
    expect(kind(['threadcreate'], 't.pprof')).toBe('threadcreate');
  });
  it('lets the name decide between contention profiles, whose sample types are the same', () => {
    const contention = ['contentions', 'delay'];
    expect(kind(contention, 'prod-block_2.pb.gz')).toBe('block');
    expect(kind(contention, 'sched.pprof')).toBe('sched');
    expect(kind(contention, 'blocking.pprof')).toBeNull(); // a word, not a substring
    expect(kind(['space'], 'cpu.pprof')).toBeNull();
  });
});
