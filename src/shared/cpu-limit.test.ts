import { describe, expect, it } from 'vitest';
import { cpuLimitShort, cpuLimitText, sameCpuLimitNote } from './cpu-limit';

const change = (t: number, from: number, to: number) => ({ t, phase: 'measure', from, to });

describe('cpuLimitShort', () => {
  it('is the limit in force, with the configured one beside it when they differ', () => {
    const facts = (inForce: number | null) => ({ cgroupCpuLimit: inForce, cgroupCpuLimitAtStart: null, cgroupCpuLimitChanges: [] });
    expect(cpuLimitShort(0.5, facts(0.5))).toBe('0.5 cores');
    expect(cpuLimitShort(1.5, facts(0.5))).toBe('0.5 cores (configured 1.5)');
    expect(cpuLimitShort('max', facts(0.5))).toBe('0.5 cores (configured none)');
    expect(cpuLimitShort(1.5, facts(null))).toBe('none (configured 1.5)');
    expect(cpuLimitShort('max', facts(null))).toBeNull();
    expect(cpuLimitShort(2, null)).toBe('2 cores configured');
  });
});

describe('cpuLimitText', () => {
  it('says when the limit in force is not below the machine\'s CPUs', () => {
    expect(cpuLimitText(3, { cgroupCpuLimit: 3, cgroupCpuLimitAtStart: 3, cgroupCpuLimitChanges: [], numCpu: 2 })).toBe(
      "3 cores in force during the measured window (the run's own cgroup; not below the machine's 2 CPUs, it holds nothing back)",
    );
    expect(cpuLimitText(1, { cgroupCpuLimit: 1, cgroupCpuLimitAtStart: 1, cgroupCpuLimitChanges: [], numCpu: 2 })).toBe("1 core in force during the measured window (the run's own cgroup)");
  });

  it('states the limit configured and in force as one when nothing changed it', () => {
    expect(cpuLimitText(0.5, { cgroupCpuLimit: 0.5, cgroupCpuLimitAtStart: 0.5, cgroupCpuLimitChanges: [] })).toBe("0.5 cores in force during the measured window (the run's own cgroup)");
  });

  it('states the limit a scenario set, against the one configured, with its changes', () => {
    // cpu-quota-throttle-tail with quota=0.5 under --cpu-limit 1.5: 0.5 held, not 1.5.
    expect(cpuLimitText(1.5, { cgroupCpuLimit: 0.5, cgroupCpuLimitAtStart: 1.5, cgroupCpuLimitChanges: [change(0.1024, 1.5, 0.5), change(0.6, 0.5, 1.5)] })).toBe(
      '0.5 cores held longest of the measured window (1.5 cores configured; changed during the run: 1.5 → 0.5 at 0.102 s, 0.5 → 1.5 at 0.600 s)',
    );
    // And with none configured: the scenario's own quota is still a limit the run ran under.
    expect(cpuLimitText('max', { cgroupCpuLimit: 0.5, cgroupCpuLimitAtStart: null, cgroupCpuLimitChanges: [change(0.1, 0, 0.5)] })).toBe(
      '0.5 cores held longest of the measured window (none configured; changed during the run: none → 0.5 at 0.100 s)',
    );
    // As the harness writes them: every change of the limit is seen by an observation.
    expect(cpuLimitText(1.5, { cgroupCpuLimit: 0.5, cgroupCpuLimitAtStart: 1.5, cgroupCpuLimitChanges: [{ ...change(0.1024, 1.5, 0.5), after: 0.0021 }] })).toBe(
      '0.5 cores held longest of the measured window (1.5 cores configured; changed during the run: 1.5 → 0.5 between 0.002 and 0.102 s)',
    );
    // A change in the warm-up left one limit for the whole window: in force there, not merely held longest.
    expect(cpuLimitText(1.5, { cgroupCpuLimit: 0.5, cgroupCpuLimitAtStart: 1.5, cgroupCpuLimitChanges: [{ ...change(0.05, 1.5, 0.5), phase: 'warmup' }] })).toBe(
      '0.5 cores in force during the measured window (1.5 cores configured; changed during the run: 1.5 → 0.5 at 0.050 s)',
    );
  });

  it('counts the changes past the first four', () => {
    const steps = [0.5, 1, 2, 0.5, 1, 2].map((to, i, all) => change(i * 0.1, i === 0 ? 0 : all[i - 1]!, to));
    expect(cpuLimitText('max', { cgroupCpuLimit: 1, cgroupCpuLimitAtStart: null, cgroupCpuLimitChanges: steps })).toMatch(/, and 2 more\)$/);
  });

  it('says nothing of a run with no limit at any time, and what was configured when the run did not say', () => {
    expect(cpuLimitText('max', { cgroupCpuLimit: null, cgroupCpuLimitAtStart: null, cgroupCpuLimitChanges: [] })).toBeNull();
    expect(cpuLimitText('max', null)).toBeNull();
    expect(cpuLimitText(2, null)).toBe("2 cores configured (the run's own cgroup; the run did not say which held)");
  });
});

describe('sameCpuLimitNote', () => {
  const run = (cell: string, configured: number | 'max', inForce: number | 'max' | null) => ({ cell, configured, inForce });

  it('names CPU limits asked differently that ran under one: a scenario that sets its own quota', () => {
    // A new user's experiment: --param quota=0.5 --cpu-limit 1,max, both cells at 0.5 cores, and no word of it.
    const runs = [run('cpu=1 #1', 1, 0.5), run('cpu=max #1', 'max', 0.5), run('cpu=1 #2', 1, 0.5)];
    expect(sameCpuLimitNote(runs)).toBe('the cells of cpu=1 and cpu=max ran under the same CPU limit, 0.5 cores: they measure one limit');
    expect(sameCpuLimitNote([run('cpu=1 #1', 1, 1), run('cpu=max #1', 'max', 'max')])).toBeNull();
    // Cells of other GOMAXPROCS are other settings.
    expect(sameCpuLimitNote([run('GOMAXPROCS=1 cpu=1 #1', 1, 0.5), run('GOMAXPROCS=2 cpu=max #1', 'max', 0.5)])).toBeNull();
  });
});
