import { useCommand } from './api-context';

/** Which Go the workbench found, in the top bar; when there is none, what to do about it. */
export function ToolchainStatus() {
  const info = useCommand('toolchain.info', {});
  if (info.error) return <span className="toolchain bad" data-testid="toolchain-status" title={info.error.message}>Go: unknown</span>;
  if (!info.data) return null;
  const { ok, goVersion, goPath, message } = info.data;
  return (
    <span className={`toolchain ${ok ? '' : 'bad'}`} data-testid="toolchain-status" title={ok ? (goPath ?? '') : (message ?? '')}>
      {ok ? goVersion : `Go not usable: ${message ?? 'not found'}`}
    </span>
  );
}
