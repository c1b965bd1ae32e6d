// "Cut the trace for go tool trace": runs.cutTrace on the drill-down's range, as `gmpw cut-trace`
// makes it. Then what the cut holds, the command that opens it, where the range falls on its clock
// (those tools count from the cut's first event) and, in browser mode, where the files are the
// server's, its download.
import { useState } from 'react';
import type { CommandError } from '../../../shared/contract';
import type { TimeRange } from '../../../shared/drilldown';
import { CUT_CACHE_FILES, CUT_FROM_START_TEXT, cutClockText, cutFileName, cutHoldsText, cutSpanText, type RunTraceCut } from '../../../shared/trace-cut';
import { asCommandError, useApi, useArtifactFetcher } from '../api/context';
import { CopyCommand } from '../components/CopyCommand';
import { ErrorBanner } from '../components/feedback';
import { downloadBlob } from '../download';
import { formatBytes } from '../format';

export function TraceCutOffer({ runId, range }: { runId: string; range: TimeRange }) {
  const api = useApi();
  const fetchArtifact = useArtifactFetcher();
  const [cutting, setCutting] = useState(false);
  const [cut, setCut] = useState<RunTraceCut | null>(null);
  const [error, setError] = useState<CommandError | null>(null);
  const makeCut = () => {
    setCutting(true);
    setError(null);
    api.invoke('runs.cutTrace', { id: runId, from_s: range.from_s, to_s: range.to_s }).then(
      (made) => (setCut(made), setCutting(false)),
      (e: unknown) => (setError(asCommandError(e)), setCutting(false)),
    );
  };
  // Asked for again first: the run's cache keeps its newest cuts only, and one made since may have
  // replaced this one (a download link must not answer "no such artifact").
  const download = () => {
    if (!fetchArtifact) return;
    setError(null);
    api
      .invoke('runs.cutTrace', { id: runId, from_s: range.from_s, to_s: range.to_s })
      .then((made) => (setCut(made), fetchArtifact(runId, made.name)))
      .then(
        (blob) => downloadBlob(cutFileName(runId, range), blob),
        (e: unknown) => setError(asCommandError(e)),
      );
  };
  return (
    <div className="small" data-testid="drill-cut">
      <ErrorBanner error={error} />
      {cut === null ? (
        <button type="button" className="small" disabled={cutting} onClick={makeCut} title="The whole generations of the trace that hold this range, byte for byte: a trace of their own, which go tool trace and gotraceui open quickly">
          {cutting ? 'Cutting the trace…' : 'Cut the trace for go tool trace'}
        </button>
      ) : (
        <p className="muted" data-testid="drill-cut-made">
          The cut: {cutHoldsText(cut, formatBytes)}, {cutSpanText(cut)}. {cut.fromStart && `${CUT_FROM_START_TEXT}. `}
          {fetchArtifact && (
            <>
              <a href={`#download-${cut.name}`} data-testid="drill-cut-download" onClick={(e) => (e.preventDefault(), download())}>
                Download it
              </a>
              .{' '}
            </>
          )}
          Open it with <CopyCommand command={cut.openWith} />; {cutClockText(cut, range)}.{' '}
          {!cut.whole && `The run's folder keeps its ${CUT_CACHE_FILES} newest cuts: keep this one by copying it.`}
        </p>
      )}
    </div>
  );
}
