import { describe, expect, it } from 'vitest';
import { PLAN_FIELDS } from './plan-fields';
import { fieldAsTyped } from './typed-fields';

const asFlag = (field: string) => fieldAsTyped(field, PLAN_FIELDS);

describe('PLAN_FIELDS', () => {
  it('names the flag a plan field came from', () => {
    expect(asFlag('plan.duration')).toBe('--duration');
    expect(asFlag('plan.gomaxprocs.0')).toBe('--gomaxprocs (its 1st value)');
    expect(asFlag('plan.cpuLimit.1')).toBe('--cpu-limit (its 2nd value)');
    expect(['plan.concurrency.10', 'plan.concurrency.20', 'plan.concurrency.111'].map(asFlag)).toEqual(['--concurrency (its 11th value)', '--concurrency (its 21st value)', '--concurrency (its 112th value)']);
    expect(asFlag('plan.target.params.hog-work')).toBe('--param hog-work');
    expect(asFlag('plan.env.GODEBUG')).toBe('--env GODEBUG');
    expect(asFlag('plan.target.pkg')).toBe('--bench');
  });

  it('leaves a field no flag sets as it is', () => {
    expect(asFlag('id')).toBe('id');
    expect(asFlag('plan.somethingNew')).toBe('plan.somethingNew');
  });
});
