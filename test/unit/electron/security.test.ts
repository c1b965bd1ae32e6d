// Window, session and protocol hardening (docs/DESKTOP.md §2), checked on fakes of Electron's objects
// and on the real app:// handler reading a real renderer folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, createUrlPolicy } from '../../../src/main/electron/app-url';
import { createAppProtocolHandler } from '../../../src/main/electron/app-protocol';
import { locateNativeBinding, nativeBindingPath } from '../../../src/main/electron/native-binding';
import { createPickPathHandler } from '../../../src/main/electron/pick-path';
import { hardenSession, hardenWebContents, isAllowedRequest, type HardenableContents, type HardenableSession, type NavigationEvent } from '../../../src/main/electron/security';
import { mainWindowOptions } from '../../../src/main/electron/window';
import { RENDERER_CSP } from '../../../src/main/renderer-files';
import { scratchDir } from '../../support/scratch';

const isAppUrl = createUrlPolicy();

function fakeContents() {
  const listeners = new Map<string, (event: NavigationEvent, url?: string) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  const contents: HardenableContents = {
    on: (name, listener) => listeners.set(name, listener),
    setWindowOpenHandler: (handler) => { openHandler = handler; },
  };
  /** Fires an event and reports whether the listener blocked it. */
  const fire = (name: string, url?: string, eventUrl?: string) => {
    let prevented = false;
    listeners.get(name)!({ preventDefault: () => { prevented = true; }, url: eventUrl }, url);
    return prevented;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('web contents hardening', () => {
  it('allows navigation within the app and blocks everything else', () => {
    const fake = fakeContents();
    hardenWebContents(fake.contents, isAppUrl);
    expect(fake.fire('will-navigate', 'app://gmpw/index.html#/runs')).toBe(false);
    expect(fake.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(fake.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fake.fire('will-redirect', 'http://127.0.0.1:8080/')).toBe(true);
    expect(fake.fire('will-attach-webview')).toBe(true);
    // Newer Electron carries the URL on the event itself.
    expect(fake.fire('will-navigate', undefined, 'https://example.com/')).toBe(true);
    expect(fake.fire('will-navigate', undefined, 'app://gmpw/index.html')).toBe(false);
    expect(fake.open('app://gmpw/index.html')).toEqual({ action: 'deny' });
    expect(fake.open('https://example.com/')).toEqual({ action: 'deny' });
  });
});

describe('session hardening', () => {
  it('denies every permission but clipboard writes from the app, and cancels every request that is not the app', () => {
    let request: Parameters<HardenableSession['setPermissionRequestHandler']>[0] | null = null;
    let check: Parameters<HardenableSession['setPermissionCheckHandler']>[0] | null = null;
    let before: Parameters<HardenableSession['webRequest']['onBeforeRequest']>[0] | null = null;
    hardenSession({
      setPermissionRequestHandler: (h) => { request = h; },
      setPermissionCheckHandler: (h) => { check = h; },
      webRequest: { onBeforeRequest: (l) => { before = l; } },
    }, isAppUrl);

    const granted: boolean[] = [];
    const app = { requestingUrl: 'app://gmpw/index.html' };
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) request!({}, permission, (g) => granted.push(g), app);
    expect(granted).toEqual([false, false, false, false]);
    // The Copy buttons write plain text to the clipboard: granted to the app's own pages only.
    request!({}, 'clipboard-sanitized-write', (g) => granted.push(g), app);
    request!({}, 'clipboard-sanitized-write', (g) => granted.push(g), { requestingUrl: 'https://evil.example/' });
    expect(granted.slice(4)).toEqual([true, false]);
    expect(check!({}, 'clipboard-sanitized-write', 'app://gmpw')).toBe(true);
    expect(check!({}, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    expect(check!({}, 'clipboard-read', 'app://gmpw')).toBe(false);
    expect(check!({}, 'media', 'app://gmpw')).toBe(false);

    const cancelled = (url: string) => {
      let answer: boolean | undefined;
      before!({ url }, (r) => { answer = r.cancel; });
      return answer;
    };
    expect(cancelled('app://gmpw/assets/index.js')).toBe(false);
    expect(cancelled('data:image/png;base64,AAAA')).toBe(false);
    expect(cancelled('https://fonts.example.com/font.woff2')).toBe(true);
    expect(cancelled('http://127.0.0.1:6060/debug/pprof/')).toBe(true);
    expect(isAllowedRequest('not a url', isAppUrl)).toBe(false);
    expect(isAllowedRequest('ws://127.0.0.1:6060/', isAppUrl)).toBe(false);
  });

  it('lets the dev server and its hot-reload socket through only when trusted', () => {
    const dev = createUrlPolicy('http://localhost:5173/');
    expect(isAllowedRequest('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAllowedRequest('ws://localhost:5173/', dev)).toBe(true);
    expect(isAllowedRequest('ws://localhost:5174/', dev)).toBe(false);
    expect(isAllowedRequest('ws://localhost:5173/', isAppUrl)).toBe(false);
  });
});

describe('main window options', () => {
  it('switch on every renderer protection explicitly', () => {
    const prefs = mainWindowOptions('/app/out/preload/index.cjs', false).webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });
});

describe('app:// protocol', () => {
  // The renderer folder, with a file beside it that no app:// URL may reach.
  const scratch = scratchDir('gmpw-renderer-');
  const root = join(scratch, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>GMP Workbench</title>');
  writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)');
  writeFileSync(join(scratch, 'gmpw-secret.txt'), 'secret');
  const handle = createAppProtocolHandler(root);

  it('serves the renderer with the CSP header', async () => {
    const response = await handle(new Request(APP_ENTRY_URL));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('GMP Workbench');
    expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    const script = await handle(new Request('app://gmpw/assets/index.js'));
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('serves index.html for client-side routes', async () => {
    expect(await (await handle(new Request('app://gmpw/runs/abc'))).text()).toContain('GMP Workbench');
  });

  it.each(['app://gmpw/%2e%2e/gmpw-secret.txt', 'app://gmpw/..%2fgmpw-secret.txt', 'app://gmpw/assets/%00.js', 'app://other/index.html', 'app://gmpw/missing.js'])(
    'answers 404 for %s',
    async (url) => {
      expect((await handle(new Request(url))).status).toBe(404);
    },
  );
});

describe('native binding', () => {
  const host = { isPackaged: false, resourcesPath: '/opt/gmpw/resources', appPath: '/src/gmpw', electronVersion: '43.8.12', platform: 'linux', arch: 'x64' };

  it('uses the .native build in development and the shipped one when packaged', () => {
    expect(nativeBindingPath(host)).toBe('/src/gmpw/.native/electron-43.8.12-linux-x64/better_sqlite3.node');
    expect(nativeBindingPath({ ...host, isPackaged: true })).toBe('/opt/gmpw/resources/native/better_sqlite3.node');
  });

  it('says how to prepare a missing binding', () => {
    expect(() => locateNativeBinding(host, () => false)).toThrow(/ensure-electron\.mjs/);
    expect(locateNativeBinding(host, () => true)).toMatch(/better_sqlite3\.node$/);
  });
});

describe('system.pickPath in Electron', () => {
  it('opens the matching dialog on the window and returns the choice or null', async () => {
    const calls: unknown[] = [];
    let answer = { canceled: false, filePaths: ['/home/me/bench'] };
    const pick = createPickPathHandler({ showOpenDialog: async (win, options) => { calls.push([win, options]); return answer; } }, () => 'window');
    expect(await pick({ kind: 'directory', title: '' })).toEqual({ path: '/home/me/bench' });
    expect(calls[0]).toEqual(['window', expect.objectContaining({ properties: ['openDirectory'] })]);
    answer = { canceled: true, filePaths: [] };
    expect(await pick({ kind: 'file', title: 'Program' })).toEqual({ path: null });
    expect(calls[1]).toEqual(['window', { title: 'Program', properties: ['openFile'] }]);
  });
});
