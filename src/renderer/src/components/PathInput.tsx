import { useState } from 'react';
import { asCommandError, useApi, useNativeDialogs } from '../api/context';

/** A path text field; in the desktop app also a Browse… button that opens the native dialog. */
export function PathInput({ value, onChange, kind, placeholder, title }: { value: string; onChange: (v: string) => void; kind: 'file' | 'directory'; placeholder: string; title: string }) {
  const api = useApi();
  const native = useNativeDialogs();
  const [problem, setProblem] = useState<string | null>(null);
  const browse = () => {
    setProblem(null);
    api.invoke('system.pickPath', { kind, title }).then(
      ({ path }) => path && onChange(path),
      (e: unknown) => setProblem(asCommandError(e).message),
    );
  };
  return (
    <span className="path-input">
      <input type="text" value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
      {native && (
        <button type="button" onClick={browse}>
          Browse…
        </button>
      )}
      {problem && <span className="field-error">{problem}</span>}
    </span>
  );
}
