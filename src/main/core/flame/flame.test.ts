// Flame trees of real Go profiles, checked against `go tool pprof -raw`.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Profile, StringTable } from 'pprof-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlameTree } from '../../../shared/domain';
import { makeProfiles, pprofRaw, type ProfileSet } from '../../../../test/support/go-profiles';
import { GIB, writeGzipBomb } from '../../../../test/support/gzip-bomb';
import { CorruptProfile, decodeFlameTree, MAX_FLAME_NODES } from './decode';
import { FLAME_LABEL_KEYS, LABEL_VALUE_MAX } from '../../../shared/domain';
import { allInOneChance, diffFlameTrees } from './diff';
import { FlameService } from './service';

let profiles: Record<string, ProfileSet>;
let removeProfiles: () => void;
let scratch: string;

beforeAll(() => {
  // A second of work a variant: in 300 ms a loaded machine once left a variant's own function
  // (main.spinBaseOnly) without a CPU sample, and the tests below read which functions each has.
  ({ sets: profiles, cleanup: removeProfiles } = makeProfiles(['base', 'cand'], '1s'));
  scratch = mkdtempSync(join(tmpdir(), 'gmpw-flame-'));
});
afterAll(() => {
  removeProfiles();
  rmSync(scratch, { recursive: true, force: true });
});

const decodeFile = (file: string, kind: string): FlameTree => decodeFlameTree(readFileSync(file), file, kind);

/** Per function, from pprof's own reading (after `options`): flat (leaf) value and cumulative value counted once per sample. */
function oracle(file: string, sampleType: string, options: readonly string[] = []) {
  const raw = pprofRaw(file, options);
  const col = raw.sampleTypes.indexOf(sampleType);
  const flat = new Map<string, number>();
  const cum = new Map<string, number>();
  let total = 0;
  for (const s of raw.samples) {
    const v = s.values[col];
    if (v === 0) continue; // draws nothing
    total += v;
    flat.set(s.stack[0], (flat.get(s.stack[0]) ?? 0) + v);
    for (const fn of new Set(s.stack)) cum.set(fn, (cum.get(fn) ?? 0) + v);
  }
  return { total, flat, cum };
}

/** The same per-function numbers read off a tree (a function counted once per root-to-leaf path). */
function treeByFunction(tree: FlameTree) {
  const flat = new Map<string, number>();
  const cum = new Map<string, number>();
  const flatCount = new Map<string, number>();
  const walk = (i: number, path: Set<string>): void => {
    const n = tree.nodes[i];
    flat.set(n.name, (flat.get(n.name) ?? 0) + n.self);
    if (n.selfCount > 0) flatCount.set(n.name, (flatCount.get(n.name) ?? 0) + n.selfCount);
    if (!path.has(n.name)) cum.set(n.name, (cum.get(n.name) ?? 0) + n.total);
    const next = new Set(path).add(n.name);
    n.children.forEach((c) => walk(c, next));
  };
  tree.nodes[0].children.forEach((c) => walk(c, new Set()));
  return { flat, cum, flatCount };
}

describe('decoding', () => {
  it('a CPU profile: total and every function match go tool pprof', () => {
    const tree = decodeFile(profiles.base.cpu, 'cpu');
    const want = oracle(profiles.base.cpu, 'cpu/nanoseconds');
    expect(tree.sampleType).toBe('cpu/nanoseconds');
    expect(tree.total).toBe(want.total);
    // When it began recording, to the millisecond, as pprof prints it (this run's profile: today).
    expect(tree.startedAt).toBe(pprofRaw(profiles.base.cpu).startedAt);
    expect(Date.now() - Date.parse(tree.startedAt!)).toBeLessThan(3_600_000);
    expect(tree.total).toBeGreaterThan(0);
    const got = treeByFunction(tree);
    expect(Object.fromEntries([...got.flat].filter(([, v]) => v > 0))).toEqual(Object.fromEntries(want.flat));
    expect(Object.fromEntries(got.cum)).toEqual(Object.fromEntries(want.cum));
    // Each frame's samples, the weight behind its time, as pprof counts them.
    expect(tree.countType).toBe('samples');
    expect(Object.fromEntries(got.flatCount)).toEqual(Object.fromEntries(oracle(profiles.base.cpu, 'samples/count').flat));
    // Identical call paths are merged: no two siblings share a frame.
    for (const node of tree.nodes) {
      const names = node.children.map((c) => `${tree.nodes[c].name} ${tree.nodes[c].file}`);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it("weighs each label's values as pprof reads them, and a focus keeps their samples as -tagfocus does", () => {
    const file = profiles.base.cpu;
    const tree = decodeFile(file, 'cpu');
    // Per key and value, the CPU time of the samples carrying it, by pprof's own reading.
    const raw = pprofRaw(file);
    const col = raw.sampleTypes.indexOf('cpu/nanoseconds');
    const weight = (key: string, value: string) => raw.samples.filter((x) => x.labels[key] === value).reduce((sum, x) => sum + x.values[col]!, 0);
    expect(tree.labels.total).toBe(tree.total);
    expect(tree.labels.keys.map((k) => k.key)).toEqual(['part', 'variant']);
    for (const { key, values, omitted } of tree.labels.keys) {
      expect(values.length).toBeGreaterThan(0);
      for (const v of values) expect(v.total, `${key}=${v.value}`).toBe(weight(key, v.value));
      expect(values.map((v) => v.total)).toEqual([...values.map((v) => v.total)].sort((a, b) => b - a));
      expect(omitted).toEqual({ values: 0, total: 0 });
    }
    // Every sample of the labelled work says its variant (one from the runtime, outside pprof.Do, would not).
    expect(tree.labels.keys[1]!.values.map((v) => v.value)).toEqual(['base']);
    expect(tree.labels.keys[1]!.carried).toBeLessThanOrEqual(tree.total);
    expect(tree.focus).toBeNull();

    // The focused tree: pprof's -tagfocus, function by function; the labels still weigh every sample.
    const own = decodeFlameTree(readFileSync(file), file, 'cpu', undefined, { key: 'part', value: 'own' });
    const want = oracle(file, 'cpu/nanoseconds', ['-tagfocus=part=^own$']);
    expect(own.total).toBe(want.total);
    expect(own.total).toBe(weight('part', 'own'));
    expect(own.total).toBeGreaterThan(0);
    expect(own.total).toBeLessThan(tree.total);
    expect(Object.fromEntries(treeByFunction(own).cum)).toEqual(Object.fromEntries(want.cum));
    expect(treeByFunction(own).cum.has('main.spinShared')).toBe(false);
    expect(own.labels).toEqual(tree.labels);
    expect(own.focus).toEqual({ key: 'part', value: 'own' });
    // A value no sample carries: an empty tree, not every sample.
    const none = decodeFlameTree(readFileSync(file), file, 'cpu', undefined, { key: 'part', value: 'ow' });
    expect([none.total, none.nodes.length]).toEqual([0, 1]);
  });

  it('weighs a sample once per label, however often it repeats one, leaves out labels no focus can name, and keeps the heaviest keys', () => {
    const strings = new StringTable();
    const fn = { id: 1, name: strings.dedup('main.f'), filename: strings.dedup('f.go') };
    const sampleType = [{ type: strings.dedup('cpu'), unit: strings.dedup('nanoseconds') }];
    const label = (key: string, value: string) => ({ key: strings.dedup(key), str: strings.dedup(value) });
    const sample = (value: number, labels: ReturnType<typeof label>[]) => ({ locationId: [1], value: [value], label: labels });
    const keys = Array.from({ length: FLAME_LABEL_KEYS + 2 }, (_, i) => label(`k${String(i).padStart(2, '0')}`, 'v'));
    const samples = [
      // k=a twice, and k=b: 10 under a, 10 under b, carried once by k.
      sample(10, [label('k', 'a'), label('k', 'a'), label('k', 'b')]),
      sample(30, [label('k', 'a'), label('', 'empty key'), label('long', 'x'.repeat(LABEL_VALUE_MAX + 1))]),
      sample(60, []),
      // More keys than listed, each lighter than k: the lightest are counted, not listed.
      sample(1, keys),
    ];
    const bytes = gzipSync(new Profile({ sampleType, function: [fn], location: [{ id: 1, line: [{ functionId: 1, line: 1 }] }], sample: samples, stringTable: strings }).encode());
    const tree = decodeFlameTree(bytes, 'labels.pprof', 'cpu');
    expect(tree.labels.total).toBe(101);
    const k = tree.labels.keys.find((x) => x.key === 'k')!;
    expect(k).toEqual({ key: 'k', carried: 40, values: [{ value: 'a', total: 40 }, { value: 'b', total: 10 }], omitted: { values: 0, total: 0 } });
    expect(tree.labels.keys.some((x) => x.key === '' || x.key === 'long')).toBe(false);
    expect(tree.labels.keys).toHaveLength(FLAME_LABEL_KEYS);
    expect(tree.labels.omittedKeys).toBe(3);
    // The focus and the share agree: the tree of k=a holds the samples that carry it, once each.
    expect(decodeFlameTree(bytes, 'labels.pprof', 'cpu', undefined, { key: 'k', value: 'a' }).total).toBe(40);
  });

  it('picks the sample type by profile kind: heap → inuse_space, allocs → alloc_space, goroutine → count', () => {
    const heap = decodeFile(profiles.base.heap, 'heap');
    expect(heap.sampleType).toBe('inuse_space/bytes');
    expect(heap.total).toBe(oracle(profiles.base.heap, 'inuse_space/bytes').total);
    expect(Object.fromEntries(treeByFunction(heap).cum)).toEqual(Object.fromEntries(oracle(profiles.base.heap, 'inuse_space/bytes').cum));
    expect(treeByFunction(heap).cum.get('main.retain')).toBeGreaterThan(0);
    const allocs = decodeFile(profiles.base.heap, 'allocs');
    expect(allocs.sampleType).toBe('alloc_space/bytes');
    expect(allocs.total).toBe(oracle(profiles.base.heap, 'alloc_space/bytes').total);
    const goroutines = decodeFile(profiles.base.goroutine, 'goroutine');
    expect(goroutines.sampleType).toBe('goroutine/count');
    expect(goroutines.total).toBe(oracle(profiles.base.goroutine, 'goroutine/count').total);
    // Only a CPU profile counts samples: the runtime scales heap objects and block contentions up
    // from what it sampled, and a goroutine profile counts every goroutine.
    const block = decodeFile(profiles.base.block, 'block');
    expect(block.sampleType).toBe('delay/nanoseconds');
    for (const tree of [heap, allocs, goroutines, block]) {
      expect(tree.countType, tree.sampleType).toBeNull();
      expect(tree.nodes.every((n) => n.selfCount === 0)).toBe(true);
    }
  });

  it.each([
    ['truncated', (b: Buffer) => b.subarray(0, Math.floor(b.length / 2)), /gzip.*truncated/],
    ['empty', () => Buffer.alloc(0), /the file is empty \(the process that was to write it ended first\)/],
    ['not a profile', () => gzipSync(Buffer.from('definitely not protobuf, just text\n'.repeat(20))), /not a readable pprof profile/],
  ])('a %s profile is a clear error naming the file', (name, corrupt, reason) => {
    const file = join(scratch, `${name.replace(/ /g, '-')}.pprof`);
    writeFileSync(file, corrupt(readFileSync(profiles.base.cpu)));
    let error: unknown;
    try {
      decodeFile(file, 'cpu');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CorruptProfile);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(reason);
  });
});

describe('FlameService', () => {
  it('decodes in a worker thread exactly as on the calling thread, then serves the cached tree', async () => {
    const cacheDir = join(scratch, 'cache');
    const service = new FlameService({ cacheDir });
    try {
      const viaWorker = await service.tree(profiles.cand.cpu, 'sha-of-cand-cpu', 'cpu');
      expect(viaWorker).toEqual(decodeFile(profiles.cand.cpu, 'cpu'));
      expect(readdirSync(join(cacheDir, 'flame'))).toEqual([expect.stringContaining('sha-of-cand-cpu')]);
    } finally {
      await service.close();
    }
    // A fresh service (no worker, nothing in memory) and no profile on disk: the tree comes from the cache.
    const copy = join(scratch, 'gone.pprof');
    writeFileSync(copy, readFileSync(profiles.cand.cpu));
    rmSync(copy);
    const cached = await new FlameService({ cacheDir, workerUrl: null }).tree(copy, 'sha-of-cand-cpu', 'cpu');
    expect(cached.total).toBe(oracle(profiles.cand.cpu, 'cpu/nanoseconds').total);
    expect(cached.profile).toBe('gone.pprof');
  });

  it('decodes a focus on the worker and keeps each focus apart in the cache, under a name that holds no label text', async () => {
    const cacheDir = join(scratch, 'focus-cache');
    const service = new FlameService({ cacheDir });
    const focus = { key: 'part', value: 'own/../../x' };
    try {
      const focused = await service.tree(profiles.cand.cpu, 'sha-cand', 'cpu', { key: 'part', value: 'own' });
      expect(focused).toEqual(decodeFlameTree(readFileSync(profiles.cand.cpu), profiles.cand.cpu, 'cpu', undefined, { key: 'part', value: 'own' }));
      const whole = await service.tree(profiles.cand.cpu, 'sha-cand', 'cpu');
      expect(whole.total).toBeGreaterThan(focused.total);
      // A focus no sample carries is answered, and leaves no file: any text can be asked for.
      expect((await service.tree(profiles.cand.cpu, 'sha-cand', 'cpu', focus)).total).toBe(0);
      const names = readdirSync(join(cacheDir, 'flame'));
      expect(names).toHaveLength(2);
      expect(names.every((n) => /^v\d+-sha-cand-cpu(-[0-9a-f]{32})?\.json$/.test(n))).toBe(true);
    } finally {
      await service.close();
    }
    // Served from the cache by a fresh service: the focused tree, not the whole one.
    expect((await new FlameService({ cacheDir, workerUrl: null }).tree(join(scratch, 'gone.pprof'), 'sha-cand', 'cpu', { key: 'part', value: 'own' })).focus).toEqual({ key: 'part', value: 'own' });
  });

  it('reports a corrupt profile from the worker as a clear error, and keeps working', async () => {
    const bad = join(scratch, 'bad.pprof');
    writeFileSync(bad, readFileSync(profiles.base.cpu).subarray(0, 40));
    const service = new FlameService({ cacheDir: join(scratch, 'cache2') });
    try {
      await expect(service.tree(bad, 'sha-bad', 'cpu')).rejects.toMatchObject({ code: 'corrupt-profile', message: expect.stringContaining(bad) });
      expect((await service.tree(profiles.base.cpu, 'sha-good', 'cpu')).total).toBeGreaterThan(0);
      expect(existsSync(join(scratch, 'cache2', 'flame'))).toBe(true);
    } finally {
      await service.close();
    }
  });

  describe('a decompression bomb (1 GiB of zeros in about 1 MB of gzip)', () => {
    let bomb: string;
    beforeAll(async () => {
      bomb = join(scratch, 'bomb.pprof');
      await writeGzipBomb(bomb, GIB);
    });

    it('is refused past the decompressed-size cap, quickly and by name, on the worker and on the calling thread', async () => {
      const service = new FlameService({ cacheDir: join(scratch, 'cache-bomb'), maxDecompressedBytes: 64 << 20 });
      try {
        const started = Date.now();
        await expect(service.tree(bomb, 'sha-bomb', 'cpu')).rejects.toMatchObject({ code: 'profile-too-large', message: expect.stringMatching(/bomb\.pprof decompresses to more than 64 MiB/) });
        expect(Date.now() - started).toBeLessThan(10_000);
        expect((await service.tree(profiles.base.cpu, 'sha-after-bomb', 'cpu')).total).toBeGreaterThan(0);
      } finally {
        await service.close();
      }
      expect(() => decodeFlameTree(readFileSync(bomb), bomb, 'cpu', { maxDecompressedBytes: 64 << 20 })).toThrow(/decompresses to more than 64 MiB/);
    });

    it("a decode past the worker's heap limit is stopped and refused by name, and a fresh worker takes the next", async () => {
      // A million samples of five frames: 8 MB of profile.proto, hundreds of megabytes of objects decoded.
      const strings = new StringTable();
      const fns = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, name: strings.dedup(`pkg.F${i}`), filename: strings.dedup('x.go') }));
      const locations = fns.map((f) => ({ id: f.id, line: [{ functionId: f.id, line: 1 }] }));
      const sample = Array.from({ length: 1_000_000 }, (_, i) => ({ locationId: [1 + (i % 12), 1 + ((i >> 3) % 12), 1 + ((i >> 6) % 12), 2, 3], value: [1, 10_000_000] }));
      const sampleType = [
        { type: strings.dedup('samples'), unit: strings.dedup('count') },
        { type: strings.dedup('cpu'), unit: strings.dedup('nanoseconds') },
      ];
      const file = join(scratch, 'million-samples.pprof');
      writeFileSync(file, gzipSync(new Profile({ sampleType, function: fns, location: locations, sample, stringTable: strings }).encode()));
      const service = new FlameService({ cacheDir: join(scratch, 'cache-heap'), maxHeapMb: 64 });
      try {
        await expect(service.tree(file, 'sha-million', 'cpu')).rejects.toMatchObject({ code: 'profile-too-large', message: expect.stringMatching(/million-samples\.pprof needed more than 64 MiB of memory/) });
        expect((await service.tree(profiles.base.cpu, 'sha-after-heap', 'cpu')).total).toBeGreaterThan(0);
      } finally {
        await service.close();
      }
    });

    it('decoding past its time budget is stopped, its worker replaced, and other profiles are not held up meanwhile', async () => {
      // A cap above the bomb's size, so only the time budget can stop it.
      const service = new FlameService({ cacheDir: join(scratch, 'cache-slow'), maxDecompressedBytes: 2 * GIB, timeoutMs: 1500 });
      try {
        const order: string[] = [];
        const slow = service.tree(bomb, 'sha-slow', 'cpu').then(
          () => order.push('bomb decoded'),
          (err: { code?: string }) => order.push(`bomb ${err.code}`),
        );
        const other = service.tree(profiles.cand.cpu, 'sha-other', 'cpu').then((tree) => order.push(`other ${tree.total > 0}`));
        await Promise.all([slow, other]);
        expect(order).toEqual(['other true', 'bomb decode-timeout']);
        // A fresh worker takes the next request.
        expect((await service.tree(profiles.base.heap, 'sha-next', 'heap')).sampleType).toBe('inuse_space/bytes');
      } finally {
        await service.close();
      }
    });
  });

  it('refuses a negative sample value (a diff profile) and values that add up past 2^53, naming the file; a duration of 292 years is none', () => {
    const strings = new StringTable();
    const fn = { id: 1, name: strings.dedup('main.f'), filename: strings.dedup('f.go') };
    const sampleType = [{ type: strings.dedup('cpu'), unit: strings.dedup('nanoseconds') }];
    const encoded = (values: bigint[], durationNanos = 0n) =>
      gzipSync(new Profile({ sampleType, function: [fn], location: [{ id: 1, line: [{ functionId: 1, line: 1 }] }], sample: values.map((v) => ({ locationId: [1], value: [v] })), stringTable: strings, durationNanos }).encode());
    const file = join(scratch, 'odd-values.pprof');
    expect(() => decodeFlameTree(encoded([5n, -1n]), file, 'cpu')).toThrow(/odd-values\.pprof is not a readable pprof profile: a sample's cpu is negative \(-1\): a difference of two profiles/);
    expect(() => decodeFlameTree(encoded([2n ** 62n, 2n ** 62n]), file, 'cpu')).toThrow(/its cpu values add up past 2\^53/);
    const long = decodeFlameTree(encoded([5n], 2n ** 63n - 1n), file, 'cpu');
    expect([long.total, long.durationS]).toEqual([5, null]);
  });

  it('refuses a tiny crafted profile that would make millions of nodes, quickly and by name', () => {
    // One location of 200 inlined lines, repeated 5,000 times in one sample: a million nodes from a few kilobytes.
    const strings = new StringTable();
    const fn = { id: 1, name: strings.dedup('main.f'), filename: strings.dedup('f.go') };
    const location = { id: 1, line: Array.from({ length: 200 }, (_, i) => ({ functionId: 1, line: i + 1 })) };
    const sampleType = [{ type: strings.dedup('cpu'), unit: strings.dedup('nanoseconds') }];
    const profile = new Profile({ sampleType, function: [fn], location: [location], sample: [{ locationId: Array(5000).fill(1), value: [1] }], stringTable: strings });
    const file = join(scratch, 'many-nodes.pprof');
    writeFileSync(file, gzipSync(profile.encode()));
    expect(readFileSync(file).length).toBeLessThan(16 << 10);
    const started = Date.now();
    expect(() => decodeFlameTree(readFileSync(file), file, 'cpu')).toThrow(new RegExp(`many-nodes\\.pprof makes more than ${MAX_FLAME_NODES.toLocaleString('en-US')} flame-graph nodes`));
    expect(Date.now() - started).toBeLessThan(10_000);
    // Just under the cap it is a flame graph as any other: one path, as deep as the cap allows.
    const under = new Profile({ sampleType, function: [fn], location: [location], sample: [{ locationId: Array(Math.floor((MAX_FLAME_NODES - 1) / 200)).fill(1), value: [1] }], stringTable: strings });
    expect(decodeFlameTree(gzipSync(under.encode()), file, 'cpu').nodes.length).toBe(Math.floor((MAX_FLAME_NODES - 1) / 200) * 200 + 1);
  });

  it('falls back to decoding on the calling thread when the worker cannot start', async () => {
    const broken = join(scratch, 'broken-worker.cjs');
    writeFileSync(broken, "throw new Error('this worker entry is broken');\n");
    const service = new FlameService({ cacheDir: join(scratch, 'cache3'), workerUrl: pathToFileURL(broken) });
    try {
      const trees = await Promise.all([service.tree(profiles.base.cpu, 'sha-a', 'cpu'), service.tree(profiles.cand.cpu, 'sha-b', 'cpu')]);
      expect(trees.map((t) => t.total)).toEqual([profiles.base.cpu, profiles.cand.cpu].map((f) => oracle(f, 'cpu/nanoseconds').total));
      expect((await service.tree(profiles.base.heap, 'sha-c', 'heap')).sampleType).toBe('inuse_space/bytes');
    } finally {
      await service.close();
    }
  });
});

describe('differential tree', () => {
  it('lists the functions that vanished and appeared between two real profiles', () => {
    const base = decodeFile(profiles.base.cpu, 'cpu');
    const cand = decodeFile(profiles.cand.cpu, 'cpu');
    const diff = diffFlameTrees({ tree: base, per: 2, basis: 'two' }, { tree: cand, per: 4, basis: 'four' }, 'per-second');
    const baseFns = treeByFunction(base).cum;
    const candFns = treeByFunction(cand).cum;
    const baseSelf = treeByFunction(base).flat;
    const candSelf = treeByFunction(cand).flat;
    const vanished = [...baseFns.keys()].filter((f) => !candFns.has(f) && baseSelf.get(f)! > 0);
    const appeared = [...candFns.keys()].filter((f) => !baseFns.has(f) && candSelf.get(f)! > 0);
    expect(diff.vanished.map((v) => v.name).sort()).toEqual(vanished.sort());
    expect(diff.appeared.map((v) => v.name).sort()).toEqual(appeared.sort());
    // spinBaseOnly's time is spent in spin, which both runs have: it is no self time lost.
    expect(baseFns.has('main.spinBaseOnly') && !candFns.has('main.spinBaseOnly')).toBe(true);
    expect(diff.vanished.map((v) => v.name)).not.toContain('main.spinBaseOnly');
    expect(diff.unit).toBe('nanoseconds/s');
    expect(diff.basis).toEqual({ baseline: 'two', candidate: 'four' });
    // The root carries each side's whole profile, each divided by its own run length.
    expect(diff.nodes[0].baseTotal).toBeCloseTo(base.total / 2);
    expect(diff.nodes[0].candTotal).toBeCloseTo(cand.total / 4);
    // Every path of either tree is in the union, under the same parent.
    const shared = diff.nodes.find((n) => n.name === 'main.spinShared')!;
    expect(shared.baseTotal).toBeGreaterThan(0);
    expect(shared.candTotal).toBeGreaterThan(0);
  });

  it('diffs stacks tens of thousands of frames deep, which overflowed recursion, and counts a recursing function once per sample', () => {
    // One path of `depth` frames alternating two functions (a recursion), its leaf the only self time.
    const deep = (depth: number, leaf: string): FlameTree => ({
      profile: 'cpu.pprof',
      sampleType: 'cpu/nanoseconds',
      unit: 'nanoseconds',
      total: 10,
      countType: 'samples',
      durationS: 1,
      startedAt: null,
      nodes: [
        { name: 'root', file: '', self: 0, total: 10, selfCount: 0, children: [1] },
        ...Array.from({ length: depth }, (_, i) => ({ name: i === depth - 1 ? leaf : `main.f${i % 2}`, file: '', self: i === depth - 1 ? 10 : 0, total: 10, selfCount: i === depth - 1 ? 1 : 0, children: i === depth - 1 ? [] : [i + 2] })),
      ],
      labels: { total: 10, keys: [], omittedKeys: 0 },
      focus: null,
    });
    const depth = 50_000;
    const diff = diffFlameTrees({ tree: deep(depth, 'main.old'), per: 1, basis: '' }, { tree: deep(depth, 'main.new'), per: 1, basis: '' }, 'share');
    // The root and the shared path of depth − 1 frames, then the two leaves under its last frame.
    expect(diff.nodes).toHaveLength(depth + 2);
    expect(diff.nodes[depth - 1]!.children).toEqual([depth, depth + 1]);
    expect(diff.vanished.map((v) => [v.name, v.baseTotal, v.samples])).toEqual([['main.old', 1, 1]]);
    expect(diff.appeared.map((v) => [v.name, v.candTotal, v.samples])).toEqual([['main.new', 1, 1]]);
  });

  it('leaves out of vanished and appeared the functions with no self value: their callees are the change', () => {
    const tree = (leaf: string): FlameTree => ({
      profile: 'cpu.pprof',
      sampleType: 'cpu/nanoseconds',
      unit: 'nanoseconds',
      total: 10,
      countType: null,
      durationS: 1,
      startedAt: null,
      nodes: [
        { name: 'root', file: '', self: 0, total: 10, selfCount: 0, children: [1] },
        { name: 'main.main', file: '', self: 0, total: 10, selfCount: 0, children: [2] },
        { name: `main.${leaf}Caller`, file: '', self: 0, total: 10, selfCount: 0, children: [3] },
        { name: `main.${leaf}`, file: '', self: 10, total: 10, selfCount: 0, children: [] },
      ],
      labels: { total: 10, keys: [], omittedKeys: 0 },
      focus: null,
    });
    const diff = diffFlameTrees({ tree: tree('old'), per: 2, basis: '' }, { tree: tree('new'), per: 1, basis: '' }, 'per-second');
    const noCounts = { samples: null, chance: null, beyondChance: true };
    expect(diff.vanished).toEqual([{ name: 'main.old', baseSelf: 5, baseTotal: 5, ...noCounts }]);
    expect(diff.appeared).toEqual([{ name: 'main.new', candSelf: 10, candTotal: 10, ...noCounts }]);
  });

  it('folds as chance the functions of one run whose samples could all land there by chance, at 1%', () => {
    // Two profiles of 100 samples each (10 ms a sample): a function with k samples in one of them
    // and none in the other is split that way, or the other way, by chance with probability 2 × (1/2)^k.
    const tree = (leaves: Record<string, number>, caller = ''): FlameTree => {
      const names = Object.keys(leaves);
      const count = Object.values(leaves).reduce((a, b) => a + b, 0);
      const nodes = [{ name: 'root', file: '', self: 0, total: count * 1e7, selfCount: 0, children: [] as number[] }];
      // `caller`: one function without self time above every leaf but the first.
      if (caller) {
        nodes[0].children.push(1);
        nodes.push({ name: caller, file: '', self: 0, total: (count - leaves[names[0]]) * 1e7, selfCount: 0, children: [] });
      }
      names.forEach((name, i) => {
        const parent = caller && i > 0 ? 1 : 0;
        nodes[parent].children.push(nodes.length);
        nodes.push({ name, file: '', self: leaves[name] * 1e7, total: leaves[name] * 1e7, selfCount: leaves[name], children: [] });
      });
      return { profile: 'cpu.pprof', sampleType: 'cpu/nanoseconds', unit: 'nanoseconds', total: count * 1e7, countType: 'samples', durationS: 1, startedAt: null, nodes, labels: { total: count * 1e7, keys: [], omittedKeys: 0 }, focus: null };
    };
    const base = tree({ 'main.shared': 92, 'main.gone8': 8 });
    const cand = tree({ 'main.shared': 93, 'main.new7': 7 });
    const diff = diffFlameTrees({ tree: base, per: 1, basis: '' }, { tree: cand, per: 1, basis: '' }, 'share');
    expect(diff.countType).toBe('samples');
    // 2 × 0.5^8 = 0.78%: a change; 2 × 0.5^7 = 1.6%: chance could do it.
    expect(diff.vanished).toEqual([{ name: 'main.gone8', baseSelf: 0.08, baseTotal: 0.08, samples: 8, chance: expect.closeTo(2 * 0.5 ** 8, 12), beyondChance: true }]);
    expect(diff.appeared).toEqual([{ name: 'main.new7', candSelf: 0.07, candTotal: 0.07, samples: 7, chance: expect.closeTo(2 * 0.5 ** 7, 12), beyondChance: false }]);
    // A baseline of 300 samples: a sample lands in the candidate with probability 1/4, all seven
    // 0.006%; all seven in the baseline (13%) is no split as unlikely, and does not count.
    const vsLong = diffFlameTrees({ tree: tree({ 'main.shared': 300 }), per: 1, basis: '' }, { tree: cand, per: 1, basis: '' }, 'share');
    expect(vsLong.appeared[0]).toMatchObject({ name: 'main.new7', samples: 7, beyondChance: true });
    expect(vsLong.appeared[0]!.chance).toBeCloseTo(0.25 ** 7, 12);
    // A function's samples are those of every stack that holds it: one self sample of a caller of
    // fifty others' is fifty-one samples gone, no chance.
    const callerBase = tree({ 'main.shared': 49, 'main.leaf': 50, 'main.other': 1 }, 'main.gone');
    Object.assign(callerBase.nodes[1]!, { self: 1e7, total: 52e7, selfCount: 1 });
    const gone = diffFlameTrees({ tree: callerBase, per: 1, basis: '' }, { tree: tree({ 'main.shared': 100 }), per: 1, basis: '' }, 'share').vanished.find((v) => v.name === 'main.gone');
    expect(gone).toMatchObject({ samples: 52, beyondChance: true });
    // Profiles that count no samples (heap) say nothing of chance and list every function.
    const uncounted = (t: FlameTree): FlameTree => ({ ...t, countType: null, nodes: t.nodes.map((n) => ({ ...n, selfCount: 0 })) });
    const heapLike = diffFlameTrees({ tree: uncounted(base), per: 1, basis: '' }, { tree: uncounted(cand), per: 1, basis: '' }, 'share');
    expect(heapLike.countType).toBeNull();
    expect(heapLike.appeared[0]).toMatchObject({ name: 'main.new7', samples: null, chance: null, beyondChance: true });
  });

  it('tests a split as R\'s binom.test does, two-sided', () => {
    // binom.test(0, 10, 0.5): 2 × 0.5^10. binom.test(0, 10, 0.3): 0.7^10 (all ten in the profile of
    // 70%), plus the splits no likelier, 7 to 10 of them in the other: 0.03883960.
    const choose = (n: number, j: number): number => (j === 0 ? 1 : (choose(n, j - 1) * (n - j + 1)) / j);
    expect(allInOneChance(10, 0.5)).toBeCloseTo(2 * 0.5 ** 10, 12);
    const unlikelier = [7, 8, 9, 10].reduce((sum, j) => sum + choose(10, j) * 0.3 ** j * 0.7 ** (10 - j), 0);
    expect(allInOneChance(10, 0.7)).toBeCloseTo(0.7 ** 10 + unlikelier, 12);
    expect(allInOneChance(10, 0.7)).toBeCloseTo(0.0388396, 7);
    // All ten in the profile holding 30%: 0.3^10, and no other split is as unlikely.
    expect(allInOneChance(10, 0.3)).toBeCloseTo(0.3 ** 10, 15);
    expect(allInOneChance(0, 0.5)).toBe(1);
    expect(allInOneChance(5, 1)).toBe(1);
  });

  it('refuses to diff profiles of one name that record different things', () => {
    const cpu = decodeFile(profiles.base.cpu, 'cpu');
    const heap = { ...decodeFile(profiles.base.heap, 'heap'), profile: 'cpu.pprof' }; // a heap profile saved as cpu.pprof
    expect(() => diffFlameTrees({ tree: cpu, per: 1, basis: '' }, { tree: heap, per: 1, basis: '' }, 'share')).toThrow(
      'cpu.pprof records inuse_space/bytes in the candidate and cpu/nanoseconds in the baseline: profiles of different kinds are not diffed',
    );
  });

  it('share normalisation makes both roots 1', () => {
    const base = decodeFile(profiles.base.cpu, 'cpu');
    const cand = decodeFile(profiles.cand.cpu, 'cpu');
    const diff = diffFlameTrees({ tree: base, per: 1, basis: '' }, { tree: cand, per: 1, basis: '' }, 'share');
    expect([diff.nodes[0].baseTotal, diff.nodes[0].candTotal]).toEqual([1, 1]);
    expect(diff.unit).toBe('share');
  });
});
