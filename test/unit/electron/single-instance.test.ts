// One instance: a second launch quits and brings the first one's window forward.
import { describe, expect, it } from 'vitest';
import { claimSingleInstance, type FocusableWindow, type SingleInstanceApp } from '../../../src/main/electron/single-instance';

function fakeApp(lock: boolean) {
  let secondInstance: (() => void) | null = null;
  const app: SingleInstanceApp = { requestSingleInstanceLock: () => lock, on: (_event, listener) => (secondInstance = listener) };
  return { app, launchAgain: () => secondInstance?.(), listening: () => secondInstance !== null };
}

function fakeWindow(minimized: boolean) {
  const calls: string[] = [];
  const window: FocusableWindow = {
    isMinimized: () => minimized,
    restore: () => calls.push('restore'),
    show: () => calls.push('show'),
    focus: () => calls.push('focus'),
  };
  return { window, calls };
}

describe('single instance', () => {
  it('lets the second process go and keeps no listener there', () => {
    const { app, listening } = fakeApp(false);
    expect(claimSingleInstance(app, () => undefined)).toBe(false);
    expect(listening()).toBe(false);
  });

  it('brings a minimized window back and focuses it when launched again', () => {
    const { app, launchAgain } = fakeApp(true);
    const { window, calls } = fakeWindow(true);
    expect(claimSingleInstance(app, () => window)).toBe(true);
    launchAgain();
    expect(calls).toEqual(['restore', 'show', 'focus']);
  });

  it('focuses a visible window without restoring it, and ignores a launch before the window exists', () => {
    const { app, launchAgain } = fakeApp(true);
    const { window, calls } = fakeWindow(false);
    let current: FocusableWindow | undefined;
    claimSingleInstance(app, () => current);
    launchAgain();
    expect(calls).toEqual([]);
    current = window;
    launchAgain();
    expect(calls).toEqual(['show', 'focus']);
  });
});
