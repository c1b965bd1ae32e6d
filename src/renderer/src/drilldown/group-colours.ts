// The colours of a drill-down's goroutine groups (start functions) on its P lanes and in its legend.

/**
 * Colours told apart at a glance, for the groups the legend names (hashed hues bunched: four
 * goroutines in one green); none a state's red, green or orange, so that no group on a P's lane
 * reads as goroutines runnable, running or in a syscall; and none below 3:1 contrast on the dark
 * theme's panel (a navy group was near invisible there).
 */
export const GROUP_PALETTE = ['#4e79a7', '#edc948', '#b07aa1', '#76b7b2', '#9c755f', '#17becf', '#b6992d', '#8c6d31', '#9467bd', '#c49c94', '#c5b0d5', '#499894'];

/** The colour of slices whose goroutine's start the range did not see. */
const START_UNKNOWN = '#a6a6a6';

export interface GroupColour {
  colour: string;
  /** The legend names it: a palette colour, or the grey of an unknown start. */
  named: boolean;
}

/**
 * The colour of each of a range's groups. With `runGroups` (the run's groups as its analysis lists
 * them), the palette's colour of the group's rank there, so that a group keeps its colour in every
 * range of the run (by its rank in the range, one group was yellow in one range and blue in the
 * next); without them, of its rank in the range. Past the palette, or not among the run's groups, a
 * muted hue from the name's hash; grey when the start is unknown.
 */
export function groupColours(groups: readonly string[], runGroups?: readonly string[]): GroupColour[] {
  return groups.map((name, i) => {
    if (name === '') return { colour: START_UNKNOWN, named: true };
    const rank = runGroups ? runGroups.indexOf(name) : i;
    if (rank >= 0 && rank < GROUP_PALETTE.length) return { colour: GROUP_PALETTE[rank]!, named: true };
    let h = 2166136261;
    for (let k = 0; k < name.length; k++) h = Math.imul(h ^ name.charCodeAt(k), 16777619);
    return { colour: `hsl(${(h >>> 0) % 360}, 25%, 62%)`, named: false };
  });
}
