import { describe, expect, it } from 'vitest';
import { checkLoopbackUrl } from './endpoint';

describe('endpoint URLs', () => {
  it('accepts loopback only', () => {
    expect(checkLoopbackUrl('http://127.0.0.1:6060/debug/pprof', 'f').href).toBe('http://127.0.0.1:6060/debug/pprof/');
    expect(checkLoopbackUrl('http://localhost:1/debug/pprof/', 'f').hostname).toBe('localhost');
    expect(checkLoopbackUrl('http://[::1]:1/debug/pprof/', 'f').port).toBe('1');
    for (const bad of ['http://10.0.0.1:6060/debug/pprof/', 'http://example.com/debug/pprof/', 'https://127.0.0.1/debug/pprof/', 'http://127.0.0.1.evil.com/']) {
      expect(() => checkLoopbackUrl(bad, 'target.pprofUrl')).toThrow(/not a loopback/);
    }
  });
});
