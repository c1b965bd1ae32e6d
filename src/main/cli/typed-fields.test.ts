import { describe, expect, it } from 'vitest';
import { fieldAsTyped } from './typed-fields';

describe('fieldAsTyped', () => {
  const names = { limit: '--limit', files: 'FILE', 'filter.experimentId': '--experiment', 'candidates.#.cell': '--candidate', 'candidates.*.experimentId': '--experiment', 'env.*': '--env' };

  it('names a field by its flag, and an item by its flag or argument with its place', () => {
    expect(fieldAsTyped('limit', names)).toBe('--limit');
    expect(fieldAsTyped('filter.experimentId', names)).toBe('--experiment');
    expect(fieldAsTyped('files.0', names)).toBe('the 1st FILE');
    expect(fieldAsTyped('files.2', names)).toBe('the 3rd FILE');
    expect(fieldAsTyped('candidates.1.cell', names)).toBe('--candidate (its 2nd value)');
    expect(fieldAsTyped('env.GODEBUG', names)).toBe('--env GODEBUG');
  });

  it('leaves out an index that "*" stands for: it is no place among the flag\'s values', () => {
    expect(fieldAsTyped('candidates.0.experimentId', names)).toBe('--experiment');
    expect(fieldAsTyped('candidates.12.experimentId', names)).toBe('--experiment');
    expect(fieldAsTyped('candidates.1.experimentIds', names)).toBe('candidates.1.experimentIds');
  });

  it('leaves a field nothing typed sets as it is, and matches whole names only', () => {
    expect(fieldAsTyped('limits', names)).toBe('limits');
    expect(fieldAsTyped('files.x', names)).toBe('files.x');
    expect(fieldAsTyped('candidates.1', names)).toBe('candidates.1');
  });
});
