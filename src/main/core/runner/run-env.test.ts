import { describe, expect, it } from 'vitest';
import { RunConfig } from '../../../shared/domain';
import { runEnvironment } from './run-env';

describe('run environment', () => {
  it('unsets an inherited GOMAXPROCS for "default" and sets it for a number; config.env wins', () => {
    const config = (gomaxprocs: number | 'default') =>
      RunConfig.parse({ target: { kind: 'scenario', id: 's' }, concurrency: 3, duration: '1s', gomaxprocs, env: { GODEBUG: 'asyncpreemptoff=1' } });
    const base = { PATH: '/bin', GOMAXPROCS: '7', GODEBUG: 'x=1' };
    expect(runEnvironment(config('default'), {}, base)).toEqual({ PATH: '/bin', GODEBUG: 'asyncpreemptoff=1', GMPW_CONCURRENCY: '3' });
    expect(runEnvironment(config(2), {}, base).GOMAXPROCS).toBe('2');
  });});
