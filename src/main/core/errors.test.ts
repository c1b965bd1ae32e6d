import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toCommandError } from './errors';

const failure = (schema: z.ZodType, value: unknown) => toCommandError(schema.safeParse(value).error);

describe('toCommandError', () => {
  it("words the validator's own checks for a user, naming the field", () => {
    const plan = z.object({ plan: z.object({ gomaxprocs: z.array(z.number().int().min(1).max(1024)).min(1), capture: z.array(z.enum(['cpu', 'trace'])) }) });
    expect(failure(plan, { plan: { gomaxprocs: [0], capture: [] } })).toEqual({ message: 'must be at least 1', field: 'plan.gomaxprocs.0', code: 'invalid' });
    expect(failure(plan, { plan: { gomaxprocs: [2000], capture: [] } }).message).toBe('must be at most 1024');
    expect(failure(plan, { plan: { gomaxprocs: [], capture: [] } }).message).toBe('needs at least 1 value');
    expect(failure(plan, { plan: { gomaxprocs: [1], capture: ['cpu', 'bogus'] } })).toEqual({ message: 'must be one of cpu, trace', field: 'plan.capture.1', code: 'invalid' });
    expect(failure(z.string().min(2), 'x').message).toBe('needs at least 2 characters');
    expect(failure(z.array(z.number()).length(3), [1]).message).toBe('needs exactly 3 values');
    expect(failure(z.array(z.number()).length(3), [1, 2, 3, 4]).message).toBe('needs exactly 3 values');
    expect(failure(z.string().length(1), 'ab').message).toBe('needs exactly 1 character');
    expect(failure(z.array(z.number()).max(1), [1, 2]).message).toBe('takes at most 1 value');
    expect(failure(z.number().gt(0), 0).message).toBe('must be more than 0');
  });

  it('gives the schema\'s range for an integer past 2^53, not zod\'s safe-integer bound checked before it', () => {
    const plan = z.object({ gomaxprocs: z.array(z.number().int().min(1).max(1024)) });
    expect(failure(plan, { gomaxprocs: [1, 12345678901234567890] })).toEqual({ message: 'must be at most 1024', field: 'gomaxprocs.1', code: 'invalid' });
    expect(failure(z.number().int().min(1), -12345678901234567890).message).toBe('must be at least 1');
    // With no range of its own, the bound is still said in words.
    expect(failure(z.number().int(), 12345678901234567890).message).toBe('must be at most 9007199254740991');
  });

  it("keeps a schema's own message", () => {
    expect(failure(z.number().min(1, 'a run needs at least one worker'), 0).message).toBe('a run needs at least one worker');
    expect(failure(z.enum(['a']).refine(() => false, 'never'), 'a').message).toBe('never');
  });
});
