// gmpw run's flags as a plan, without running anything.
import { describe, expect, it } from 'vitest';
import { planFrom } from './commands/run';

describe('gmpw run arguments', () => {
  it('--flight-recorder sets the plan field, off (0s) when absent; flight is a capture kind', () => {
    expect(planFrom(['--scenario', 'pingpong-hog']).plan.flightRecorder).toBe('0s');
    const { plan } = planFrom(['--scenario', 'pingpong-hog', '--flight-recorder', '10s', '--capture', 'cpu,flight']);
    expect(plan.flightRecorder).toBe('10s');
    expect(plan.capture).toEqual(['cpu', 'flight']);
  });

  it('--cpu-limit lists cores and max; anything else is a usage error naming the flag', () => {
    expect(planFrom(['--scenario', 'pingpong-hog']).plan.cpuLimit).toEqual(['max']);
    expect(planFrom(['--scenario', 'pingpong-hog', '--cpu-limit', '0.5,1,max']).plan.cpuLimit).toEqual([0.5, 1, 'max']);
    for (const bad of ['0', 'half', '0.5,,1', 'Infinity']) {
      expect(() => planFrom(['--scenario', 'pingpong-hog', '--cpu-limit', bad])).toThrow(/^--cpu-limit: ".*" is not a number of cores > 0 or max/);
    }
  });
});
