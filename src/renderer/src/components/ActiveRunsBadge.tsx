// How many runs are working right now, next to "Live" in the navigation. Its subscription also
// keeps the event stream open across page changes, so no page starts with a reconnect.
import { useMemo, useState } from 'react';
import { isTerminal, type RunState } from '../../../shared/domain';
import { useCommand, useEvent } from '../api/context';
import { counted } from '../../../shared/plural';

export function ActiveRunsBadge() {
  // Active runs are the newest ones (an experiment's queued runs are created together).
  const list = useCommand('runs.list', { limit: 500 });
  const [live, setLive] = useState<Record<string, RunState>>({});
  useEvent('run.state', (p) => setLive((s) => ({ ...s, [p.runId]: p.state })));
  useEvent('runs.changed', list.reload);
  const active = useMemo(() => {
    const states: Record<string, RunState> = Object.fromEntries((list.data?.runs ?? []).map((r) => [r.id, r.state]));
    Object.assign(states, live);
    return Object.values(states).filter((s) => !isTerminal(s)).length;
  }, [list.data, live]);
  if (active === 0) return null;
  return (
    <span className="active-runs" title={`${counted(active, 'run')} queued or working`} data-testid="active-runs">
      {active}
    </span>
  );
}
