// A run's terminal as it happens: the stored log first (when the page opens late), then live output.
import { useEffect, useRef } from 'react';
import { useApi, useEvent } from '../api/context';
import { Terminal, type TerminalHandle } from '../components/Terminal';
import { unseenOutput } from './terminal-merge';
import { useThemeName } from '../hooks/theme';

export function LiveTerminal({ runId }: { runId: string }) {
  const api = useApi();
  const theme = useThemeName();
  const handle = useRef<TerminalHandle | null>(null);
  const pending = useRef<string[] | null>([]);
  const history = useRef<string | null>(null);

  useEvent('run.output', (p) => {
    if (p.runId !== runId) return;
    if (pending.current) pending.current.push(p.data);
    else handle.current?.write(p.data);
  });

  useEffect(() => {
    let current = true;
    api.invoke('runs.terminal', { id: runId }).then(
      ({ text }) => current && (history.current = text),
      () => current && (history.current = ''),
    ).then(() => flush());
    return () => {
      current = false;
    };
  }, [api, runId]);

  // History and the terminal may become ready in either order; write once both are.
  const flush = () => {
    if (!handle.current || history.current === null || !pending.current) return;
    handle.current.write(history.current);
    handle.current.write(unseenOutput(history.current, pending.current.join('')));
    pending.current = null;
  };

  return (
    <Terminal
      theme={theme}
      onReady={(h) => {
        handle.current = h;
        flush();
      }}
    />
  );
}
