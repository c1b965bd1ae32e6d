// The cells page's address survives a round trip, cell text (spaces, "=") included.
import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from './routing';

describe('cells route', () => {
  it('round-trips an experiment and a baseline cell', () => {
    const route = { page: 'cells', experimentId: '261128-044350-000s', baseline: 'GOMAXPROCS=1 concurrency=100' } as const;
    expect(routeHref(route)).toBe('#/cells/261128-044350-000s/GOMAXPROCS%3D1%20concurrency%3D100');
    expect(parseRoute(routeHref(route))).toEqual(route);
    expect(parseRoute('#/cells/abc')).toEqual({ page: 'cells', experimentId: 'abc', baseline: '' });
  });
});
