// The MMU of one or more runs: the curve, and the numbers an engineer quotes (the MMU at 1, 10 and
// 100 ms and over the whole trace, with where the worst window lies). Used by the Run page (one
// run) and Compare (overlaid, in the runs' colours).
import { MMU_COLUMNS, mmuAt, mmuCell, worstWindowText, type MmuPoint } from '../../../../shared/mmu';
import type { TraceAnalysis } from '../../../../shared/results';
import { MmuChart, type MmuSeries } from '../../charts/MmuChart';
import { formatDuration } from '../../format';

/** A run's MMU with the span it covers: the whole trace, and the GC cycles in it. */
export interface MmuRow extends MmuSeries {
  traceSeconds: number;
  gcCycles: number;
}

/** A run's row, when its analysis has a curve. */
export function mmuRow(name: string, color: string, analysis: TraceAnalysis | null | undefined): MmuRow[] {
  return analysis?.mmu ? [{ name, color, curve: analysis.mmu, traceSeconds: analysis.meta.duration_s, gcCycles: analysis.gc.cycles }] : [];
}

/** `empty`: why a single run has no curve, when the page knows better than the general reasons. */
export function MmuPanel({ series, empty }: { series: MmuRow[]; empty?: string }) {
  if (series.length === 0) {
    return <p className="muted">{empty ? `No MMU curve. ${empty}` : 'No MMU curve: it comes from the execution trace (capture "trace"; runs analysed before gmptrace computed it have none).'}</p>;
  }
  const flags = series[0].curve.flags.join(', ');
  return (
    <div className="two-columns" data-testid="mmu">
      <div>
        <table className="data-table compact" data-testid="mmu-table">
          <thead>
            <tr>
              {series.length > 1 && <th>run</th>}
              {MMU_COLUMNS.map((col) => (
                <th key={col.key} className="num">
                  {col.label}
                </th>
              ))}
              <th className="num" title="the span every MMU figure here covers: the analysed trace, not the measured window">trace length</th>
              <th className="num" title="GC cycles in the analysed trace (gmptrace)">GC cycles in it</th>
            </tr>
          </thead>
          <tbody>
            {series.map((s, i) => (
              <tr key={i} data-run={s.name}>
                {series.length > 1 && (
                  <td>
                    <span className="swatch" style={{ background: s.color }} /> {s.name}
                  </td>
                )}
                {MMU_COLUMNS.map((col) => {
                  const p = col.at(s.curve);
                  return (
                    <td key={col.key} className="num" data-window={col.key} title={cellTitle(col.key, p)}>
                      {mmuCell(p)}
                    </td>
                  );
                })}
                <td className="num" data-testid="mmu-trace-length">
                  {formatDuration(s.traceSeconds)}
                </td>
                <td className="num" data-testid="mmu-gc-cycles">
                  {s.gcCycles}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted small">
          Minimum mutator utilisation: the smallest share of the Ps left to the program in any window of that size; GC work counted: {flags} (the categories of go tool
          trace's MMU page). Mark workers are counted while they run; go tool trace 1.26 keeps counting a worker's P after the worker stops, so its figures can be much lower
          for the same trace. Every figure here covers the analysed trace, not the measured window: the whole run's trace (start-up and warm-up included), or
          the flight recorder's last moments. It can show GC where the measured window's GC cycles and GC pause (runtime/metrics) show none. {series.length === 1 && worstLine(series[0])}
        </p>
      </div>
      <figure>
        <figcaption>MMU by window size (log axis)</figcaption>
        <MmuChart series={series} />
      </figure>
    </div>
  );
}

/** Where a quoted window's worst stretch lies; the whole trace has only one window, so nothing to say. */
function cellTitle(key: number | 'whole', p: MmuPoint | null): string | undefined {
  if (key === 'whole') return undefined;
  if (!p) return 'the trace is not longer than this window';
  return hasWorst(p) ? worstWindowText(p) : 'no GC work in any window of this size';
}

/** With no GC work every window is 100%: none is the worst. */
const hasWorst = (p: MmuPoint) => p.mmu < 1;

function worstLine(s: MmuSeries): string {
  const p = mmuAt(s.curve, 10e-3);
  return p && hasWorst(p) ? `The ${worstWindowText(p)}.` : '';
}
