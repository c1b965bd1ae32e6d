import { describe, expect, it } from 'vitest';
import { asSentences, capitalised } from './sentences';

describe('asSentences', () => {
  it('makes each note a sentence, whether it came as a clause or as one already', () => {
    expect(asSentences(['transitions: 7 more left out (cap 4); whole until 0.060000 s', 'This report asked for less.', ' the trace ends at 0.1 s '])).toBe(
      'Transitions: 7 more left out (cap 4); whole until 0.060000 s. This report asked for less. The trace ends at 0.1 s.',
    );
  });

  it('gives nothing for no notes, and capitalises only the first letter', () => {
    expect(asSentences([])).toBe('');
    expect(capitalised('gOMAXPROCS')).toBe('GOMAXPROCS');
  });
});
