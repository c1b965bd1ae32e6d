// Where a run goes: this machine and/or the hosts added with `gmpw hosts add`, each with a check
// that connects and says what the machine is (platform, CPUs, kernel, cgroup quota).
import { useState } from 'react';
import type { HostCheck } from '../../../shared/hosts';
import { LOCAL_HOST } from '../../../shared/hosts';
import { asCommandError, useApi, useCommand } from '../api/context';
import { ErrorBanner } from '../components/feedback';

function describe(c: HostCheck): string {
  if (!c.reachable) return `unreachable: ${c.error}`;
  const quota = c.cpuQuota === null ? 'no CPU quota' : `CPU quota ${c.cpuQuota}`;
  return `${c.goos}/${c.goarch}, ${c.numCpu} CPUs, kernel ${c.kernel}, cgroup ${c.cgroup}, ${quota} (${c.seconds.toFixed(2)}s)`;
}

export function HostPicker({ selected, onChange, error }: { selected: string[]; onChange: (hosts: string[]) => void; error?: string }) {
  const api = useApi();
  const hosts = useCommand('hosts.list', {});
  const [checks, setChecks] = useState<Record<string, string>>({});
  const toggle = (name: string, on: boolean) => onChange(on ? [...selected, name] : selected.filter((h) => h !== name));
  const check = (name: string) => {
    setChecks((c) => ({ ...c, [name]: 'checking…' }));
    api.invoke('hosts.check', { name }).then(
      (result) => setChecks((c) => ({ ...c, [name]: describe(result) })),
      (e: unknown) => setChecks((c) => ({ ...c, [name]: asCommandError(e).message })),
    );
  };
  const machines = [{ name: LOCAL_HOST, destination: 'this machine' }, ...(hosts.data?.hosts ?? [])];
  return (
    <fieldset className="hosts" data-field="plan.hosts">
      <legend>Machines</legend>
      <ErrorBanner error={hosts.error} onRetry={hosts.reload} />
      {machines.map((m) => (
        <div key={m.name} className="check host-row">
          <label>
            <input type="checkbox" checked={selected.includes(m.name)} onChange={(e) => toggle(m.name, e.target.checked)} />
            <strong>{m.name}</strong> <span className="muted">{m.destination}</span>
          </label>
          {m.name !== LOCAL_HOST && (
            <>
              <button type="button" onClick={() => check(m.name)}>
                Check
              </button>
              {checks[m.name] && <span className="muted" data-testid={`host-check-${m.name}`}>{checks[m.name]}</span>}
            </>
          )}
        </div>
      ))}
      {hosts.data?.hosts.length === 0 && <p className="muted">Other machines are added with <code>gmpw hosts add NAME user@server</code>.</p>}
      {error && <span className="field-error">{error}</span>}
    </fieldset>
  );
}
