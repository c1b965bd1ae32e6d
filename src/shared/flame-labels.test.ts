import { describe, expect, it } from 'vitest';
import { focusText, focusedShare, labelShares, sameFocus } from './flame-labels';

describe('labelShares', () => {
  it("gives each value's share of every sample, the omitted values' together and the share without the key", () => {
    const labels = {
      total: 200,
      keys: [
        { key: 'cause', carried: 200, values: [{ value: 'unblocked', total: 120 }, { value: 'preempted', total: 80 }], omitted: { values: 0, total: 0 } },
        { key: 'phase', carried: 170, values: [{ value: 'measure', total: 150 }], omitted: { values: 3, total: 20 } },
      ],
      omittedKeys: 0,
    };
    expect(labelShares(labels)).toEqual([
      { key: 'cause', values: [{ value: 'unblocked', share: 0.6 }, { value: 'preempted', share: 0.4 }], omitted: { values: 0, share: 0 }, without: 0 },
      { key: 'phase', values: [{ value: 'measure', share: 0.75 }], omitted: { values: 3, share: 0.1 }, without: 0.15 },
    ]);
  });
  it('offers nothing for a profile of no weight', () => {
    expect(labelShares({ total: 0, keys: [{ key: 'k', carried: 0, values: [], omitted: { values: 0, total: 0 } }], omittedKeys: 0 })).toEqual([]);
  });
});

describe('focus', () => {
  it("spells a focus as -tagfocus does and gives a focused tree's share of the profile", () => {
    expect(focusText({ key: 'cause', value: 'preempted' })).toBe('cause=preempted');
    expect([sameFocus(null, null), sameFocus({ key: 'k', value: 'v' }, { key: 'k', value: 'v' }), sameFocus({ key: 'k', value: 'v' }, null), sameFocus({ key: 'k', value: 'v' }, { key: 'k', value: 'w' })]).toEqual([true, true, false, false]);
    expect(focusedShare({ total: 30, labels: { total: 120, keys: [], omittedKeys: 0 } })).toBe(0.25);
    expect(focusedShare({ total: 0, labels: { total: 0, keys: [], omittedKeys: 0 } })).toBeNull();
  });
});
