// Stand-in for Electron's main-process API, to run the packed main bundle (out/main/index.js) under
// Node: `node --require test/stubs/electron-main.cjs <app>/out/main/index.js`, started with fork().
// It answers as an installed app would (app.isPackaged, process.resourcesPath, userData under
// GMPW_STANDIN_APPDATA) and lets the parent test drive what a window would:
//   parent → { id, invoke: channel, input }   calls the ipcMain handler as the app's main frame;
//   parent → { id, fetch: url }               asks the registered app:// protocol handler;
//   parent → { id, quit: true }               quits the app as closing its window would;
//   child  → { ready: { window, menu } }      once the window loads its URL;
//   child  → { event: channel, payload }      what the main process sends to the window;
//   child  → { error: message }               what would have been an error box.
const Module = require('node:module');
const { EventEmitter } = require('node:events');

const realResolve = Module._resolveFilename;
Module._resolveFilename = function resolve(request, ...rest) {
  return request === 'electron' ? __filename : realResolve.call(this, request, ...rest);
};

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`electron stand-in: ${name} is not set`);
  return value;
};
process.resourcesPath = env('GMPW_STANDIN_RESOURCES');
const send = (message) => process.send?.(message);

const paths = { appData: env('GMPW_STANDIN_APPDATA') };
const app = Object.assign(new EventEmitter(), {
  isPackaged: true,
  getAppPath: () => env('GMPW_STANDIN_APP_PATH'),
  getPath: (name) => {
    if (!(name in paths)) throw new Error(`electron stand-in: app.getPath('${name}') before it was set`);
    return paths[name];
  },
  setPath: (name, path) => void (paths[name] = path),
  getVersion: () => require(`${env('GMPW_STANDIN_APP_PATH')}/package.json`).version,
  enableSandbox: () => {},
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  // As Electron: a will-quit listener may hold the quit (preventDefault) and quit again later.
  quit: () => {
    let held = false;
    app.emit('will-quit', { preventDefault: () => (held = true) });
    if (!held) setTimeout(() => process.exit(0), 200);
  },
  exit: (code) => process.exit(code),
});

const protocolHandlers = new Map();
const protocol = {
  registerSchemesAsPrivileged: () => {},
  handle: (scheme, handler) => protocolHandlers.set(scheme, handler),
};

const ipcHandlers = new Map();
const ipcMain = {
  handle: (channel, listener) => ipcHandlers.set(channel, listener),
  removeHandler: (channel) => ipcHandlers.delete(channel),
};

const session = {
  defaultSession: {
    setPermissionRequestHandler: () => {},
    setPermissionCheckHandler: () => {},
    webRequest: { onBeforeRequest: () => {} },
  },
};

const windows = [];
class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.url = '';
    this.webContents = {
      isDestroyed: () => false,
      send: (channel, payload) => send({ event: channel, payload }),
      getURL: () => this.url,
      loadURL: async (url) => void (this.url = url),
    };
    windows.push(this);
  }
  static getAllWindows() {
    return windows;
  }
  async loadURL(url) {
    this.url = url;
    send({ ready: { window: this.options, url, menu: menuLabels(Menu.current) } });
  }
  show() {}
  maximize() {}
  isMaximized() {
    return false;
  }
  getNormalBounds() {
    const { x = 0, y = 0, width, height } = this.options;
    return { x, y, width, height };
  }
}

/** Top-level menus and their items' labels, as the parent can read them. */
function menuLabels(template) {
  return (template ?? []).map((m) => ({ label: m.label ?? m.role, items: Array.isArray(m.submenu) ? m.submenu.map((i) => i.label ?? i.role ?? i.type) : [] }));
}
const Menu = { current: null, buildFromTemplate: (template) => template, setApplicationMenu: (menu) => void (Menu.current = menu) };

const dialog = {
  showErrorBox: (title, content) => send({ error: `${title}: ${content}` }),
  showMessageBox: async () => ({ response: 0 }),
  showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
};
const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
const shell = { openPath: async () => '' };

const mainFrame = () => ({ url: windows[0]?.url ?? '', parent: null });

process.on('message', async (message) => {
  const reply = (body) => send({ id: message.id, ...body });
  try {
    if (message.invoke) {
      const handler = ipcHandlers.get(message.invoke);
      if (!handler) return reply({ failure: `no ipcMain handler for ${message.invoke}` });
      reply({ outcome: await handler({ senderFrame: mainFrame() }, message.input) });
    } else if (message.fetch) {
      const handler = protocolHandlers.get(new URL(message.fetch).protocol.slice(0, -1));
      const response = await handler(new Request(message.fetch));
      reply({ status: response.status, contentType: response.headers.get('content-type'), body: await response.text() });
    } else if (message.quit) {
      for (const window of windows) window.emit('close');
      app.emit('window-all-closed');
      reply({ quitting: true });
    }
  } catch (err) {
    reply({ failure: err instanceof Error ? err.stack : String(err) });
  }
});

module.exports = { app, protocol, ipcMain, session, BrowserWindow, Menu, dialog, screen, shell };
