import { describe, expect, it } from 'vitest';
import { planFieldAsFlag } from './plan-fields';

describe('planFieldAsFlag', () => {
  it('names the flag a plan field came from', () => {
    expect(planFieldAsFlag('plan.duration')).toBe('--duration');
    expect(planFieldAsFlag('plan.gomaxprocs.0')).toBe('--gomaxprocs (its 1st value)');
    expect(planFieldAsFlag('plan.cpuLimit.1')).toBe('--cpu-limit (its 2nd value)');
    expect(['plan.concurrency.10', 'plan.concurrency.20', 'plan.concurrency.111'].map(planFieldAsFlag)).toEqual(['--concurrency (its 11th value)', '--concurrency (its 21st value)', '--concurrency (its 112th value)']);
    expect(planFieldAsFlag('plan.target.params.hog-work')).toBe('--param hog-work');
    expect(planFieldAsFlag('plan.env.GODEBUG')).toBe('--env GODEBUG');
    expect(planFieldAsFlag('plan.target.pkg')).toBe('--bench');
  });

  it('leaves a field no flag sets as it is', () => {
    expect(planFieldAsFlag('id')).toBe('id');
    expect(planFieldAsFlag('plan.somethingNew')).toBe('plan.somethingNew');
  });
});
