#!/usr/bin/env node
// The runner's overhead: a scenario's throughput through `gmpw run` (node, pty, metrics tail,
// store) against the same gmpstress command run directly, in paired repetitions whose order
// alternates (direct first, then gmpw first, …) so drift of the machine falls on both sides alike.
//
//   node bench/runner-overhead/run.mjs [--pairs 16] [--scenario gomaxprocs-oversubscribe]
//        [--duration 3s] [--concurrency 2] [--gomaxprocs 2]
//
// Prints one line per pair and the ratio of medians gmpw/direct (goal ≥ 0.98); writes the raw
// numbers to bench/.tmp/runner-overhead.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '16' },
    // CPU-bound: its throughput falls when anything else takes CPU, which is what we look for.
    // (chan-sync-pingpong is a poor probe: it runs faster when squeezed onto one P.)
    scenario: { type: 'string', default: 'gomaxprocs-oversubscribe' },
    duration: { type: 'string', default: '3s' },
    concurrency: { type: 'string', default: '2' },
    gomaxprocs: { type: 'string', default: '2' },
  },
});
const pairs = Number(values.pairs);
const tmp = join(root, 'bench', '.tmp');
mkdirSync(tmp, { recursive: true });
const dataDir = mkdtempSync(join(tmp, 'runner-overhead-data-'));

// The exact binary gmpw uses: let gmpw build it (the build cache), then run that file directly.
const gmpw = join(root, 'bin', 'gmpw.mjs');
const common = ['--scenario', values.scenario, '--duration', values.duration, '--concurrency', values.concurrency, '--gomaxprocs', values.gomaxprocs];

function viaGmpw() {
  const out = execFileSync(process.execPath, [gmpw, 'run', ...common, '--json', '--data-dir', dataDir], { encoding: 'utf8' });
  const run = JSON.parse(out).runs[0];
  if (run.state !== 'succeeded') throw new Error(`gmpw run ${run.id} ${run.state}: ${run.error}`);
  return run.opsPerSec;
}

viaGmpw(); // warms the build cache (not counted)
const binDir = join(dataDir, 'cache', 'bin');
const gmpstress = join(binDir, execFileSync('ls', [binDir], { encoding: 'utf8' }).split('\n').find((n) => /^gmpstress-[0-9a-f]+$/.test(n)));

function direct() {
  const out = mkdtempSync(join(tmpdir(), 'gmpw-direct-'));
  // The same flags the runner passes (harnessArgs), the same environment change (GOMAXPROCS).
  const args = ['-scenario', values.scenario, '-concurrency', values.concurrency, '-duration', values.duration, '-warmup', '0s', '-out', out, '-metrics-interval', '100ms'];
  const res = spawnSync(gmpstress, args, { env: { ...process.env, GOMAXPROCS: values.gomaxprocs }, stdio: ['ignore', 'ignore', 'inherit'] });
  if (res.status !== 0) throw new Error(`gmpstress exited ${res.status}`);
  const ops = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).ops_per_s;
  rmSync(out, { recursive: true, force: true });
  return ops;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const rows = [];
const loadBefore = loadavg()[0];
for (let i = 0; i < pairs; i++) {
  let d, g;
  if (i % 2 === 0) {
    d = direct();
    g = viaGmpw();
  } else {
    g = viaGmpw();
    d = direct();
  }
  rows.push({ pair: i + 1, order: i % 2 === 0 ? 'direct,gmpw' : 'gmpw,direct', direct: d, gmpw: g, ratio: g / d });
  console.log(`pair ${String(i + 1).padStart(2)} (${rows.at(-1).order}): direct ${d.toFixed(0)} ops/s, gmpw ${g.toFixed(0)} ops/s, ratio ${(g / d).toFixed(4)}`);
}
const summary = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
  node: process.version,
  go: execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim(),
  config: values,
  loadavg1: { before: loadBefore, after: loadavg()[0] },
  medianDirect: median(rows.map((r) => r.direct)),
  medianGmpw: median(rows.map((r) => r.gmpw)),
  medianPairRatio: median(rows.map((r) => r.ratio)),
  rows,
};
summary.ratioOfMedians = summary.medianGmpw / summary.medianDirect;
writeFileSync(join(tmp, 'runner-overhead.json'), JSON.stringify(summary, null, 2));
console.log(`\nmedian direct ${summary.medianDirect.toFixed(0)} ops/s, median gmpw ${summary.medianGmpw.toFixed(0)} ops/s`);
console.log(`ratio of medians gmpw/direct ${summary.ratioOfMedians.toFixed(4)} (goal ≥ 0.98); median of pair ratios ${summary.medianPairRatio.toFixed(4)}`);
console.log(`load average (1 min) before ${loadBefore.toFixed(2)}, after ${summary.loadavg1.after.toFixed(2)}`);
rmSync(dataDir, { recursive: true, force: true });
