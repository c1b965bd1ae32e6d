// gmpw run's flags as a plan, without running anything.
import { describe, expect, it } from 'vitest';
import { RunPlan } from '../../shared/domain';
import { planAdvice, planFrom } from './commands/run';

describe('gmpw run arguments', () => {
  it('leaves what is not given to the contract\'s defaults, the app\'s and the harness\'s', () => {
    const plan = RunPlan.parse(planFrom(['--scenario', 'pingpong-hog']).plan);
    expect(plan).toMatchObject({ duration: '5s', warmup: '0s', metricsInterval: '100ms', flightRecorder: '0s', gomaxprocs: ['default'], repeat: 1 });
  });

  it('--flight-recorder sets the plan field; flight is a capture kind', () => {
    const { plan } = planFrom(['--scenario', 'pingpong-hog', '--flight-recorder', '10s', '--capture', 'cpu,flight']);
    expect(plan.flightRecorder).toBe('10s');
    expect(plan.capture).toEqual(['cpu', 'flight']);
  });

  it('says at plan time what the repetitions will answer', () => {
    const advice = (...argv: string[]) => planAdvice(planFrom(['--scenario', 'idle', ...argv]).plan);
    expect(advice()).toBeNull();
    expect(advice('--gomaxprocs', '1,2', '--concurrency', '2,4', '--repeat', '3')).toBe(
      '3 repetitions per cell give no verdict: a verdict needs ≥ 4 repetitions a side, a 95% confidence interval ≥ 6 (--repeat 4 or more)',
    );
    expect(advice('--gomaxprocs', '1,2', '--repeat', '6')).toBe('6 repetitions per cell give verdicts and 95% confidence intervals');
  });
});
