// Two connections to one history, as the app and a `gmpw run` in another process have: what the
// other one writes is published on this one's event bus, and this one's own runs are left alone.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../shared/contract';
import { EVENT_NAMES } from '../../../shared/contract';
import { runConfig, tempDataDir } from '../../../../test/support/store-fixtures';
import { EventBus } from '../events';
import { Store } from '../store';
import { formatProcessId, identify, isAlive } from '../process/process-identity';
import { ForeignRuns } from './foreign-runs';
import { RunLeftovers } from './leftovers';
import { RunOwnership } from './ownership';

let data: ReturnType<typeof tempDataDir>;
let here: Store;
let other: Store;
let events: EventBus;
let seen: Array<{ name: EventName; payload: EventPayload<EventName> }>;
let own: Set<string>;
let foreign: ForeignRuns;

beforeEach(() => {
  data = tempDataDir();
  here = Store.open(data.dir);
  other = Store.open(data.dir);
  events = new EventBus();
  seen = [];
  events.onAny((name, payload) => seen.push({ name, payload }), EVENT_NAMES);
  own = new Set();
  foreign = following();
});

/**
 * This process following the other connection's runs; their owners looked at every `ownersEveryMs`
 * (by default not twice within a test: the runs made by `other` here have no owner).
 */
const following = (ownersEveryMs = 600_000) =>
  new ForeignRuns({ store: here, events, isOwn: (id) => own.has(id), ownership: new RunOwnership(here.paths.active), leftovers: new RunLeftovers(here.paths.processes), ownersEveryMs });

afterEach(async () => {
  await foreign.stop();
  here.close();
  other.close();
  data.cleanup();
});

const states = () => seen.filter((e) => e.name === 'run.state').map((e) => e.payload as EventPayload<'run.state'>);
const tick = (t: number) => JSON.stringify({ t, phase: 'measure', ops: t * 100, gauges: {}, hist: {} });

describe('runs made by another process', () => {
  it('appear, stream their terminal and ticks from the run folder, and finish, in that order', async () => {
    foreign.start();
    seen.length = 0;
    const id = other.createRun({ config: runConfig() });
    foreign.check();
    expect(seen.map((e) => e.name)).toEqual(['runs.changed', 'run.state']);
    expect(states()).toEqual([{ runId: id, state: 'queued', exitCode: null, error: null }]);

    writeFileSync(join(other.runDir(id), 'terminal.log'), 'built\n'); // before it ran: not repeated
    other.transition(id, 'running');
    foreign.check();
    appendFileSync(join(other.runDir(id), 'terminal.log'), 'hello ');
    writeFileSync(join(other.runDir(id), 'metrics.jsonl'), `${tick(0.1)}\n${tick(0.2)}\n`);
    await new Promise((r) => setTimeout(r, 300));
    appendFileSync(join(other.runDir(id), 'terminal.log'), 'world\n');
    other.transition(id, 'succeeded', { exitCode: 0 });
    foreign.check();
    await foreign.stop();

    const output = seen.filter((e) => e.name === 'run.output').map((e) => (e.payload as EventPayload<'run.output'>).data).join('');
    expect(output).toBe('hello world\n');
    const ticks = seen.filter((e) => e.name === 'run.metrics').map((e) => (e.payload as EventPayload<'run.metrics'>).tick.t);
    expect(ticks).toEqual([0.1, 0.2]);
    expect(states().map((s) => [s.state, s.exitCode])).toEqual([
      ['queued', null],
      ['running', null],
      ['succeeded', 0],
    ]);
    // The end is told last, after the run's last output.
    expect(seen.at(-1)).toEqual({ name: 'run.state', payload: { runId: id, state: 'succeeded', exitCode: 0, error: null } });
  });

  it("ignores this process's own runs and looks only when another connection committed", () => {
    foreign.start();
    const mine = here.createRun({ config: runConfig() }); // this connection's commit: no version change
    own.add(mine);
    seen.length = 0;
    foreign.check();
    expect(seen).toEqual([]);
    const theirs = other.createRun({ config: runConfig() });
    foreign.check();
    expect(states().map((s) => s.runId)).toEqual([theirs]);
  });

  it('follows nothing once stopped: a commit after stop() is no news, and no run is tailed', async () => {
    foreign.start();
    await foreign.stop();
    seen.length = 0;
    const id = other.createRun({ config: runConfig() });
    other.transition(id, 'running');
    foreign.check();
    expect(seen).toEqual([]);
  });

  it('ends a run whose owner died as a start-up would: what it left running ended, the run interrupted; a live owner\'s run untouched', async () => {
    // The other process (its pid and start time claim the run) and the target it left running in a process group of its own.
    const owner = spawn('sleep', ['60'], { stdio: 'ignore' });
    const target = spawn('sleep', ['60'], { stdio: 'ignore', detached: true });
    // This process's own run, live, with its own target: whoever else dies, it is not touched.
    const ownTarget = spawn('sleep', ['60'], { stdio: 'ignore', detached: true });
    const exited = new Promise((r) => owner.once('exit', r));
    try {
      const mine = here.createRun({ config: runConfig() });
      new RunOwnership(here.paths.active).claim(mine);
      new RunLeftovers(here.paths.processes).record(mine, { target: identify(ownTarget.pid!), cgroup: null });
      here.transition(mine, 'running');
      own.add(mine);
      const id = other.createRun({ config: runConfig() });
      writeFileSync(join(here.paths.active, id), formatProcessId(identify(owner.pid!)));
      writeFileSync(join(here.paths.processes, `${id}.json`), JSON.stringify({ owner: identify(owner.pid!), target: identify(target.pid!), cgroup: null }));
      other.transition(id, 'running');
      await foreign.stop();
      foreign = following(20);
      foreign.start();
      // Many looks while its owner lives: nothing happens to it.
      await new Promise((r) => setTimeout(r, 300));
      expect(here.getRun(id)!.state).toBe('running');
      expect(isAlive(target.pid!)).toBe(true);

      owner.kill('SIGKILL');
      await exited;
      const deadline = Date.now() + 5000;
      while (here.getRun(id)!.state === 'running' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(here.getRun(id)!.state).toBe('interrupted');
      expect(here.getRun(id)!.error).toMatch(/^The workbench stopped while this run was running/);
      await foreign.stop();
      expect(states().filter((s) => s.runId === id).map((s) => s.state)).toEqual(['running', 'interrupted']);
      // Killed: gone once the kernel has taken it down, which a loaded machine may take a moment over.
      const gone = Date.now() + 5000;
      while (isAlive(target.pid!) && Date.now() < gone) await new Promise((r) => setTimeout(r, 50));
      expect(isAlive(target.pid!)).toBe(false);
      expect(here.getRun(mine)!.state).toBe('running');
      expect(isAlive(ownTarget.pid!)).toBe(true);
      expect(existsSync(join(here.paths.processes, `${mine}.json`))).toBe(true);
    } finally {
      process.kill(-ownTarget.pid!, 'SIGKILL');
      owner.kill('SIGKILL');
      try {
        process.kill(-target.pid!, 'SIGKILL');
      } catch {
        // ended by the recovery
      }
    }
  });
});
