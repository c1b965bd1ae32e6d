// Electron entry: app lifecycle only. Everything that works lives in the core; this file wires it
// to a hardened window through the IPC adapter (docs/ARCHITECTURE.md §1, §8; docs/DESKTOP.md §2).
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell } from 'electron';
import { createCore, DataPaths, desktopDataDir, documentationPath, electronInstall, goSourcesDir, preloadPath, rendererDir, reportBundleDir, type Core } from './core';
import { APP_ENTRY_URL, APP_SCHEME, createUrlPolicy } from './electron/app-url';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './electron/app-protocol';
import { forwardEvents, registerIpc } from './electron/ipc';
import { closeBeforeQuit } from './electron/quit';
import { locateNativeBinding } from './electron/native-binding';
import { aboutDetail, applicationMenuTemplate, newRunUrl } from './electron/menu';
import { createPickPathHandler } from './electron/pick-path';
import { hardenSession, hardenWebContents } from './electron/security';
import { claimSingleInstance } from './electron/single-instance';
import { mainWindowOptions } from './electron/window';
import { loadWindowState, rememberWindowState } from './electron/window-state';

// electron-vite sets this only for `electron-vite dev`; a packaged app never trusts a dev server.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const isAppUrl = createUrlPolicy(devServerUrl);
const host = { isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() };
const install = electronInstall(host);
// Before anything reads it: the same folder whether installed or run with `npm start`.
app.setPath('userData', desktopDataDir(app.getPath('appData')));

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
      ...host,
      electronVersion: process.versions.electron,
      platform: process.platform,
      arch: process.arch,
    });
  } catch (err) {
    dialog.showErrorBox('GMP Workbench cannot start', (err as Error).message);
    app.exit(1);
    return;
  }
  const core = await createCore({
    dataDir: app.getPath('userData'),
    nativeBinding,
    resourcesDir: install.resourcesDir,
    reportBundleDir: async () => reportBundleDir(install),
    followForeignRuns: true,
  });

  hardenSession(session.defaultSession, isAppUrl);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir(install)));

  let window: BrowserWindow | null = null;
  const handlers = { ...core.handlers, 'system.pickPath': createPickPathHandler(dialog, () => window!) };
  const unregister = registerIpc(ipcMain, handlers, isAppUrl);
  const stopForwarding = forwardEvents(core.events, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  closeBeforeQuit(
    app,
    async () => {
      stopForwarding();
      unregister();
      await core.close();
    },
    (err) => console.error('GMP Workbench: closing the core failed:', err),
  );

  const stateFile = new DataPaths(app.getPath('userData')).windowState;
  const state = loadWindowState(stateFile, screen.getAllDisplays().map((d) => d.workArea));
  window = new BrowserWindow({ ...mainWindowOptions(preloadPath(install), !app.isPackaged), ...state?.bounds });
  if (state?.maximized) window.maximize();
  rememberWindowState(window, stateFile);
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(menuActions(window, core), { platform: process.platform, devTools: !app.isPackaged })));
  window.once('ready-to-show', () => window?.show());
  await window.loadURL(devServerUrl ?? APP_ENTRY_URL);
}

function menuActions(window: BrowserWindow, core: Core) {
  const open = (path: string) =>
    shell.openPath(path).then((problem) => {
      if (problem) dialog.showErrorBox('GMP Workbench', `Could not open ${path}: ${problem}`);
    });
  return {
    newRun: () => {
      window.show();
      void window.webContents.loadURL(newRunUrl(window.webContents.getURL()));
    },
    openDataFolder: () => void open(app.getPath('userData')),
    openDocumentation: () => void open(documentationPath(install)),
    openHarnessProtocol: () => void open(join(goSourcesDir(install.resourcesDir), 'PROTOCOL.md')),
    showAbout: async () => {
      const go = await core.handlers['toolchain.info']({});
      const detail = aboutDetail({
        app: app.getVersion(),
        go: go.ok ? `${go.goVersion} (${go.goPath})` : `not usable: ${go.message}`,
        electron: process.versions.electron,
        chrome: process.versions.chrome,
        node: process.versions.node,
        v8: process.versions.v8,
        dataFolder: app.getPath('userData'),
      });
      await dialog.showMessageBox(window, { type: 'info', title: 'About GMP Workbench', message: 'GMP Workbench', detail, buttons: ['OK'] });
    },
  };
}

if (!claimSingleInstance(app, () => BrowserWindow.getAllWindows()[0])) {
  app.quit();
} else {
  start().catch((err: unknown) => {
    dialog.showErrorBox('GMP Workbench failed to start', err instanceof Error ? (err.stack ?? err.message) : String(err));
    app.exit(1);
  });
}
