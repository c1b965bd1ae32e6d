import { describe, expect, it } from 'vitest';
import { scenarioValues } from './scenario-values';

describe('scenarioValues', () => {
  it('states each value in the unit the scenario gave, a duration as one, by name', () => {
    const values = scenarioValues({
      values: {
        yields: { value: 21691, unit: 'turns' },
        longest_wait_s: { value: 0.200000172, unit: 's' },
        runnable_fraction: { value: 0.9808851777898947, unit: '' },
        skew: { value: null, unit: 'x' },
        cgroup_cpu_limit: { value: 0.5, unit: 'cores' },
      },
    });
    expect(values.map((v) => [v.name, v.text])).toEqual([
      ['cgroup_cpu_limit', '0.5 cores'],
      ['longest_wait_s', '200 ms'],
      ['runnable_fraction', '0.981'],
      ['skew', 'not finite'],
      ['yields', '21,691 turns'],
    ]);
    expect(scenarioValues({})).toEqual([]);
  });
});
