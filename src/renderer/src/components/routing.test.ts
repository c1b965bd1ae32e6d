// The cells page's address survives a round trip, cell text (spaces, "=") included.
import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from '../../../src/renderer/src/components/routing';
import { cellOf, experimentCells } from '../../../src/shared/domain';

describe('cells route', () => {
  it('round-trips an experiment and a baseline cell', () => {
    const route = { page: 'cells', experimentId: '261128-044350-000s', baseline: 'GOMAXPROCS=1 concurrency=100' } as const;
    expect(routeHref(route)).toBe('#/cells/261128-044350-000s/GOMAXPROCS%3D1%20concurrency%3D100');
    expect(parseRoute(routeHref(route))).toEqual(route);
    expect(parseRoute('#/cells/abc')).toEqual({ page: 'cells', experimentId: 'abc', baseline: '' });
  });

  it('names cells without their repetition, in grid order', () => {
    expect(cellOf('GOMAXPROCS=2 concurrency=100 #12')).toBe('GOMAXPROCS=2 concurrency=100');
    expect(experimentCells([{ cell: 'B #1' }, { cell: 'A #1' }, { cell: null }, { cell: 'B #2' }])).toEqual(['B', 'A']);
  });
});
