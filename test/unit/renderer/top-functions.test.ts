// The Run page's top functions against go tool pprof on a real CPU profile: each function's self and
// cumulative value as pprof -top computes them (a sample counts once toward every function on its
// stack, however often the function recurs there).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFlameTree } from '../../../src/main/core/flame/decode';
import { topBySelf } from '../../../src/renderer/src/flame/TopFunctions';
import { makeProfiles, pprofRaw, type ProfileSet } from '../../support/go-profiles';

let profiles: ProfileSet;
let cleanup: () => void;
beforeAll(() => {
  const made = makeProfiles(['base']);
  profiles = made.sets.base!;
  cleanup = made.cleanup;
}, 180_000);
afterAll(() => cleanup?.());

describe('top functions', () => {
  it("give every function pprof's flat and cum", () => {
    const tree = decodeFlameTree(readFileSync(profiles.cpu), profiles.cpu, 'cpu');
    const raw = pprofRaw(profiles.cpu);
    const col = raw.sampleTypes.indexOf(tree.sampleType);
    const flat = new Map<string, number>();
    const cum = new Map<string, number>();
    for (const s of raw.samples) {
      const v = s.values[col]!;
      flat.set(s.stack[0]!, (flat.get(s.stack[0]!) ?? 0) + v);
      for (const name of new Set(s.stack)) cum.set(name, (cum.get(name) ?? 0) + v);
    }
    const top = topBySelf(tree.nodes);
    // Every function pprof gives self time, and no other (how many there are depends on where the
    // profiler's samples fell: on a loaded machine main.spin may be the only one).
    expect(top.length).toBeGreaterThan(0);
    expect(top.map((f) => f.name).sort()).toEqual([...flat].filter(([, v]) => v > 0).map(([name]) => name).sort());
    for (const f of top) expect([f.name, f.self, f.cum]).toEqual([f.name, flat.get(f.name), cum.get(f.name)]);
  });
});
