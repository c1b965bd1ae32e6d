import type { Shortcut } from '../hooks/shortcuts';

/** The list of keyboard shortcuts active right now (global and the current page's), opened with "?". */
export function HelpOverlay({ shortcuts, onClose }: { shortcuts: Shortcut[]; onClose: () => void }) {
  const unique = shortcuts.filter((s, i) => shortcuts.findIndex((o) => o.key === s.key && o.description === s.description) === i);
  return (
    <div className="overlay" role="dialog" aria-label="Keyboard shortcuts" onClick={onClose}>
      <div className="overlay-panel" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table className="shortcut-table">
          <tbody>
            {unique.map((s) => (
              <tr key={`${s.key} ${s.description}`}>
                <td>
                  <kbd>{s.key === 'Escape' ? 'Esc' : s.key}</kbd>
                </td>
                <td>{s.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
