// The CPU weight of the folder holding the workbench's run groups, set for the length of `work` and
// restored afterwards. Tests that measure CPU throttling need the CPU limit to bind: on a machine
// busy with other work a 2-thread target of default weight gets less than the 0.5 CPU the limit
// allows (heaviest). A test that watches a run live needs the opposite: a target spinning on every
// CPU starves the browser drawing it, whose page then does not change until the run ends (lightest).
// The weight holds for every run on the machine: `npm test` runs the files that set it one at a
// time, after the others (scripts/test.mjs).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readHierarchies } from '../../src/main/core/runner/cgroup/hierarchies';

/** cpu.shares (v1) and cpu.weight (v2) at their ends of the range. */
const WEIGHTS = { heaviest: { v1: '262144', v2: '10000' }, lightest: { v1: '2', v2: '1' } } as const;

async function withRunGroupsWeight<T>(weight: keyof typeof WEIGHTS, work: () => Promise<T>): Promise<T> {
  const h = readHierarchies();
  const cpu = h.v1.get('cpu');
  const folder = cpu ? join(cpu.ownDir, 'gmp-workbench') : join(h.v2!.ownDir, 'gmp-workbench');
  const file = join(folder, cpu ? 'cpu.shares' : 'cpu.weight');
  // The workbench makes the folder at its first contained run; made here, it is the same folder.
  if (!existsSync(folder)) mkdirSync(folder);
  const before = readFileSync(file, 'utf8').trim();
  // One of this helper's own values is a test's that never restored it (killed midway), or one still
  // under way beside this one: both would make it the value restored below, for every later run.
  const leaked = Object.values(WEIGHTS).find((w) => w[cpu ? 'v1' : 'v2'] === before);
  if (leaked) throw new Error(`${file} is ${before}, a weight this helper sets: another test is using it, or one was killed before it restored the default (write ${cpu ? '1024' : '100'} to it)`);
  writeFileSync(file, WEIGHTS[weight][cpu ? 'v1' : 'v2']);
  try {
    return await work();
  } finally {
    writeFileSync(file, before);
  }
}

export const withHeavyWeight = <T>(work: () => Promise<T>): Promise<T> => withRunGroupsWeight('heaviest', work);
export const withLightWeight = <T>(work: () => Promise<T>): Promise<T> => withRunGroupsWeight('lightest', work);
