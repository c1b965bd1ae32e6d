// Property-based inputs for every contract command: a valid example of each input, and inputs made
// from it by replacing one of its values (at any depth) with arbitrary JSON, adding an unknown key,
// or sending arbitrary JSON instead. Shared by the dispatch() and HTTP adapter properties.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { createCore, type Core } from '../../src/main/core';
import { Store } from '../../src/main/core/store';
import { COMMAND_NAMES, type CommandName } from '../../src/shared/contract';
import { RunPlan } from '../../src/shared/domain';
import { runConfig } from './store-fixtures';

/** Valid inputs that name the seeded runs; their targets point nowhere, so nothing can really run. */
export function validInputs(runId: string, otherRunId: string, experimentId: string): Record<CommandName, unknown> {
  return {
    'toolchain.info': {},
    'catalog.list': {},
    'runner.capabilities': {},
    'runs.list': { filter: { state: 'succeeded', text: 'x', tag: 't' }, sort: { key: 'createdAt', dir: 'desc' }, limit: 5, offset: 0 },
    'runs.get': { id: runId },
    'runs.series': { id: runId },
    'runs.trend': { id: runId, limit: 100 },
    'runs.terminal': { id: runId },
    'runs.flame': { id: runId, profile: 'cpu.pprof' },
    'runs.window': { id: runId, from_s: 0, to_s: 0.1 },
    'runs.cutTrace': { id: runId, from_s: 0, to_s: 0.1 },
    'runs.start': { plan: { target: { kind: 'program', path: '/nonexistent/gmpw-fuzz', args: ['-x'] }, duration: '1s', concurrency: [1], gomaxprocs: ['default'], env: { A: 'b' }, capture: ['cpu'] } },
    'runs.import': { files: ['/nonexistent/trace.out'], label: 'l', tags: ['t'] },
    'runs.cancel': { id: runId },
    // The seeded runs ran on this machine: refused before any ssh.
    'runs.fetchKept': { id: runId },
    'runs.progress': { id: runId },
    'runs.delete': { ids: [otherRunId] },
    'runs.setTags': { id: runId, tags: ['a', 'b'] },
    'runs.setLabel': { id: runId, label: 'label' },
    'compare.runs': { baseline: runId, candidates: [otherRunId] },
    'compare.cells': { baseline: { experimentId, cell: 'GOMAXPROCS=1 concurrency=1 #1' }, candidates: [{ runIds: [runId] }] },
    'compare.exportBenchfmt': { runIds: [runId, otherRunId] },
    'compare.diffFlame': { baseline: runId, candidate: otherRunId, profile: 'cpu.pprof', normalisation: 'per-second' },
    'report.export': { runIds: [runId, otherRunId], baseline: otherRunId },
    'system.pickPath': { kind: 'file', title: 't' },
    // hosts.check and hosts.rm name a host that hosts.add never stores, so no input, fuzzed or not,
    // makes ssh connect anywhere; the added host points at a closed loopback port regardless.
    'hosts.list': {},
    'hosts.add': { name: 'fuzz-added', destination: 'fuzz@127.0.0.1', sshOptions: ['-p', '1'] },
    'hosts.rm': { name: 'fuzz-absent' },
    'hosts.check': { name: 'fuzz-absent' },
  };
}

type Json = unknown;

/** Every path to a value inside `value` ([] is the value itself). */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) return here.concat(value.flatMap((v, i) => paths(v, [...prefix, i])));
  if (value && typeof value === 'object') return here.concat(Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k])));
  return here;
}

function setAt(value: Json, path: (string | number)[], replacement: Json): Json {
  if (path.length === 0) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, Json>;
  copy[path[0]!] = setAt(copy[path[0]!], path.slice(1), replacement);
  return copy;
}

export interface FuzzedInput {
  input: Json;
  /** The path that was changed, when the input came from the valid example. */
  changed: string | null;
}

export function fuzzedInput(valid: Json): fc.Arbitrary<FuzzedInput> {
  const all = paths(valid);
  return fc.oneof(
    fc.record({ at: fc.constantFrom(...all), to: fc.jsonValue() }).map(({ at, to }) => ({ input: setAt(valid, at, to), changed: at.join('.') })),
    fc.record({ key: fc.string({ minLength: 1, maxLength: 8 }), to: fc.jsonValue() }).map(({ key, to }) => ({ input: { ...(valid as object), [`x${key}`]: to }, changed: null })),
    fc.jsonValue().map((input) => ({ input, changed: null })),
  );
}

export const commandNames = COMMAND_NAMES;

/** Every row of every table, as text: equal before and after means nothing was written. */
export function historySnapshot(dataDir: string): string {
  const db = new BetterSqlite3(join(dataDir, 'gmpw.db'), { readonly: true });
  try {
    const tables = ['experiments', 'runs', 'artifacts', 'metrics', 'series', 'analyses', 'tags'];
    return JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()));
  } finally {
    db.close();
  }
}

export interface FuzzCore {
  core: Core;
  dataDir: string;
  valid: Record<CommandName, unknown>;
  close(): Promise<void>;
}

/** A real core on a fresh data directory with two finished runs and an experiment, on a machine without Go (nothing can run). */
export async function openFuzzCore(): Promise<FuzzCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gmpw-fuzz-'));
  const store = Store.open(dataDir);
  const plan = RunPlan.parse({ target: { kind: 'scenario', id: 's' }, duration: '1s', concurrency: [1], gomaxprocs: [1] });
  const experimentId = store.createExperiment('e', plan);
  const [runId, otherRunId] = [0, 1].map(() => {
    const id = store.createRun({ config: runConfig(), experimentId, cell: 'GOMAXPROCS=1 concurrency=1 #1' });
    store.transition(id, 'running');
    store.transition(id, 'succeeded', { exitCode: 0 });
    return id;
  });
  store.close();
  const core = await createCore({ dataDir, goWellKnown: [], env: { PATH: join(dataDir, 'no-go-here') } });
  return {
    core,
    dataDir,
    valid: validInputs(runId!, otherRunId!, experimentId),
    async close() {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
