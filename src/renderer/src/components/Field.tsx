import type { ReactNode } from 'react';

/** A labelled form field with its hint and, when there is one, its error right under it. */
export function Field({ label, error, hint, children, name }: { label: string; error?: string; hint?: ReactNode; children: ReactNode; name: string }) {
  return (
    <label className={`field ${error ? 'has-error' : ''}`} data-field={name}>
      <span className="field-label">{label}</span>
      {children}
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : (
        hint && <span className="field-hint">{hint}</span>
      )}
    </label>
  );
}
