// A profile's string labels as a flame graph offers them (pprof -tags, then -tagfocus): each key's
// values with their share of the profile, what carries no value of the key, and the words for a
// focus. Shared by the Run page's picker and the report's summary of labels.
import type { FlameLabels, FlameTree, LabelFocus } from './domain';

export interface LabelKeyShares {
  key: string;
  values: Array<{ value: string; share: number }>;
  /** Values past the listed ones: how many, and their share together. */
  omitted: { values: number; share: number };
  /** The share of the samples without this key. */
  without: number;
}

/** Each key's values as shares of every sample's weight; none for a profile of no weight. */
export function labelShares(labels: FlameLabels): LabelKeyShares[] {
  if (labels.total <= 0) return [];
  const share = (n: number) => n / labels.total;
  return labels.keys.map(({ key, carried, values, omitted }) => ({
    key,
    values: values.map((v) => ({ value: v.value, share: share(v.total) })),
    omitted: { values: omitted.values, share: share(omitted.total) },
    without: share(labels.total - carried),
  }));
}

/** Whether two focuses (or none) keep the same samples. */
export const sameFocus = (a: LabelFocus | null, b: LabelFocus | null): boolean => (a === null || b === null ? a === b : a.key === b.key && a.value === b.value);

/** "cause=preempted": a focus as pprof's -tagfocus spells it. */
export const focusText = (focus: LabelFocus): string => `${focus.key}=${focus.value}`;

/** The share of the whole profile a focused tree holds; null for a profile of no weight. */
export function focusedShare(tree: Pick<FlameTree, 'total' | 'labels'>): number | null {
  return tree.labels.total > 0 ? tree.total / tree.labels.total : null;
}
