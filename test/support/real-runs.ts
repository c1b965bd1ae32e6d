// Real runs for read-side tests: the bundled gmpstress runs a scenario into a store run's folder and
// gmptrace analyses its trace, then the files are stored the way the runner stores them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Store } from '../../src/main/core/store';
import { parseMetricsText } from '../../src/shared/domain';
import { runConfig } from './store-fixtures';

const GO_DIR = resolve(__dirname, '../../resources/go');

export interface GoTools {
  gmpstress: string;
  gmptrace: string;
  cleanup: () => void;
}

export function buildGoTools(): GoTools {
  const bin = mkdtempSync(join(tmpdir(), 'gmpw-tools-'));
  const tools = { gmpstress: join(bin, 'gmpstress'), gmptrace: join(bin, 'gmptrace'), cleanup: () => rmSync(bin, { recursive: true, force: true }) };
  execFileSync('go', ['build', '-o', tools.gmpstress, './cmd/gmpstress'], { cwd: GO_DIR, stdio: 'pipe' });
  execFileSync('go', ['build', '-o', tools.gmptrace, '.'], { cwd: join(GO_DIR, 'cmd/gmptrace'), stdio: 'pipe' });
  return tools;
}

export interface RealRunOptions {
  scenario: string;
  gomaxprocs: number;
  duration?: string;
  warmup?: string;
}

/** A succeeded run with result.json, metrics.jsonl, cpu.pprof, trace.out and gmptrace's outputs. */
export async function realRun(store: Store, tools: GoTools, opts: RealRunOptions): Promise<string> {
  const duration = opts.duration ?? '300ms';
  const warmup = opts.warmup ?? '0s';
  const config = runConfig({ target: { kind: 'scenario', id: opts.scenario, params: {} }, gomaxprocs: opts.gomaxprocs, duration, warmup, capture: ['cpu', 'trace'] });
  const id = store.createRun({ config });
  const dir = store.runDir(id);
  store.transition(id, 'running');
  const terminal = execFileSync(
    tools.gmpstress,
    ['-scenario', opts.scenario, '-concurrency', String(config.concurrency), '-duration', duration, '-warmup', warmup, '-out', dir, '-capture', 'cpu,trace'],
    { env: { ...process.env, GOMAXPROCS: String(opts.gomaxprocs) }, encoding: 'utf8' },
  );
  writeFileSync(join(dir, 'terminal.log'), terminal);
  store.saveResult(id, JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')));
  store.saveSeries(id, parseMetricsText(readFileSync(join(dir, 'metrics.jsonl'), 'utf8')));
  store.transition(id, 'analysing');
  execFileSync(tools.gmptrace, ['analyze', join(dir, 'trace.out'), '-o', join(dir, 'analysis.json'), '-pprof-dir', dir], { stdio: 'pipe' });
  store.saveAnalysis(id, JSON.parse(readFileSync(join(dir, 'analysis.json'), 'utf8')));
  await store.registerFolder(id);
  store.transition(id, 'succeeded', { exitCode: 0 });
  return id;
}

/** Two real runs of one scenario to compare, each after a warm-up: the baseline on GOMAXPROCS 2, the candidate on 1. */
export async function baselineAndCandidate(store: Store): Promise<{ baseline: string; candidate: string }> {
  const tools = buildGoTools();
  try {
    const baseline = await realRun(store, tools, { scenario: 'chan-sync-pingpong', gomaxprocs: 2, warmup: '300ms' });
    const candidate = await realRun(store, tools, { scenario: 'chan-sync-pingpong', gomaxprocs: 1, warmup: '300ms' });
    return { baseline, candidate };
  } finally {
    tools.cleanup();
  }
}
