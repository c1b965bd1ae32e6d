// Text with `backquoted` words, as the scenario catalog writes parameter and identifier names,
// shown with those words as code.
import { Fragment } from 'react';

export function CodeSpans({ text }: { text: string }) {
  // Odd pieces lay between backquotes; an unmatched backquote leaves the rest as it is.
  const pieces = text.split('`');
  if (pieces.length % 2 === 0) return <>{text}</>;
  return (
    <>
      {pieces.map((piece, i) => (i % 2 === 1 ? <code key={i}>{piece}</code> : <Fragment key={i}>{piece}</Fragment>))}
    </>
  );
}
