// Every contract input through dispatch(), as fast-check makes them from a valid example: no
// command crashes (no 'internal' error), none writes anything when it fails, an invalid input is
// refused naming the field, and whatever succeeds answers in the contract's shape.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands, type CommandName } from '../../../shared/contract';
import { commandNames, fuzzedInput, historySnapshot, openFuzzCore, type FuzzCore } from '../../../../test/support/contract-fuzz';
import { CommandFailure } from '../errors';
import { dispatch } from './dispatch';

let fuzz: FuzzCore;
beforeAll(async () => {
  fuzz = await openFuzzCore();
});
afterAll(() => fuzz.close());

/**
 * Fields a cross-field rule names for a change of the other: runs.window's "to_s must be after
 * from_s" is reported at to_s whichever of the two moved.
 */
const CROSS_FIELD: Record<string, string[]> = { to_s: ['from_s'] };

/** The field an invalid input is refused for lies on the path that was changed (one contains the other), or is tied to it by a rule. */
const related = (field: string, changed: string) =>
  changed === '' || field === changed || field.startsWith(`${changed}.`) || changed.startsWith(`${field}.`) || (CROSS_FIELD[field]?.includes(changed) ?? false);

describe.each(commandNames)('%s through dispatch()', (name: CommandName) => {
  it('never crashes, writes nothing when it fails, names the field of an invalid input', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzedInput(fuzz.valid[name]), async ({ input, changed }) => {
        const before = historySnapshot(fuzz.dataDir);
        let value: unknown;
        try {
          value = await dispatch(fuzz.core.handlers, name, input);
        } catch (err) {
          expect(err).toBeInstanceOf(CommandFailure);
          const { code, field, message } = (err as CommandFailure).detail;
          expect(code, message).not.toBe('internal');
          expect(message.length).toBeGreaterThan(0);
          if (code === 'invalid' && input !== null && typeof input === 'object' && !Array.isArray(input)) {
            expect(field, message).not.toBeNull();
            // The schema's refusal points at what was changed (a handler may refuse another field).
            const schemaRefused = !commands[name].input.safeParse(input).success;
            if (schemaRefused && changed !== null) expect(related(field!, changed), `${field} for a change at ${changed}`).toBe(true);
          }
          expect(historySnapshot(fuzz.dataDir)).toBe(before);
          return;
        }
        commands[name].output.parse(value);
      }),
      { numRuns: 40 },
    );
  });
});
