import { describe, expect, it } from 'vitest';
import { artifactsGoneText } from './artifacts-gone';

describe('artifactsGoneText', () => {
  it('counts the files gone among the run\'s, in English for one, some and all', () => {
    expect(artifactsGoneText(1, 1)).toMatch(/^The run's one file is not in its folder as the run left it\. .* what reads that file /);
    expect(artifactsGoneText(1, 4)).toMatch(/^1 of the run's 4 files is not in its folder as the run left it\. .* what reads that file /);
    expect(artifactsGoneText(2, 4)).toMatch(/^2 of the run's 4 files are not in its folder /);
    expect(artifactsGoneText(4, 4)).toMatch(/^None of the run's 4 files is in its folder as the run left it\. .* what reads those files /);
  });
});
