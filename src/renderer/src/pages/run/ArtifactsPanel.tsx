import type { Artifact } from '../../../../shared/domain';
import { useState } from 'react';
import type { CommandError } from '../../../../shared/contract';
import { asCommandError, useArtifactFetcher } from '../../api/context';
import { CopyCommand } from '../../components/CopyCommand';
import { downloadBlob } from '../../download';
import { ErrorBanner } from '../../components/feedback';
import { formatBytes } from '../../format';
import { ARTIFACT_GONE, artifactsGoneText } from '../../../../shared/artifacts-gone';

/**
 * The run's files, with the command that opens each one in Go's own tools. In browser mode the files
 * are on the server's machine, not the reader's, so each one is also a download.
 */
export function ArtifactsPanel({ runId, artifacts }: { runId: string; artifacts: Artifact[] }) {
  const fetchArtifact = useArtifactFetcher();
  const [failure, setFailure] = useState<CommandError | null>(null);
  const download = (name: string) =>
    fetchArtifact?.(runId, name).then(
      (blob) => downloadBlob(name, blob),
      (err: unknown) => setFailure(asCommandError(err)),
    );
  if (artifacts.length === 0) return <p className="muted">No files were kept for this run.</p>;
  const gone = artifacts.filter((a) => a.onDisk !== 'kept').length;
  return (
    <>
      <ErrorBanner error={failure} />
      {gone > 0 && (
        <div className="banner banner-warning" role="status" data-testid="artifacts-gone">
          {artifactsGoneText(gone, artifacts.length)}
        </div>
      )}
      <table className="data-table compact" data-testid="artifacts">
        <thead>
          <tr>
            <th>file</th>
            <th>kind</th>
            <th className="num">size</th>
            <th>open with</th>
          </tr>
        </thead>
        <tbody>
          {artifacts.map((a) => (
            <tr key={a.name}>
              <td>
                {fetchArtifact && a.onDisk === 'kept' ? (
                  // The token travels in a header, not a cookie, so the file is fetched and saved as a blob.
                  <a href={`#download-${a.name}`} title={`Download ${a.name}`} onClick={(e) => (e.preventDefault(), void download(a.name))}>
                    <code>{a.name}</code>
                  </a>
                ) : (
                  <code>{a.name}</code>
                )}
              </td>
              <td>{a.kind}</td>
              <td className="num">{formatBytes(a.size)}</td>
              <td>{a.onDisk !== 'kept' ? <strong>{ARTIFACT_GONE[a.onDisk]}</strong> : a.openWith ? <CopyCommand command={a.openWith} /> : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
