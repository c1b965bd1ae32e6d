import { describe, expect, it } from 'vitest';
import { GROUP_PALETTE, groupColours } from './group-colours';

describe('groupColours', () => {
  const run = ['main.worker', 'main.hog', 'runtime.bgsweep'];

  it("gives a group the colour of its rank among the run's groups, whatever the range it is drawn in", () => {
    const first = groupColours(['main.hog', 'main.worker'], run);
    const second = groupColours(['main.worker', 'runtime.bgsweep', 'main.hog'], run);
    expect(first.map((g) => g.colour)).toEqual([GROUP_PALETTE[1], GROUP_PALETTE[0]]);
    expect(second.map((g) => g.colour)).toEqual([GROUP_PALETTE[0], GROUP_PALETTE[2], GROUP_PALETTE[1]]);
    // Without the run's list, by rank in the range: main.hog took the first colour in one range and the second in the other.
    expect(groupColours(['main.hog', 'main.worker'])[0]!.colour).toBe(GROUP_PALETTE[0]);
    expect(groupColours(['main.worker', 'main.hog'])[1]!.colour).toBe(GROUP_PALETTE[1]);
  });

  it('names in the legend the groups with a palette colour and an unknown start; the rest get a muted hue of their own', () => {
    const many = Array.from({ length: 14 }, (_, i) => `main.g${i}`);
    const colours = groupColours([...many, 'main.unlisted', ''], many);
    expect(colours.filter((g) => g.named).map((g) => g.colour)).toEqual([...GROUP_PALETTE, '#a6a6a6']);
    expect(colours[12]).toEqual({ colour: expect.stringMatching(/^hsl\(\d+, 25%, 62%\)$/), named: false });
    expect(colours[14]!.named).toBe(false);
    // A muted hue is the name's: the same in every range.
    expect(groupColours(['main.unlisted'], many)[0]).toEqual(colours[14]);
  });
});
