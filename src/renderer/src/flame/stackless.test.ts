import { describe, expect, it } from 'vitest';
import { stacklessText } from './stackless';

describe('stacklessText', () => {
  it('speaks only for samples that hold value and no frame below the root', () => {
    expect(stacklessText(2.91e9, 1)).toBe('These samples carry no stack: there is nothing to draw but their total (the runtime recorded them without one).');
    expect(stacklessText(2.91e9, 2)).toBeNull();
    expect(stacklessText(0, 1)).toBeNull(); // an empty profile is said by its total of 0
  });
});
