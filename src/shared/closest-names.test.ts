import { describe, expect, it } from 'vitest';
import { closestNames, editDistance } from './closest-names';

describe('closestNames', () => {
  it('counts a swap of two neighbours as one edit', () => {
    expect(editDistance('lsit', 'list')).toBe(1);
    expect(editDistance('durration', 'duration')).toBe(1);
    expect(editDistance('', 'go')).toBe(2);
  });

  it('gives every nearest name within the edits allowed, none past them or as many as the letters typed', () => {
    expect(closestNames('lsit', ['list', 'lint', 'show'])).toEqual(['list']);
    expect(closestNames('sow', ['show', 'stow', 'list'])).toEqual(['show', 'stow']);
    expect(closestNames('x', ['go'])).toEqual([]);
    expect(closestNames('burst-relase', ['burst-release', 'timer-storm'])).toEqual(['burst-release']);
    expect(closestNames('Timer-Strom', ['timer-storm'])).toEqual(['timer-storm']);
    expect(closestNames('gomaxprocs-oversub', ['gomaxprocs-oversubscribe'], 2)).toEqual([]);
    expect(closestNames('gomaxprocs-oversub', ['gomaxprocs-oversubscribe'], 6)).toEqual(['gomaxprocs-oversubscribe']);
  });
});
