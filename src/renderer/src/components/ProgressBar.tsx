import { formatDuration } from '../format';

/** A labelled progress bar; `fraction` is clamped to 0..1. */
export function ProgressBar({ label, fraction, detail, eta }: { label: string; fraction: number; detail: string; eta?: number | null }) {
  const clamped = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  return (
    <div className="progress" aria-label={label}>
      <div className="progress-label">
        <span>{label}</span>
        <span className="muted">
          {detail}
          {/* Under half a second the estimate is noise (and a run may overrun its nominal time). */}
          {eta !== undefined && eta !== null && eta >= 0.5 && ` · ETA ${formatDuration(eta)}`}
        </span>
      </div>
      <div className="progress-track" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(clamped * 100)}>
        <div className="progress-fill" style={{ width: `${clamped * 100}%` }} />
      </div>
    </div>
  );
}
