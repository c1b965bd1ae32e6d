/** The first index of ascending `a` whose value is ≥ t (> t when `after`): a binary search. */
export function lowerBound(a: ArrayLike<number>, t: number, after = false): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < t || (after && a[mid] === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
