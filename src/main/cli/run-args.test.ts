// gmpw run's flags as a plan, without running anything.
import { describe, expect, it } from 'vitest';
import { RunPlan } from '../../shared/domain';
import { planFrom } from './commands/run';

describe('gmpw run arguments', () => {
  it('leaves what is not given to the contract\'s defaults, the app\'s and the harness\'s', () => {
    const plan = RunPlan.parse(planFrom(['--scenario', 'pingpong-hog']).plan);
    expect(plan).toMatchObject({ duration: '5s', warmup: '0s', metricsInterval: '100ms', flightRecorder: '0s', gomaxprocs: ['default'], goVersion: ['local'], repeat: 1 });
  });

  it('--flight-recorder sets the plan field; flight is a capture kind', () => {
    const { plan } = planFrom(['--scenario', 'pingpong-hog', '--flight-recorder', '10s', '--capture', 'cpu,flight']);
    expect(plan.flightRecorder).toBe('10s');
    expect(plan.capture).toEqual(['cpu', 'flight']);
  });

  it('--go-version lists the releases of the plan, in the contract\'s one spelling', () => {
    const plan = RunPlan.parse(planFrom(['--scenario', 'pingpong-hog', '--go-version', 'local, 1.22.12,go1.24.x']).plan);
    expect(plan.goVersion).toEqual(['local', 'go1.22.12', 'go1.24.x']);
    expect(RunPlan.safeParse(planFrom(['--scenario', 'pingpong-hog', '--go-version', '1.24']).plan).error?.issues[0].path).toEqual(['goVersion', 0]);
  });
});
