// The page takes its token from the URL fragment once, keeps it for reloads, and clears the address bar.
import { describe, expect, it } from 'vitest';
import { takeBrowserToken } from './browser-token';

function tab(hash: string) {
  const stored = new Map<string, string>();
  const replaced: string[] = [];
  return {
    location: { hash, pathname: '/', search: '' },
    history: { replaceState: (_data: unknown, _unused: string, url?: string | URL | null) => void replaced.push(String(url)) },
    storage: { getItem: (key: string) => stored.get(key) ?? null, setItem: (key: string, value: string) => void stored.set(key, value) },
    replaced,
  };
}

describe('takeBrowserToken', () => {
  it('moves the token from the fragment into session storage and out of the address bar', () => {
    const t = tab('#token=abc_DEF-123');
    expect(takeBrowserToken(t.location, t.history, t.storage)).toBe('abc_DEF-123');
    expect(t.replaced).toEqual(['/']);
    // A reload (no fragment any more) finds it in storage.
    t.location.hash = '';
    expect(takeBrowserToken(t.location, t.history, t.storage)).toBe('abc_DEF-123');
    expect(t.replaced).toEqual(['/']);
  });

  it('leaves app routes alone and has no token without one', () => {
    const t = tab('#/runs');
    expect(takeBrowserToken(t.location, t.history, t.storage)).toBeNull();
    expect(t.replaced).toEqual([]);
  });
});
