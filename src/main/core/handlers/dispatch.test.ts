// dispatch(): the contract parses every input before a handler runs, and every failure becomes a
// CommandError whose field is the path in the command's input and whose message does not repeat it.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { failureOf, openTestCore, type TestCore } from '../../../../test/support/run-core';
import { CommandFailure, toCommandError, UserError } from '../errors';

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
});
afterAll(async () => {
  await t?.close();
});

const plan = { target: { kind: 'scenario' as const, id: 'pingpong-hog' }, concurrency: [1], gomaxprocs: ['default' as const] };

describe('runs.start through dispatch()', () => {
  it('refuses a field the contract does not have (a misspelling would be dropped), naming its path, before anything runs', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ plan: { ...plan, duration: '100ms', captures: ['trace'] } }, 'plan.captures'],
      [{ plan: { ...plan, duration: '100ms', target: { ...plan.target, extra: 1 } } }, 'plan.target.extra'],
      [{ plan: { ...plan, duration: '100ms' }, force: true }, 'force'],
    ];
    for (const [input, field] of cases) {
      const failure = await failureOf(t.call('runs.start', input as never));
      expect(failure.detail).toEqual({ field, message: `${field} is not a field of runs.start (misspelled?): nothing was done`, code: 'invalid' });
    }
    expect((await t.call('runs.list', {})).total).toBe(0);
    // And any other command's: runs.get with a stray key.
    expect((await failureOf(t.call('runs.get', { id: 'x', extra: 1 } as never))).detail.field).toBe('extra');
  });

  it('refuses a duration the harness would refuse (5ms), naming plan.duration, before anything is stored', async () => {
    const failure = await failureOf(t.call('runs.start', { plan: { ...plan, duration: '5ms' } }));
    expect(failure.detail).toEqual({ field: 'plan.duration', message: '5ms is out of range (accepted: 10ms..24h)', code: 'invalid' });
    expect((await t.call('runs.list', {})).total).toBe(0);
    expect(readdirSync(join(t.dataDir, 'runs'))).toEqual([]);
  });

  it('lets the bounds of the range through to the target checks (a missing package is the next refusal)', async () => {
    const bench = { ...plan, target: { kind: 'bench' as const, pkg: '/nonexistent/pkg' } };
    for (const duration of ['10ms', '24h']) {
      const failure = await failureOf(t.call('runs.start', { plan: { ...bench, duration } }));
      expect(failure.detail).toMatchObject({ field: 'plan.target.pkg', message: '/nonexistent/pkg does not exist' });
    }
    expect((await t.call('runs.list', {})).total).toBe(0);
  });

  it('refuses the other harness ranges and the captures a target kind cannot write, each by its path', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ warmup: '2h' }, 'plan.warmup'],
      [{ metricsInterval: '5ms' }, 'plan.metricsInterval'],
      [{ flightRecorder: '50ms' }, 'plan.flightRecorder'],
      [{ capture: ['flight'] }, 'plan.capture'],
      [{ target: { kind: 'bench', pkg: '/p' }, capture: ['goroutine'] }, 'plan.capture'],
      [{ target: { kind: 'bench', pkg: '/p', benchtime: '0x' } }, 'plan.target.benchtime'],
      [{ target: { kind: 'endpoint', path: '/p', pprofUrl: 'http://127.0.0.1:1/debug/pprof/' }, flightRecorder: '1s' }, 'plan.flightRecorder'],
    ];
    for (const [change, field] of cases) {
      const failure = await failureOf(t.call('runs.start', { plan: { ...plan, ...change } as never }));
      expect(failure.detail.field, JSON.stringify(change)).toBe(field);
      expect(failure.detail.message, JSON.stringify(change)).not.toContain(field);
    }
    expect((await t.call('runs.list', {})).total).toBe(0);
  });
});

describe('runs.list through dispatch()', () => {
  it('refuses a search text SQLite could not take, naming the field (it was an internal error)', async () => {
    const failure = await failureOf(t.call('runs.list', { filter: { text: '%'.repeat(25_001) } }));
    expect(failure.detail).toEqual({ field: 'filter.text', message: 'takes at most 1000 characters', code: 'invalid' });
    expect((await t.call('runs.list', { filter: { text: '%'.repeat(1000) } })).total).toBe(0);
  });
});

describe('toCommandError', () => {
  it('keeps a UserError as it was thrown, and reports anything else as internal', () => {
    expect(toCommandError(new UserError('no such run', 'id', 'not-found'))).toEqual({ message: 'no such run', field: 'id', code: 'not-found' });
    expect(toCommandError(new Error('boom'))).toEqual({ message: 'boom', field: null, code: 'internal' });
    const detail = { message: 'm', field: null, code: 'c' };
    expect(toCommandError(new CommandFailure(detail))).toBe(detail);
  });

  it('names an unknown key itself, not the object that holds it', () => {
    const refused = z.object({ plan: z.object({ duration: z.string() }).strict() }).safeParse({ plan: { duration: '1s', surprise: 1 } });
    expect(toCommandError(refused.error)).toMatchObject({ field: 'plan.surprise', code: 'invalid' });
  });
});
