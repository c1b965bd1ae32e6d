// A real core on a temporary data directory for the runner's end-to-end tests, with helpers to
// start plans through dispatch() (as every adapter does) and wait for runs to end.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { CommandInput, CommandName, CommandOutput, EventPayload } from '../../src/shared/contract';
import { isTerminal, type RunPlanInput, type RunState } from '../../src/shared/domain';
import { createCore, type Core, type CoreOptions } from '../../src/main/core';
import { CommandFailure } from '../../src/main/core/errors';
import { dispatch } from '../../src/main/core/handlers/dispatch';

export const FIXTURES = resolve(__dirname, '../fixtures/go');

export interface TestCore {
  core: Core;
  dataDir: string;
  call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>>;
  /** Starts a plan and resolves when every run of it has a terminal state. */
  runPlan(plan: RunPlanInput): Promise<{ ids: string[]; states: RunState[] }>;
  /** Resolves with the run's terminal state (from events, or from the store if it already ended). */
  waitTerminal(id: string): Promise<RunState>;
  /** Resolves when the run enters the given state. */
  waitState(id: string, state: RunState): Promise<void>;
  events: { [E in 'run.state' | 'run.output' | 'run.metrics' | 'run.progress']: EventPayload<E>[] };
  close(): Promise<void>;
}

export async function openTestCore(opts: Partial<CoreOptions> = {}): Promise<TestCore> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'gmpw-core-'));
  const core = await createCore({ timings: { termGraceS: 1, killGraceS: 1 }, ...opts, dataDir });
  const events: TestCore['events'] = { 'run.state': [], 'run.output': [], 'run.metrics': [], 'run.progress': [] };
  for (const name of Object.keys(events) as (keyof TestCore['events'])[]) {
    core.events.on(name, (p) => (events[name] as unknown[]).push(p));
  }
  const call: TestCore['call'] = (name, input) => dispatch(core.handlers, name, input);
  const waitFor = (id: string, pred: (s: RunState) => boolean): Promise<RunState> =>
    new Promise((done) => {
      const seen = events['run.state'].find((e) => e.runId === id && pred(e.state));
      if (seen) return done(seen.state);
      const off = core.events.on('run.state', (p) => {
        if (p.runId === id && pred(p.state)) {
          off();
          done(p.state);
        }
      });
    });
  const waitTerminal = (id: string) => waitFor(id, isTerminal);
  return {
    core,
    dataDir,
    call,
    events,
    waitTerminal,
    waitState: async (id, state) => void (await waitFor(id, (s) => s === state)),
    async runPlan(plan) {
      const { runIds } = await call('runs.start', { plan });
      const states = await Promise.all(runIds.map(waitTerminal));
      return { ids: runIds, states };
    },
    async close() {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Awaits `p`, expects it to reject with a CommandFailure, and returns that failure. */
export async function failureOf(p: Promise<unknown>): Promise<CommandFailure> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CommandFailure);
  return err as CommandFailure;
}

/** Pids of live (not zombie) processes whose process group is `pgid`, or whose pid is `pgid`. */
export function liveProcessesOfGroup(pgid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // Fields after the parenthesised command: state, ppid, pgrp, …
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state !== 'Z' && (Number(pgrp) === pgid || Number(entry) === pgid)) out.push(Number(entry));
  }
  return out;
}

/** Live processes whose command line mentions `text` (e.g. a run folder). */
export function liveProcessesMentioning(text: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (state !== 'Z' && cmdline.includes(text)) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
