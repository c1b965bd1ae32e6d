// A choice of one among a few, shown as joined buttons (a radio group): the New run page's target
// kind, the flame graph's orientation, a latency chart's view.
export function Segmented<T extends string>({ label, options, value, onChange, small = false }: { label: string; options: ReadonlyArray<readonly [T, string]>; value: T; onChange: (value: T) => void; small?: boolean }) {
  return (
    <div className={small ? 'segmented small' : 'segmented'} role="radiogroup" aria-label={label}>
      {options.map(([option, text]) => (
        <button type="button" key={option} role="radio" aria-checked={value === option} className={value === option ? 'selected' : ''} onClick={() => onChange(option)}>
          {text}
        </button>
      ))}
    </div>
  );
}
