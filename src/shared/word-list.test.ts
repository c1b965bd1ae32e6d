import { describe, expect, it } from 'vitest';
import { wordList } from './word-list';

describe('wordList', () => {
  it('joins with commas and a last "and"', () => {
    expect([[], ['A'], ['A', 'B'], ['A', 'B', 'C']].map(wordList)).toEqual(['', 'A', 'A and B', 'A, B and C']);
  });
});
