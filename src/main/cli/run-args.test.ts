// gmpw run's flags as a plan, without running anything.
import { describe, expect, it } from 'vitest';
import { RunPlan } from '../../shared/domain';
import type { CatalogScenario } from '../../shared/results';
import { planFrom, suggestGomaxprocs } from './commands/run';

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

  it('says whether --gomaxprocs was given, so a scenario\'s suggestion never overrides one', () => {
    expect(planFrom(['--scenario', 'pingpong-hog']).gomaxprocsGiven).toBe(false);
    expect(planFrom(['--scenario', 'pingpong-hog', '--gomaxprocs', 'default']).gomaxprocsGiven).toBe(true);
  });

  it('runs a scenario at the GOMAXPROCS it suggests and says so; one without a suggestion keeps Go\'s default', () => {
    const entry = (id: string, suggested?: number): CatalogScenario => ({
      id, group: 'g', title: id, mechanism: '', source: '', fresh_process: false, params: [], signals: [],
      ...(suggested === undefined ? {} : { suggested_gomaxprocs: suggested }),
    });
    const catalog = { schema: 1 as const, scenarios: [entry('pingpong-hog', 1), entry('chan-sync-pingpong')] };
    const hog = suggestGomaxprocs(planFrom(['--scenario', 'pingpong-hog']).plan, catalog);
    expect(hog.plan.gomaxprocs).toEqual([1]);
    expect(hog.note).toBe('GOMAXPROCS 1, the value pingpong-hog suggests (--gomaxprocs overrides it)');
    const plain = suggestGomaxprocs(planFrom(['--scenario', 'chan-sync-pingpong']).plan, catalog);
    expect(plain).toEqual({ plan: planFrom(['--scenario', 'chan-sync-pingpong']).plan, note: null });
  });
});
