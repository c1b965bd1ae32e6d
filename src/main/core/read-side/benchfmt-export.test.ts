// The Go benchmark format export of stored runs (real SQLite history, result.json as the harness writes it).
import { describe, expect, it } from 'vitest';
import { storedScenarioRun } from '../../../../test/support/store-fixtures';
import { storePerTest } from '../../../../test/support/store-per-test';
import { parseBenchfmt } from '../benchfmt';
import { exportBenchfmt } from './benchfmt-export';

const temp = storePerTest();

describe('exportBenchfmt', () => {
  it('names each run by every parameter it ran with and the GOMAXPROCS in force; the configured one is a key when it differs', () => {
    const params = { 'hog-work': '1000000', 'light-work': '1000' };
    const overridden = storedScenarioRun(temp.store, 2, 1, params);
    const honest = storedScenarioRun(temp.store, 2, 2, params);
    const exported = exportBenchfmt([overridden, honest]);
    const { results } = parseBenchfmt(exported.text);
    expect(results.map((r) => r.name)).toEqual(['PingpongHog/hog-work=1000000/light-work=1000/concurrency=8-1', 'PingpongHog/hog-work=1000000/light-work=1000/concurrency=8-2']);
    expect(results[0].config['gomaxprocs-configured']).toBe('2');
    expect(results[1].config).not.toHaveProperty('gomaxprocs-configured');
    // benchstat would make a table of each configured value unless told to compare along it too.
    expect(exported.columns).toEqual(['gomaxprocs-configured', '/gomaxprocs']);
  });

  it("writes go test's header: the processor's name as cpu, and no key for what the run did not have", () => {
    const { results } = parseBenchfmt(exportBenchfmt([storedScenarioRun(temp.store, 2, 2, {})]).text);
    expect(results[0]!.config).toMatchObject({ goos: 'linux', goarch: 'amd64', cpu: 'Test CPU @ 2.00GHz', go: 'go1.26.0' });
    // This machine, and no CPU limit on the run's cgroup.
    expect(results[0]!.config).not.toHaveProperty('host');
    expect(results[0]!.config).not.toHaveProperty('cpu-limit');
  });

  it('names the CPU limit of a run without one where another run has one, so no benchstat column is headed by nothing', () => {
    const free = storedScenarioRun(temp.store, 2, 2, {});
    const limited = storedScenarioRun(temp.store, 2, 2, {});
    const exported = exportBenchfmt([free, { ...limited, provenance: { ...limited.provenance!, cgroupCpuLimit: 0.5 } }]);
    expect(parseBenchfmt(exported.text).results.map((r) => r.config['cpu-limit'])).toEqual(['max', '0.5']);
    expect(exported.columns).toContain('cpu-limit');
  });

  it('gives a run without a CPU limit 0 throttled where another run measured its throttling, as compare shows it', () => {
    const free = storedScenarioRun(temp.store, 2, 2, {});
    const limited = storedScenarioRun(temp.store, 2, 2, {});
    const throttled = { ...limited, provenance: { ...limited.provenance!, cgroupCpuLimit: 0.5 }, throttling: { periods: 100, throttled: 90, throttledSeconds: 0.45 } };
    const valuesOf = (r: { values: { value: number; unit: string }[] }) => Object.fromEntries(r.values.map((v) => [v.unit, v.value]));
    const [freeLine, limitedLine] = parseBenchfmt(exportBenchfmt([free, throttled]).text).results.map(valuesOf);
    expect(freeLine).toMatchObject({ 'throttled-periods': 0, 'throttled-time-sec': 0 });
    expect(limitedLine).toMatchObject({ 'throttled-periods': 90, 'throttled-time-sec': 0.45 });
    // Alone, the run without a limit says nothing of throttling: nothing was measured.
    expect(valuesOf(parseBenchfmt(exportBenchfmt([free]).text).results[0]!)).not.toHaveProperty('throttled-periods');
  });
});
