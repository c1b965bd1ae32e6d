import { describe, expect, it } from 'vitest';
import type { RunDetail } from './contract';
import { targetText } from './target-text';

const of = (target: unknown, params: Record<string, string> = {}) => targetText({ params, config: { target } as RunDetail['config'] });

describe('targetText', () => {
  it('names each kind of target the way one would run it, with every parameter it ran with', () => {
    expect(of({ kind: 'scenario', id: 'pingpong-hog' }, { spin: '10ms', hogs: '2' })).toBe('scenario pingpong-hog (hogs=2, spin=10ms)');
    expect(of({ kind: 'bench', pkg: './pkg', bench: 'Ping', benchtime: '2s' })).toBe("go test -bench 'Ping' -benchtime 2s ./pkg");
    expect(of({ kind: 'bench', pkg: './pkg', bench: '.' })).toBe("go test -bench '.' ./pkg");
    expect(of({ kind: 'program', path: './cmd/x', scenario: 'mine' }, { n: '4' })).toBe('program ./cmd/x -scenario mine (n=4)');
    expect(of({ kind: 'endpoint', path: './srv', pprofUrl: 'http://127.0.0.1:6060/debug/pprof' })).toBe('endpoint ./srv (http://127.0.0.1:6060/debug/pprof)');
  });
});
