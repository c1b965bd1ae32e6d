import type { ReactNode } from 'react';

/**
 * A labelled form field with its hint and, when there is one, its error right under it. The label
 * holds the name and the control alone: a hint inside it would join the control's accessible name
 * ("GOMAXPROCS" would name the CPU limit field too, whose hint mentions it).
 */
export function Field({ label, error, hint, children, name }: { label: string; error?: string; hint?: ReactNode; children: ReactNode; name: string }) {
  return (
    <div className={`field ${error ? 'has-error' : ''}`} data-field={name}>
      <label className="field-control">
        <span className="field-label">{label}</span>
        {children}
      </label>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : (
        hint && <span className="field-hint">{hint}</span>
      )}
    </div>
  );
}
