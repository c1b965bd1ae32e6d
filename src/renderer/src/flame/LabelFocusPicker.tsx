// Picks the samples a flame graph shows by one of their string labels (pprof's -tagfocus): the
// harness's phase and scenario on a CPU profile, gmptrace's cause on the scheduler-latency profile
// and reason on the blocking one. A report, which holds only the whole tree, says the labels' shares.
import { focusText, focusedShare, labelShares } from '../../../shared/flame-labels';
import type { FlameTree, LabelFocus } from '../../../shared/domain';
import { formatPercent, formatValue } from '../format';

const ALL = '';
const encode = (focus: LabelFocus): string => JSON.stringify([focus.key, focus.value]);
const decode = (option: string): LabelFocus | null => {
  if (option === ALL) return null;
  const [key, value] = JSON.parse(option) as [string, string];
  return { key, value };
};

/** `onFocus`: null in a report, which cannot decode another tree; its shares are said instead. */
export function LabelFocusPicker({ tree, focus, onFocus }: { tree: FlameTree; focus: LabelFocus | null; onFocus: ((focus: LabelFocus | null) => void) | null }) {
  const keys = labelShares(tree.labels);
  if (keys.length === 0) return null;
  if (!onFocus) {
    return (
      <p className="muted small" data-testid="flame-labels">
        Labels:{' '}
        {keys.map((k) => `${k.key}: ${k.values.map((v) => `${v.value} ${formatPercent(v.share)}`).join(', ')}${k.omitted.values > 0 ? `, ${k.omitted.values} more ${formatPercent(k.omitted.share)}` : ''}${k.without > 0 ? `, none ${formatPercent(k.without)}` : ''}`).join(' · ')}
      </p>
    );
  }
  return (
    <p className="small flame-focus">
      <label>
        Samples{' '}
        <select data-testid="flame-focus" value={focus ? encode(focus) : ALL} onChange={(e) => onFocus(decode(e.target.value))}>
          <option value={ALL}>all ({formatValue(tree.labels.total, tree.unit)})</option>
          {keys.map((k) => (
            <optgroup key={k.key} label={`labelled ${k.key}`}>
              {k.values.map((v) => (
                <option key={v.value} value={encode({ key: k.key, value: v.value })}>
                  {k.key}={v.value} ({formatPercent(v.share)})
                </option>
              ))}
              {k.omitted.values > 0 && <option disabled>{`… ${k.omitted.values} more values (${formatPercent(k.omitted.share)})`}</option>}
              {k.without > 0 && <option disabled>{`without a ${k.key} label (${formatPercent(k.without)})`}</option>}
            </optgroup>
          ))}
        </select>
      </label>
      {/* The tree's own focus: while another one loads, the tree drawn is still this one's. */}
      {tree.focus && (
        <span className="muted" data-testid="flame-focus-share">
          {' '}
          the samples labelled {focusText(tree.focus)}: {formatValue(tree.total, tree.unit)} of the profile's {formatValue(tree.labels.total, tree.unit)} ({formatPercent(focusedShare(tree))})
        </span>
      )}
    </p>
  );
}
