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

  it('asks for --yes before a plan of more than 100 runs', () => {
    const grid = ['--scenario', 'pingpong-hog', '--gomaxprocs', '1,2,3,4', '--concurrency', '1,2,3,4,5'];
    expect(planFrom([...grid, '--repeat', '5']).plan.repeat).toBe(5); // 100 runs
    expect(() => planFrom([...grid, '--repeat', '6'])).toThrow('run: this plan makes 120 runs (GOMAXPROCS values × concurrency values × --repeat); add --yes to start them');
    expect(planFrom([...grid, '--repeat', '6', '--yes']).plan.repeat).toBe(6);
  });
});
