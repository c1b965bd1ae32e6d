import { describe, expect, it } from 'vitest';
import { parseCpuLimitList, parseGomaxprocsList, parseWholeNumbers } from './plan-text';

describe('plan lists as typed', () => {
  it('reads comma lists with spaces', () => {
    expect(parseWholeNumbers('10, 1000')).toEqual([10, 1000]);
    expect(parseGomaxprocsList('default, 4')).toEqual(['default', 4]);
    expect(parseCpuLimitList('0.5, 1,max, .25, 2.')).toEqual([0.5, 1, 'max', 0.25, 2]);
  });
  it('says what is wrong: nothing given, an empty item, the first value that is not one', () => {
    expect(parseWholeNumbers(' ')).toMatch(/^give a whole number/);
    expect(parseGomaxprocsList('')).toMatch(/^give "default"/);
    expect(parseCpuLimitList('')).toMatch(/^give "max"/);
    expect(parseWholeNumbers('1,,2')).toBe('"1,,2" has an empty item');
    expect(parseGomaxprocsList('2,')).toBe('"2," has an empty item');
    expect(parseWholeNumbers('8,x')).toBe('"x" is not a whole number');
    expect(parseWholeNumbers('-1')).toBe('"-1" is not a whole number');
    expect(parseGomaxprocsList('auto')).toBe('"auto" is neither "default" nor a whole number');
  });
  it('takes CPU limits in decimal only: not what Number() also reads', () => {
    for (const odd of ['0x10', '1e3', 'Infinity', 'half', '-1', '1.5.2']) expect(parseCpuLimitList(odd)).toBe(`"${odd}" is neither "max" nor a number of cores`);
    // The range is the contract's: 0 parses, and the plan refuses it.
    expect(parseCpuLimitList('0')).toEqual([0]);
  });
});
