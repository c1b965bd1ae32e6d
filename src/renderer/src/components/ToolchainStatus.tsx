import type { CommandError, ToolchainInfo } from '../../../shared/contract';

export interface ToolchainQuery {
  data: ToolchainInfo | null;
  error: CommandError | null;
  reload(): void;
}

/** Which Go the workbench found, in the top bar; when there is none, a short word (GoSetupNotice says the rest). */
export function ToolchainStatus({ info }: { info: ToolchainQuery }) {
  if (info.error) return <span className="toolchain bad" data-testid="toolchain-status" title={info.error.message}>Go: unknown</span>;
  if (!info.data) return null;
  const { ok, goVersion, goPath, message } = info.data;
  return (
    <span className={`toolchain ${ok ? '' : 'bad'}`} data-testid="toolchain-status" title={ok ? (goPath ?? '') : (message ?? '')}>
      {ok ? goVersion : 'Go not usable'}
    </span>
  );
}

/**
 * Above every page while no usable Go is found (first start on a machine without Go, or one too
 * old): nothing can run until then, so say it where the user looks, with what to install. The core
 * searches again on every ask, so "Check again" needs no restart.
 */
export function GoSetupNotice({ info }: { info: ToolchainQuery }) {
  if (!info.data || info.data.ok) return null;
  return (
    <section className="banner banner-error go-setup" role="alert" data-testid="go-setup">
      <strong>Go is needed before anything can run.</strong>
      <p>{info.data.message}</p>
      <p className="muted">The workbench builds its harness, its trace analyser and your targets with your Go; the desktop app needs no network for that.</p>
      <button type="button" onClick={info.reload}>
        Check again
      </button>
    </section>
  );
}
