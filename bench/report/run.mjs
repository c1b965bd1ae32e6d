#!/usr/bin/env node
// Exported report size and export time, for one run and for a comparison of four, on runs that
// captured a CPU profile and an execution trace (the size budget: < 5 MB and < 2 s for four).
//
//   node bench/report/run.mjs [--scenario pingpong-hog] [--duration 5s] [--repeat 5]
//
// Makes four runs (GOMAXPROCS 1,2 × 2 repetitions) in a fresh data directory, then exports each
// report --repeat times "cold" (the flame-tree cache emptied first, so every profile is decoded as
// on a first export) and as many times "warm". Time is what report.export measures in-process
// (collecting, pruning, inlining); wall is the whole `gmpw report` process, node start included.
// Writes every sample to bench/.tmp/report.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'pingpong-hog' },
    duration: { type: 'string', default: '5s' },
    repeat: { type: 'string', default: '5' },
  },
});
const repeat = Number(values.repeat);
const tmp = join(root, 'bench', '.tmp');
mkdirSync(tmp, { recursive: true });
const dataDir = mkdtempSync(join(tmp, 'report-data-'));
const gmpw = (args) => execFileSync(process.execPath, [join(root, 'bin', 'gmpw.mjs'), ...args, '--data-dir', dataDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

const made = JSON.parse(gmpw(['run', '--scenario', values.scenario, '--duration', values.duration, '--gomaxprocs', '1,2', '--concurrency', '4', '--repeat', '2', '--capture', 'cpu,trace', '--json']));
const ids = made.runs.map((r) => r.id);
if (made.runs.some((r) => r.state !== 'succeeded')) throw new Error(`not every run succeeded: ${made.runs.map((r) => `${r.id} ${r.state}`).join(', ')}`);
const artifactBytes = (id) => readdirSync(join(dataDir, 'runs', id)).reduce((sum, f) => sum + statSync(join(dataDir, 'runs', id, f)).size, 0);

const out = join(tmp, 'report.html');
function exportOnce(runIds, cold) {
  if (cold) rmSync(join(dataDir, 'cache', 'flame'), { recursive: true, force: true });
  const t0 = performance.now();
  const r = JSON.parse(gmpw(['report', ...runIds, '-o', out, '--json']));
  return { ms: r.ms, wallMs: Math.round(performance.now() - t0), bytes: r.bytes };
}
exportOnce(ids.slice(0, 1), false); // builds the report bundle if it is stale (not counted)

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = {};
for (const [name, runIds] of [['1 run', ids.slice(0, 1)], ['4 runs', ids]]) {
  for (const cold of [true, false]) {
    const samples = Array.from({ length: repeat }, () => exportOnce(runIds, cold));
    const key = `${name}, ${cold ? 'cold' : 'warm'}`;
    results[key] = samples;
    console.log(`${key.padEnd(14)} size ${(samples[0].bytes / 1e6).toFixed(2)} MB  export ms median ${median(samples.map((s) => s.ms))} (${samples.map((s) => s.ms).join(' ')})  gmpw wall median ${median(samples.map((s) => s.wallMs))}`);
  }
}
const artifacts = ids.map(artifactBytes);
console.log(`artifacts of the runs: ${artifacts.map((b) => (b / 1e6).toFixed(1)).join(' + ')} MB`);
// A report records a drill-down (a gmptrace window query) for each of a run's highest spike
// episodes and for the window of its longest wait: they are most of a busy report's export time
// and size. Counted from the last report written (the 4-run one): its recorded runs.window answers.
const snapshot = JSON.parse(gunzipSync(Buffer.from(readFileSync(out, 'utf8').match(/id="gmpw-report-data"[^>]*>([^<]*)</)[1].trim(), 'base64')).toString('utf8'));
const windows = Object.keys(snapshot.answers).filter((k) => k.startsWith('runs.window'));
const drilldowns = ids.map((id) => windows.filter((k) => k.includes(id)).length);
console.log(`drill-downs in the 4-run report: ${drilldowns.join(' + ')}`);
const record = { date: new Date().toISOString(), cpus: cpus().length, cpuModel: cpus()[0]?.model, loadavg: loadavg(), options: values, runIds: ids, artifactBytes: artifacts, drilldowns, results };
writeFileSync(join(tmp, 'report.json'), `${JSON.stringify(record, null, 2)}\n`);
rmSync(dataDir, { recursive: true, force: true });
