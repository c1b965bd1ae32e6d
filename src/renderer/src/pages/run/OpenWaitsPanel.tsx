// Goroutines still runnable when the trace ended: lower bounds the latency distribution cannot
// hold. Starvation (runnable for the whole trace) is a banner, so it cannot be missed.
import { openWaitLine, openWaitsText, starvedText, type OpenWaits } from '../../../../shared/open-waits';

/** Longest first, as gmptrace sorts them; the page lists the first few. */
const LISTED = 20;

export function OpenWaitsPanel({ waits }: { waits: OpenWaits }) {
  const starved = starvedText(waits);
  return (
    <div data-testid="open-waits">
      {starved && (
        <div className="banner banner-error" role="alert" data-testid="starved">
          {starved}
        </div>
      )}
      <p>{openWaitsText(waits)}</p>
      {waits.goroutines.length > 0 && (
        <ul className="open-waits small">
          {waits.goroutines.slice(0, LISTED).map((g) => (
            <li key={g.g}>{openWaitLine(g)}</li>
          ))}
          {waits.count > Math.min(LISTED, waits.goroutines.length) && <li className="muted">… {waits.count - Math.min(LISTED, waits.goroutines.length)} more</li>}
        </ul>
      )}
    </div>
  );
}
