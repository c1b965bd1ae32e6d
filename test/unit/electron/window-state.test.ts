// The main window's place: saved on close, restored only where a display still shows it.
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWindowState, rememberWindowState, restorableState, type Bounds, type StatefulWindow } from '../../../src/main/electron/window-state';

const scratch = mkdtempSync(join(tmpdir(), 'gmpw-window-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const laptop: Bounds = { x: 0, y: 0, width: 1440, height: 875 };
const rightMonitor: Bounds = { x: 1440, y: 0, width: 2560, height: 1415 };

function fakeWindow(bounds: Bounds, maximized: boolean) {
  let onClose: (() => void) | null = null;
  const window: StatefulWindow = {
    getNormalBounds: () => bounds,
    isMaximized: () => maximized,
    on: (_event, listener) => (onClose = listener),
  };
  return { window, close: () => onClose!() };
}

describe('window state', () => {
  it('comes back as it was saved when the window closed', () => {
    const file = join(scratch, 'state.json');
    const { window, close } = fakeWindow({ x: 1600, y: 80, width: 1200, height: 800 }, true);
    rememberWindowState(window, file);
    expect(existsSync(file)).toBe(false);
    close();
    expect(loadWindowState(file, [laptop, rightMonitor])).toEqual({ bounds: { x: 1600, y: 80, width: 1200, height: 800 }, maximized: true });
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });

  it('drops a place no display shows any more (the monitor it was on is gone)', () => {
    const onRight = { bounds: { x: 1600, y: 80, width: 1200, height: 800 }, maximized: false };
    expect(restorableState(onRight, [laptop, rightMonitor])).toEqual(onRight);
    expect(restorableState(onRight, [laptop])).toBeNull();
    // A sliver at the edge is not reachable: the title bar must show.
    expect(restorableState({ bounds: { x: 1400, y: 10, width: 800, height: 600 }, maximized: false }, [laptop])).toBeNull();
    expect(restorableState({ bounds: { x: 100, y: 850, width: 800, height: 600 }, maximized: false }, [laptop])).toBeNull();
  });

  it('starts at the default size when there is no file or it is not a saved state', () => {
    expect(loadWindowState(join(scratch, 'none.json'), [laptop])).toBeNull();
    const file = join(scratch, 'bad.json');
    for (const content of ['{', 'null', '{"bounds":{"x":0,"y":0,"width":-5,"height":10},"maximized":false}', '{"bounds":{"x":0,"y":0,"width":800,"height":600}}', '{"bounds":{"x":"0","y":0,"width":800,"height":600},"maximized":false}']) {
      writeFileSync(file, content);
      expect(loadWindowState(file, [laptop]), content).toBeNull();
    }
  });

  it('does not stop a quit when the state cannot be written', () => {
    const { window, close } = fakeWindow(laptop, false);
    rememberWindowState(window, join(scratch, 'no-such-dir', 'state.json'));
    expect(close).not.toThrow();
  });
});
