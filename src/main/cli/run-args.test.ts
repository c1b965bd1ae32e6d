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

  it('--host takes a list of hosts, and leaves the plan on this machine when absent', () => {
    expect(planFrom(['--scenario', 'pingpong-hog']).plan.hosts).toBeUndefined();
    expect(planFrom(['--scenario', 'pingpong-hog', '--host', 'lab, local']).plan.hosts).toEqual(['lab', 'local']);
  });
});
