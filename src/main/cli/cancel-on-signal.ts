// Ctrl-C, a kill, or the SIGHUP of a terminal or ssh session that closed, while a command's runs are
// under way: the command cancels them, so that none is left active, and exits 130 once they ended.

const CANCELLING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface SignalWatch {
  /** Whether a cancelling signal came. */
  interrupted(): boolean;
  /** Stops watching. */
  off(): void;
}

/** From now until off(): on a cancelling signal, says so once on `stderr` as `gmpw <command>` and calls `cancel`. */
export function cancelOnSignals(stderr: NodeJS.WritableStream, command: string, cancel: () => void): SignalWatch {
  let interrupted = false;
  const onSignal = () => {
    if (!interrupted) stderr.write(`\ngmpw ${command}: cancelling…\n`);
    interrupted = true;
    cancel();
  };
  for (const signal of CANCELLING_SIGNALS) process.on(signal, onSignal);
  return {
    interrupted: () => interrupted,
    off: () => {
      for (const signal of CANCELLING_SIGNALS) process.off(signal, onSignal);
    },
  };
}
