// The rules of a valid run: the duration ranges checked against the harness's own validation
// (test/fixtures/go/rangecheck), -test.benchtime against a real `go test` binary, and the rules
// that tie fields together.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchtimeProblem, crossFieldIssues, DURATION_RANGES, durationProblem } from './run-rules';

describe('durationProblem', () => {
  it('takes both bounds and refuses a nanosecond past them', () => {
    expect(durationProblem(DURATION_RANGES.duration, '10ms')).toBeNull();
    expect(durationProblem(DURATION_RANGES.duration, '24h')).toBeNull();
    expect(durationProblem(DURATION_RANGES.duration, '9999999ns')).toBe('9999999ns is out of range (accepted: 10ms..24h)');
    expect(durationProblem(DURATION_RANGES.duration, '24h0m0.000000001s')).toMatch(/out of range/);
    expect(durationProblem(DURATION_RANGES.duration, '0s')).toMatch(/out of range/);
  });

  it('takes 0 as off only where the harness does, and refuses what is no duration', () => {
    expect(durationProblem(DURATION_RANGES.metricsInterval, '0')).toBeNull();
    expect(durationProblem(DURATION_RANGES.flightRecorder, '0s')).toBeNull();
    expect(durationProblem(DURATION_RANGES.flightRecorder, '99ms')).toMatch(/accepted: 0s \(off\) or 100ms\.\.1h/);
    expect(durationProblem(DURATION_RANGES.warmup, '0s')).toBeNull();
    expect(durationProblem(DURATION_RANGES.warmup, '-1s')).toMatch(/out of range/);
    expect(durationProblem(DURATION_RANGES.duration, '2 s')).toBe('a Go duration such as 500ms, 2s or 1m');
  });
});

describe('the duration ranges against the harness', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gmpw-rangecheck-'));
    execFileSync('go', ['build', '-o', join(dir, 'rangecheck'), '.'], { cwd: resolve(__dirname, '../../test/fixtures/go/rangecheck'), stdio: 'pipe' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts exactly what NewStressRunner accepts, at every bound', () => {
    const options = { duration: 'duration', warmup: 'warmup', metricsInterval: 'metrics-interval', flightRecorder: 'flight-recorder' } as const;
    const values = ['0', '0s', '-1ns', '1ns', '9999999ns', '10ms', '99999999ns', '100ms', '1s', '1000000001ns', '59m59s', '1h', '1h0m0.000000001s', '23h59m', '24h', '24h0m0.000000001s', '100h'];
    const cases = Object.entries(options).flatMap(([key, option]) => values.map((value) => ({ key: key as keyof typeof options, option, value })));
    const answers: string[] = JSON.parse(execFileSync(join(dir, 'rangecheck'), { input: JSON.stringify(cases), encoding: 'utf8' }));
    const disagreements = cases.flatMap((c, i) => ((durationProblem(DURATION_RANGES[c.key], c.value) === null) === (answers[i] === '') ? [] : [{ ...c, go: answers[i] }]));
    expect(disagreements).toEqual([]);
    expect(answers.filter((a) => a === '').length).toBeGreaterThan(15);
    expect(answers.filter((a) => a !== '').length).toBeGreaterThan(15);
  });
});

describe('crossFieldIssues', () => {
  const scenario = { kind: 'scenario' as const, id: 's', params: {} };
  it('ties the flight recorder and the captures to the target kind', () => {
    expect(crossFieldIssues({ target: scenario, capture: ['flight'], flightRecorder: '10s', goVersion: ['local'] })).toEqual([]);
    expect(crossFieldIssues({ target: scenario, capture: ['flight'], flightRecorder: '0s', goVersion: ['local'] })).toEqual([{ path: ['capture'], message: "capture 'flight' needs the flight recorder (e.g. 10s)" }]);
    const endpoint = { kind: 'endpoint' as const, path: '/p', args: [], pprofUrl: 'http://127.0.0.1:1/' };
    expect(crossFieldIssues({ target: endpoint, capture: ['goroutine'], flightRecorder: '1s', goVersion: ['local'] }).map((i) => i.path)).toEqual([['flightRecorder']]);
    const bench = { kind: 'bench' as const, pkg: '/p', bench: '(', benchtime: '2x' };
    expect(crossFieldIssues({ target: bench, capture: ['goroutine', 'cpu'], flightRecorder: '0s', goVersion: ['local'] })).toEqual([
      { path: ['capture'], message: 'bench targets cannot capture goroutine (they can: cpu, heap, allocs, mutex, block, trace)' },
      { path: ['target', 'bench'], message: '"(" is not a regular expression go test takes: Unterminated group' },
    ]);
  });

  it('refuses GOMAXPROCS in the environment, which no view would record as the value configured', () => {
    expect(crossFieldIssues({ target: scenario, capture: [], flightRecorder: '0s', env: { GODEBUG: 'x=1' } })).toEqual([]);
    expect(crossFieldIssues({ target: scenario, capture: [], flightRecorder: '0s', tags: ['mine', 'imported'] })).toEqual([{ path: ['tags'], message: expect.stringContaining('a run made here cannot take it') }]);
    expect(crossFieldIssues({ target: scenario, capture: [], flightRecorder: '0s', env: { GOMAXPROCS: '1' } })).toEqual([
      { path: ['env', 'GOMAXPROCS'], message: "set GOMAXPROCS with the plan's GOMAXPROCS values (gmpw run --gomaxprocs), not the environment, so that each run records it" },
    ]);
  });

  it('keeps releases older than the harness away from the targets built on it', () => {
    const plan = { capture: [], flightRecorder: '0s', goVersion: ['local', 'go1.21.13', 'go1.22.0', 'go1.21.x'] };
    const message = 'scenario targets are built on the harness, which needs Go 1.22 or newer';
    expect(crossFieldIssues({ ...plan, target: scenario })).toEqual([{ path: ['goVersion', 1], message }, { path: ['goVersion', 3], message }]);
    expect(crossFieldIssues({ ...plan, target: { kind: 'bench', pkg: '/p', bench: '.' } })).toEqual([]);
  });

  it('sends only the harness targets to remote hosts', () => {
    const program = { kind: 'program' as const, path: '/p', params: {}, args: [] };
    const bench = { kind: 'bench' as const, pkg: '/p', bench: '.' };
    expect(crossFieldIssues({ target: scenario, capture: [], flightRecorder: '0s', hosts: ['lab', 'local'] })).toEqual([]);
    expect(crossFieldIssues({ target: program, capture: [], flightRecorder: '0s', hosts: ['lab'] })).toEqual([]);
    expect(crossFieldIssues({ target: bench, capture: [], flightRecorder: '0s', hosts: ['local'] })).toEqual([]);
    expect(crossFieldIssues({ target: bench, capture: [], flightRecorder: '0s', hosts: ['local', 'lab'] })).toEqual([
      { path: ['hosts'], message: 'bench targets run on this machine only (scenario and program targets run on hosts)' },
    ]);
    // A CPU limit is this machine's cgroup: not with a remote host, fine here.
    expect(crossFieldIssues({ target: scenario, capture: [], flightRecorder: '0s', hosts: ['lab'], cpuLimit: [0.5, 'max'] }).map((i) => i.path)).toEqual([['cpuLimit']]);
    expect(crossFieldIssues({ target: scenario, capture: [], flightRecorder: '0s', hosts: ['lab'], cpuLimit: ['max'] })).toEqual([]);
    expect(crossFieldIssues({ target: scenario, capture: [], flightRecorder: '0s', hosts: ['local'], cpuLimit: [0.5] })).toEqual([]);
  });
});

describe('benchtimeProblem against go test', () => {
  let dir: string;
  let binary: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gmpw-benchtime-'));
    binary = join(dir, 'bench.test');
    execFileSync('go', ['test', '-c', '-o', binary, '.'], { cwd: resolve(__dirname, '../../test/fixtures/go/bench'), stdio: 'pipe' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts exactly the -test.benchtime values the test binary accepts', () => {
    const values = ['1s', '500ms', '1x', '1000x', '+5x', '0x', '-1x', 'x', '1.5x', '0s', '0', '-1s', '1', '2 s', '1h', '9223372036854775807x', '9223372036854775808x'];
    const verdicts = values.map((value) => {
      // No benchmark matches: the binary parses its flags and exits at once.
      const go = spawnSync(binary, ['-test.run=^$', '-test.bench=^$', `-test.benchtime=${value}`], { encoding: 'utf8' });
      return { value, go: go.status === 0, ours: benchtimeProblem(value) === null };
    });
    expect(verdicts.filter((v) => v.go !== v.ours)).toEqual([]);
    expect(verdicts.filter((v) => v.go).length).toBeGreaterThan(4);
    expect(verdicts.filter((v) => !v.go).length).toBeGreaterThan(4);
  });
});
