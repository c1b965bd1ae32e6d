import type { Artifact } from '../../../../shared/domain';
import { ARTIFACT_PREFIX } from '../../../../shared/transport';
import { useNativeDialogs } from '../../components/api-context';
import { CopyCommand } from '../../components/CopyCommand';
import { useReadOnly } from '../../components/read-only';
import { formatBytes } from '../../format';

/**
 * The run's files, with the command that opens each one in Go's own tools. In browser mode the files
 * are on the server's machine, not the reader's, so each one is also a download.
 */
export function ArtifactsPanel({ runId, artifacts }: { runId: string; artifacts: Artifact[] }) {
  const downloads = !useNativeDialogs() && !useReadOnly();
  if (artifacts.length === 0) return <p className="muted">No files were kept for this run.</p>;
  return (
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
              {downloads ? (
                <a href={`${ARTIFACT_PREFIX}${encodeURIComponent(runId)}/${encodeURIComponent(a.name)}`} download={a.name} title={`Download ${a.name}`}>
                  <code>{a.name}</code>
                </a>
              ) : (
                <code>{a.name}</code>
              )}
            </td>
            <td>{a.kind}</td>
            <td className="num">{formatBytes(a.size)}</td>
            <td>{a.openWith ? <CopyCommand command={a.openWith} /> : <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
