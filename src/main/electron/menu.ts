// The application menu: New run (Ctrl/Cmd+N), the data folder, the documentation shipped with the
// app, and About with the versions a bug report needs. Built as a template so tests can read it.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  newRun(): void;
  openDataFolder(): void;
  openDocumentation(): void;
  openHarnessProtocol(): void;
  showAbout(): void | Promise<void>;
}

export interface MenuOptions {
  platform: string;
  /** DevTools only in an unpackaged app, as the window allows them (window.ts). */
  devTools: boolean;
}

export const NEW_RUN_ACCELERATOR = 'CmdOrCtrl+N';

/** The page's URL with the New run route (the renderer's hash route '#/new'): a same-document navigation. */
export function newRunUrl(currentUrl: string): string {
  const url = new URL(currentUrl);
  url.hash = '/new';
  return url.href;
}

export function applicationMenuTemplate(actions: MenuActions, options: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const about: MenuItemConstructorOptions = { label: 'About GMP Workbench', click: () => void actions.showAbout() };
  const file: MenuItemConstructorOptions[] = [
    { label: 'New run', accelerator: NEW_RUN_ACCELERATOR, click: () => actions.newRun() },
    { type: 'separator' },
    { label: 'Open data folder', click: () => actions.openDataFolder() },
  ];
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    ...(options.devTools ? [{ role: 'toggleDevTools' } as const] : []),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    // macOS puts About and Quit under the app's own menu; elsewhere they go to File and Help.
    ...(isMac ? [{ label: 'GMP Workbench', submenu: [about, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] } as MenuItemConstructorOptions] : []),
    { label: 'File', submenu: isMac ? file : [...file, { type: 'separator' }, { role: 'quit' }] },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Documentation', click: () => actions.openDocumentation() },
        { label: 'Harness protocol (your own Go programs)', click: () => actions.openHarnessProtocol() },
        ...(isMac ? [] : [{ type: 'separator' } as const, about]),
      ],
    },
  ];
}

export interface AboutVersions {
  app: string;
  electron: string;
  chrome: string;
  node: string;
  v8: string;
  /** The Go the workbench found, or why there is none. */
  go: string;
  dataFolder: string;
}

/** The About box's text: one line per version, to copy into a bug report. */
export function aboutDetail(v: AboutVersions): string {
  return [`Version ${v.app}`, `Go: ${v.go}`, `Electron ${v.electron}`, `Chromium ${v.chrome}`, `Node.js ${v.node}`, `V8 ${v.v8}`, '', `Data: ${v.dataFolder}`].join('\n');
}
