#!/usr/bin/env node
// The runner's own CPU while a target runs: the gmpw process's utime+stime (/proc, Linux) from the
// moment its target starts until it exits, as a share of one core and of the machine. This bounds
// what the workbench can take from a CPU-bound target, and unlike a throughput ratio it does not
// drown in the noise of a busy machine.
//
//   node bench/runner-overhead/cpu-share.mjs [--duration 10s] [--metrics-interval 100ms] [--scenario gomaxprocs-oversubscribe]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10s' },
    'metrics-interval': { type: 'string', default: '100ms' },
    scenario: { type: 'string', default: 'gomaxprocs-oversubscribe' },
  },
});
const TICKS_PER_S = 100; // USER_HZ on Linux
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}
/** utime + stime in seconds (fields 14 and 15 of /proc/PID/stat). */
const cpuSeconds = (pid) => {
  const f = stat(pid);
  return f ? (Number(f[11]) + Number(f[12])) / TICKS_PER_S : null;
};
function cmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}
/** The target: gmpw's child that got -scenario (not the go commands it runs before). */
const targetOf = (ppid) => readdirSync('/proc').find((e) => /^\d+$/.test(e) && Number(stat(e)?.[1]) === ppid && cmdline(e).includes('-scenario'));

const dataDir = mkdtempSync(join(tmpdir(), 'gmpw-cpu-share-'));
const gmpw = spawn(process.execPath, [join(root, 'bin', 'gmpw.mjs'), 'run', '--scenario', values.scenario, '--duration', values.duration,
  '--metrics-interval', values['metrics-interval'], '--json', '--data-dir', dataDir], { stdio: 'ignore' });
let target;
while (!target) {
  await sleep(10);
  target = targetOf(gmpw.pid);
}
const started = performance.now();
const cpuStart = cpuSeconds(gmpw.pid);
let cpuEnd = cpuStart;
let ended = started;
while (stat(target) && stat(target)[0] !== 'Z') {
  cpuEnd = cpuSeconds(gmpw.pid) ?? cpuEnd;
  ended = performance.now();
  await sleep(50);
}
await new Promise((r) => gmpw.once('exit', r));
const wall = (ended - started) / 1000;
const cpu = cpuEnd - cpuStart;
console.log(`gmpw used ${cpu.toFixed(2)} s CPU over ${wall.toFixed(2)} s of its target's run: ` +
  `${((100 * cpu) / wall).toFixed(2)}% of one core, ${((100 * cpu) / wall / availableParallelism()).toFixed(2)}% of this ${availableParallelism()}-CPU machine`);
rmSync(dataDir, { recursive: true, force: true });
