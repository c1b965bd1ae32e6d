// One instance per user: two would share the history database and run stress tests side by side,
// which disturbs both (runs never overlap). A second launch brings the first one's window forward.

export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): unknown;
}

export interface FocusableWindow {
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/** True when this process is the only instance; otherwise the caller quits. */
export function claimSingleInstance(app: SingleInstanceApp, mainWindow: () => FocusableWindow | undefined): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => {
    const window = mainWindow();
    if (!window) return; // still starting: its window shows when ready
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });
  return true;
}
