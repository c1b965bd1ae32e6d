// Picks the samples a flame graph shows by one of their string labels (pprof's -tagfocus): the
// harness's phase and scenario on a CPU profile, gmptrace's cause on the scheduler-latency profile
// and reason on the blocking one. A report, which holds only the whole tree, says the labels' shares.
import { focusText, focusedShare, labelShares } from '../../../shared/flame-labels';
import type { FlameTree, LabelFocus } from '../../../shared/domain';
import { formatPercent, formatValue } from '../format';

/** A value as an option shows it: a long one is cut, and said whole on hover. */
const SHOWN_VALUE = 60;
const shown = (value: string): string => (value.length > SHOWN_VALUE ? `${value.slice(0, SHOWN_VALUE)}…` : value);

/** `onFocus`: null in a report, which cannot decode another tree; its shares are said instead. */
export function LabelFocusPicker({ tree, focus, onFocus }: { tree: FlameTree; focus: LabelFocus | null; onFocus: ((focus: LabelFocus | null) => void) | null }) {
  const keys = labelShares(tree.labels);
  if (keys.length === 0) return null;
  if (!onFocus) {
    return (
      <p className="muted small" data-testid="flame-labels">
        Labels:{' '}
        {keys.map((k) => `${k.key}: ${k.values.map((v) => `${shown(v.value)} ${formatPercent(v.share)}`).join(', ')}${k.omitted.values > 0 ? `, ${k.omitted.values} more ${formatPercent(k.omitted.share)}` : ''}${k.without > 0 ? `, none ${formatPercent(k.without)}` : ''}`).join(' · ')}
      </p>
    );
  }
  // Options by index: a value is anyone's text, not a key to parse back.
  const choices = keys.flatMap((k) => k.values.map((v) => ({ key: k.key, value: v.value })));
  const picked = focus ? choices.findIndex((c) => c.key === focus.key && c.value === focus.value) : -1;
  // Where each key's values start among the choices.
  const firstOf = keys.map((_, i) => keys.slice(0, i).reduce((n, k) => n + k.values.length, 0));
  return (
    <p className="small">
      <label>
        Samples{' '}
        <select data-testid="flame-focus" value={picked} onChange={(e) => onFocus(Number(e.target.value) < 0 ? null : choices[Number(e.target.value)]!)}>
          <option value={-1}>all ({formatValue(tree.labels.total, tree.unit)})</option>
          {keys.map((k, ki) => (
            <optgroup key={k.key} label={`labelled ${k.key}`}>
              {k.values.map((v, vi) => (
                <option key={v.value} value={firstOf[ki]! + vi} title={v.value.length > SHOWN_VALUE ? v.value : undefined}>
                  {k.key}={shown(v.value)} ({formatPercent(v.share)})
                </option>
              ))}
              {k.omitted.values > 0 && <option disabled>{`… ${k.omitted.values} more values (${formatPercent(k.omitted.share)})`}</option>}
              {k.without > 0 && <option disabled>{`without a ${k.key} label (${formatPercent(k.without)})`}</option>}
            </optgroup>
          ))}
        </select>
      </label>
      {tree.labels.omittedKeys > 0 && <span className="muted"> ({tree.labels.omittedKeys} lighter label keys not offered)</span>}
      {/* The tree's own focus: while another one loads, the tree drawn is still this one's. */}
      <span className="muted" data-testid="flame-focus-share" aria-live="polite">
        {tree.focus && ` the samples labelled ${focusText(tree.focus)}: ${formatValue(tree.total, tree.unit)} of the profile's ${formatValue(tree.labels.total, tree.unit)} (${formatPercent(focusedShare(tree))})`}
      </span>
    </p>
  );
}
