import { describe, expect, it } from 'vitest';
import type { RunDetail } from './contract';
import { runNames } from './run-names';

/** The fields runNames reads, on an otherwise empty detail. */
function detail(id: string, o: { label?: string; cell?: string; gomaxprocs?: number; concurrency?: number; concurrencyUsed?: boolean; goVersion?: string; builtWith?: string; cpuLimit?: number | 'max'; host?: string } = {}): RunDetail {
  return {
    run: { id, label: o.label ?? '', targetName: 'pingpong-hog', gomaxprocs: o.gomaxprocs ?? 2, concurrency: o.concurrency ?? 2, concurrencyUsed: o.concurrencyUsed ?? true, targetKind: 'scenario', cell: o.cell ?? null, host: o.host ?? 'local', tags: [] },
    config: { goVersion: o.goVersion ?? 'local', cpuLimit: o.cpuLimit ?? 'max' },
    builtWith: o.builtWith ?? 'go1.26.8',
    provenance: null,
    analysis: null,
  } as unknown as RunDetail;
}

describe('runNames', () => {
  it('names GOMAXPROCS and concurrency, and whatever else differs: the Go release, the CPU limit, the host', () => {
    expect(runNames([detail('a', { cpuLimit: 0.5 }), detail('b', { goVersion: 'go1.24.x', builtWith: 'go1.24.13', cpuLimit: 0.5 })])).toEqual([
      'pingpong-hog P=2 c=2 go1.26.8',
      'pingpong-hog P=2 c=2 go1.24.13 (asked go1.24.x)',
    ]);
    expect(runNames([detail('a', { cpuLimit: 0.5 }), detail('b'), detail('c', { host: 'lab' })])).toEqual([
      'pingpong-hog P=2 c=2 cpu=0.5 on local',
      'pingpong-hog P=2 c=2 cpu=max on local',
      'pingpong-hog P=2 c=2 cpu=max on lab',
    ]);
  });

  it('names the CPU limit in force, which a scenario may have set, not the one configured', () => {
    const ran = (id: string, configured: number | 'max', inForce: number | null): RunDetail => ({ ...detail(id, { cpuLimit: configured }), provenance: { cgroupCpuLimit: inForce } as RunDetail['provenance'] });
    expect(runNames([ran('a', 1.5, 0.5), ran('b', 1.5, 1.5), ran('c', 'max', null)])).toEqual(['pingpong-hog P=2 c=2 cpu=0.5', 'pingpong-hog P=2 c=2 cpu=1.5', 'pingpong-hog P=2 c=2 cpu=max']);
    // Runs that differ only in what was configured read alike, and are told apart as such.
    expect(runNames([ran('a', 1.5, 0.5), ran('b', 'max', 0.5)])).toEqual(['pingpong-hog P=2 c=2 (a)', 'pingpong-hog P=2 c=2 (b)']);
  });

  it('names the GOMAXPROCS that ran: an import by its trace, Go\'s default by the number in force, an unread default as such', () => {
    const ran = (id: string, configured: number | 'default', inForce: number | null): RunDetail => {
      const d = detail(id, { concurrencyUsed: false });
      return { ...d, run: { ...d.run, gomaxprocs: configured, gomaxprocsInForce: inForce } } as RunDetail;
    };
    expect(runNames([ran('a', 'default', 4), ran('b', 'default', null), ran('c', 2, null)])).toEqual(['pingpong-hog P=4', 'pingpong-hog P=default', 'pingpong-hog P=2']);
  });

  it('names a lone run\'s CPU limit in force and its host, when it had them (a report of one run is titled by its name)', () => {
    const limited = { ...detail('a', { cpuLimit: 1 }), provenance: { cgroupCpuLimit: 0.5 } as RunDetail['provenance'] };
    expect(runNames([limited])).toEqual(['pingpong-hog P=2 c=2 cpu=0.5']);
    expect(runNames([detail('b', { host: 'lab' })])).toEqual(['pingpong-hog P=2 c=2 on lab']);
    expect(runNames([detail('c')])).toEqual(['pingpong-hog P=2 c=2']);
  });

  it('names no concurrency for a run that did not use it', () => {
    expect(runNames([detail('a', { concurrencyUsed: false }), detail('b', { concurrencyUsed: false, gomaxprocs: 4 })])).toEqual(['pingpong-hog P=2', 'pingpong-hog P=4']);
  });

  it('tells runs that read alike apart by their repetition in the experiment, else by id, never by a made-up count', () => {
    expect(runNames([detail('a', { cell: 'GOMAXPROCS=2 concurrency=2 #1' }), detail('b', { cell: 'GOMAXPROCS=2 concurrency=2 #3' })])).toEqual([
      'pingpong-hog P=2 c=2 (#1)',
      'pingpong-hog P=2 c=2 (#3)',
    ]);
    expect(runNames([detail('r1', { cell: 'x #1' }), detail('r2', { cell: 'y #1' }), detail('r3', { label: 'mine' })])).toEqual(['pingpong-hog P=2 c=2 (r1)', 'pingpong-hog P=2 c=2 (r2)', 'mine']);
  });
});
