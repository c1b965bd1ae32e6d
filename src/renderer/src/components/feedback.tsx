// Small pieces every page uses to say what is happening: errors, empty states, loading, run states.
import type { ReactNode } from 'react';
import type { CommandError } from '../../../shared/contract';
import type { RunState } from '../../../shared/domain';
import { useReadOnly } from '../hooks/read-only';

/**
 * Errors that asking again cannot change: no such thing, an input refused, a history edited by hand, a
 * file gone, a profile that cannot be read or is too large to open.
 */
const FINAL_ERRORS = new Set(['not-found', 'invalid', 'corrupt-history', 'gone', 'corrupt-profile', 'profile-too-large']);

export function ErrorBanner({ error, onRetry }: { error: CommandError | null; onRetry?: () => void }) {
  // A report is a file: nothing in it can be asked again.
  const readOnly = useReadOnly();
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert">
      <span>{error.message}</span>
      {error.field && <span className="muted"> (field: {error.field})</span>}
      {onRetry && !readOnly && !FINAL_ERRORS.has(error.code) && (
        <button type="button" className="link" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function WarningBanner({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <div className="banner banner-warning" role="status">
      <strong>{title}</strong>
      <ul>
        {items.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <h3>{title}</h3>
      {children && <div className="muted">{children}</div>}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <div className="loading" aria-busy="true">
      Loading {what}…
    </div>
  );
}

export function StateBadge({ state }: { state: RunState }) {
  return <span className={`badge state-${state}`}>{state}</span>;
}

export function Section({ title, actions, children, id }: { title: string; actions?: ReactNode; children: ReactNode; id?: string }) {
  return (
    <section className="card" id={id} aria-label={title}>
      <header className="card-header">
        <h2>{title}</h2>
        {actions && <div className="card-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}
