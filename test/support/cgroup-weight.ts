// Tests that measure CPU throttling need the CPU limit to bind: on a machine busy with other work a
// 2-thread target in a cgroup of default weight gets less than the 0.5 CPU the limit allows. While
// `work` runs, the folder holding the workbench's run groups gets the largest CPU weight; it is
// restored afterwards.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readHierarchies } from '../../src/main/core/runner/cgroup/hierarchies';

export async function withHeavyWeight<T>(work: () => Promise<T>): Promise<T> {
  const h = readHierarchies();
  const cpu = h.v1.get('cpu');
  const [file, heavy] = cpu ? [join(cpu.ownDir, 'gmp-workbench', 'cpu.shares'), '262144'] : [join(h.v2!.ownDir, 'gmp-workbench', 'cpu.weight'), '10000'];
  const before = readFileSync(file, 'utf8');
  writeFileSync(file, heavy);
  try {
    return await work();
  } finally {
    writeFileSync(file, before);
  }
}
