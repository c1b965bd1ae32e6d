// The target's real terminal output, ANSI colours and all, in xterm.js. Read-only: the run is not
// interactive, so the terminal never sends input back.
import { useEffect, useRef } from 'react';
import { Terminal as XTerm } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import type { Theme } from '../hooks/theme';

export interface TerminalHandle {
  write: (data: string) => void;
  clear: () => void;
}

const THEMES: Record<Theme, { background: string; foreground: string; cursor: string }> = {
  light: { background: '#fbfbfd', foreground: '#1d2330', cursor: '#fbfbfd' },
  dark: { background: '#11141a', foreground: '#d7dbe3', cursor: '#11141a' },
};

export function Terminal({ onReady, theme, rows = 18 }: { onReady: (handle: TerminalHandle) => void; theme: Theme; rows?: number }) {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<XTerm | null>(null);
  const ready = useRef(onReady);
  ready.current = onReady;

  useEffect(() => {
    const xterm = new XTerm({
      convertEol: true,
      disableStdin: true,
      cursorBlink: false,
      scrollback: 20_000,
      rows,
      fontSize: 12,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
      theme: THEMES[theme],
    });
    const fit = new FitAddon();
    xterm.loadAddon(fit);
    xterm.open(host.current!);
    term.current = xterm;
    // Fit the columns to the panel width; rows stay fixed so the page layout does not jump.
    const refit = () => {
      const dims = fit.proposeDimensions();
      if (dims && dims.cols > 0) xterm.resize(dims.cols, rows);
    };
    refit();
    const observer = new ResizeObserver(refit);
    observer.observe(host.current!);
    ready.current({ write: (data) => xterm.write(data), clear: () => xterm.reset() });
    return () => {
      observer.disconnect();
      xterm.dispose();
      term.current = null;
    };
  }, [rows]);

  useEffect(() => {
    if (term.current) term.current.options.theme = THEMES[theme];
  }, [theme]);

  return <div className="terminal-host" ref={host} data-testid="terminal" />;
}
