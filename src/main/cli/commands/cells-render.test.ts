import { describe, expect, it } from 'vitest';
import type { GroupComparison } from '../../../shared/contract';
import { renderGroupComparison } from './cells-render';

const group = (label: string, runIds: string[], excluded: GroupComparison['baseline']['excluded'] = []) => ({ label, experimentId: 'e1', cell: label, runIds, excluded });
const facts = (inForce: string[]) => ({ setups: ['cpu-quota-throttle-tail · 1s'], goReleases: inForce.length ? ['go1.26.8'] : [], inForce, goBuilt: [], gomaxprocsInForce: [], cpuLimitInForce: [], machines: ['vm'] });

describe('gmpw compare --experiment, what ran', () => {
  it('says of a cell without a succeeded run so, not nothing', () => {
    const comparison = {
      baseline: group('go=local GOMAXPROCS=1', ['r1']),
      candidates: [group('go=go1.25.99 GOMAXPROCS=1', [], [{ id: 'r2', state: 'failed' }])],
      facts: [facts(['GOMAXPROCS 1']), facts([])],
      metrics: [],
      warnings: [],
    } as unknown as GroupComparison;
    const printed = renderGroupComparison(comparison);
    expect(printed).toContain('  go=local GOMAXPROCS=1 (base): go1.26.8 · GOMAXPROCS 1');
    expect(printed).toContain('  go=go1.25.99 GOMAXPROCS=1: no succeeded run');
  });
});
