// Electron entry: app lifecycle only. Everything that works lives in the core; this file wires it
// to a hardened window through the IPC adapter (docs/ARCHITECTURE.md §1, §8; docs/DESKTOP.md §2).
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import { createCore } from './core';
import { APP_ENTRY_URL, APP_SCHEME, createUrlPolicy } from './electron/app-url';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './electron/app-protocol';
import { forwardEvents, registerIpc } from './electron/ipc';
import { locateNativeBinding } from './electron/native-binding';
import { createPickPathHandler } from './electron/pick-path';
import { hardenSession, hardenWebContents } from './electron/security';
import { mainWindowOptions } from './electron/window';

// electron-vite sets this only for `electron-vite dev`; a packaged app never trusts a dev server.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const isAppUrl = createUrlPolicy(devServerUrl);

// Both must happen before 'ready'.
app.enableSandbox();
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, isAppUrl));
app.on('window-all-closed', () => app.quit());

async function start(): Promise<void> {
  await app.whenReady();
  let nativeBinding: string;
  try {
    nativeBinding = locateNativeBinding({
      isPackaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      appPath: app.getAppPath(),
      electronVersion: process.versions.electron,
      platform: process.platform,
      arch: process.arch,
    });
  } catch (err) {
    dialog.showErrorBox('GMP Workbench cannot start', (err as Error).message);
    app.exit(1);
    return;
  }
  const core = await createCore({ dataDir: app.getPath('userData'), nativeBinding });

  hardenSession(session.defaultSession, isAppUrl);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(__dirname, '../renderer')));

  let window: BrowserWindow | null = null;
  const handlers = { ...core.handlers, 'system.pickPath': createPickPathHandler(dialog, () => window!) };
  const unregister = registerIpc(ipcMain, handlers, isAppUrl);
  const stopForwarding = forwardEvents(core.events, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  app.once('will-quit', () => {
    stopForwarding();
    unregister();
    void core.close();
  });

  window = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/index.cjs'), !app.isPackaged));
  window.once('ready-to-show', () => window?.show());
  await window.loadURL(devServerUrl ?? APP_ENTRY_URL);
}

// One instance per user: two would share the history database and run stress tests side by side,
// which disturbs both (docs/DESKTOP.md §3: runs never overlap). A second launch focuses the first.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const existing = BrowserWindow.getAllWindows()[0];
    if (existing?.isMinimized()) existing.restore();
    existing?.focus();
  });
  start().catch((err: unknown) => {
    dialog.showErrorBox('GMP Workbench failed to start', err instanceof Error ? (err.stack ?? err.message) : String(err));
    app.exit(1);
  });
}
