// The main window opens where the user left it: its normal (unmaximized) bounds and whether it was
// maximized, kept in a small JSON file in userData. A saved place that no display shows any more
// (a monitor was unplugged) is dropped, so the window never opens out of reach.
import { renameSync, readFileSync, writeFileSync } from 'node:fs';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Bounds;
  maximized: boolean;
}

/** How much of the title bar area must lie on a display for a saved place to count as reachable. */
const MIN_VISIBLE = { width: 100, height: 40 };

function isBounds(value: unknown): value is Bounds {
  const b = value as Bounds | null;
  return !!b && [b.x, b.y, b.width, b.height].every((n) => Number.isInteger(n)) && b.width > 0 && b.height > 0;
}

function overlap(a: Bounds, b: Bounds): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/** The saved state when it is well formed and its top edge shows on one of the displays' work areas. */
export function restorableState(saved: unknown, workAreas: Bounds[]): WindowState | null {
  const state = saved as WindowState | null;
  if (!state || !isBounds(state.bounds) || typeof state.maximized !== 'boolean') return null;
  const titleBar = { ...state.bounds, height: MIN_VISIBLE.height };
  const reachable = workAreas.some((area) => {
    const o = overlap(titleBar, area);
    return o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height;
  });
  return reachable ? { bounds: state.bounds, maximized: state.maximized } : null;
}

/** The state saved in `file`, or null when there is none, it is unreadable, or off every display. */
export function loadWindowState(file: string, workAreas: Bounds[]): WindowState | null {
  let saved: unknown;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null; // first start, or a file we cannot read: the default size it is
  }
  return restorableState(saved, workAreas);
}

/** The subset of BrowserWindow used here (tests pass a fake). */
export interface StatefulWindow {
  getNormalBounds(): Bounds;
  isMaximized(): boolean;
  on(event: 'close', listener: () => void): unknown;
}

/** Saves the window's state to `file` when it closes (written aside and renamed: never half a file). */
export function rememberWindowState(window: StatefulWindow, file: string): void {
  window.on('close', () => {
    const state: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
    try {
      writeFileSync(`${file}.tmp`, JSON.stringify(state));
      renameSync(`${file}.tmp`, file);
    } catch (err) {
      // Losing the window's place is not worth stopping a quit for.
      console.error(`GMP Workbench: could not save the window's place to ${file}: ${(err as Error).message}`);
    }
  });
}
