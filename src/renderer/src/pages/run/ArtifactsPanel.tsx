import type { Artifact } from '../../../../shared/domain';
import { CopyCommand } from '../../components/CopyCommand';
import { formatBytes } from '../../format';

/** The run's files, with the command that opens each one in Go's own tools. */
export function ArtifactsPanel({ artifacts }: { artifacts: Artifact[] }) {
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
              <code>{a.name}</code>
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
