/**
 * Jump links for a long page. Buttons, not #anchors: the location hash holds the route.
 */
export function PageToc({ items }: { items: Array<{ id: string; label: string }> }) {
  return (
    <nav className="page-toc" aria-label="On this page">
      {items.map((item) => (
        <button key={item.id} type="button" className="link" aria-controls={item.id} onClick={() => document.getElementById(item.id)?.scrollIntoView({ behavior: 'smooth', block: 'start' })}>
          {item.label}
        </button>
      ))}
    </nav>
  );
}
