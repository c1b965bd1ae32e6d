import { useState } from 'react';

/** A shell command shown verbatim with a button that copies it. */
export function CopyCommand({ command }: { command: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    navigator.clipboard?.writeText(command).then(
      () => {
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      },
      () => setCopied(false),
    );
  };
  return (
    <span className="copy-command">
      <code>{command}</code>
      <button type="button" className="small" onClick={copy} title="Copy to clipboard">
        {copied ? 'Copied' : 'Copy'}
      </button>
    </span>
  );
}
