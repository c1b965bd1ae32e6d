import { useState } from 'react';
import { MAX_TAG_LENGTH } from '../../../shared/tags';

/** Tags as removable chips plus a small field to add one (Enter adds); `fixed` tags (the workbench's own) have no remove button. */
export function TagEditor({ tags, onChange, fixed = [] }: { tags: string[]; onChange: (tags: string[]) => void; fixed?: readonly string[] }) {
  const [draft, setDraft] = useState('');
  const add = () => {
    const tag = draft.trim();
    setDraft('');
    if (tag && !tags.includes(tag)) onChange([...tags, tag]);
  };
  return (
    <span className="tags">
      {tags.map((tag) => (
        <span className="chip" key={tag}>
          {tag}
          {!fixed.includes(tag) && (
            <button type="button" aria-label={`Remove tag ${tag}`} onClick={() => onChange(tags.filter((t) => t !== tag))}>
              ×
            </button>
          )}
        </span>
      ))}
      <input
        className="tag-input"
        value={draft}
        placeholder="+ tag"
        maxLength={MAX_TAG_LENGTH}
        aria-label="Add a tag"
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') add();
        }}
        onBlur={add}
      />
    </span>
  );
}
