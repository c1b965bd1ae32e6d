// The application menu as a template, read the way Electron would build it, with fake actions.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { aboutDetail, applicationMenuTemplate, newRunUrl, type MenuActions } from '../../../src/main/electron/menu';

function recorder() {
  const calls: string[] = [];
  const actions: MenuActions = {
    newRun: () => calls.push('newRun'),
    openDataFolder: () => calls.push('openDataFolder'),
    openDocumentation: () => calls.push('openDocumentation'),
    openHarnessProtocol: () => calls.push('openHarnessProtocol'),
    showAbout: () => void calls.push('showAbout'),
  };
  return { actions, calls };
}

/** Every item of the menu, depth first. */
function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

function click(item: MenuItemConstructorOptions | undefined): void {
  expect(item?.click, `${item?.label}`).toBeTypeOf('function');
  (item!.click as () => void)();
}

describe('application menu', () => {
  it.each(['linux', 'win32', 'darwin'])('on %s: New run on Ctrl/Cmd+N, the data folder, the docs and About reach their actions', (platform) => {
    const { actions, calls } = recorder();
    const all = items(applicationMenuTemplate(actions, { platform, devTools: false }));
    const byLabel = (label: string) => all.find((i) => i.label === label);
    expect(byLabel('New run')?.accelerator).toBe('CmdOrCtrl+N');
    for (const label of ['New run', 'Open data folder', 'Documentation', 'Harness protocol (your own Go programs)', 'About GMP Workbench']) click(byLabel(label));
    expect(calls).toEqual(['newRun', 'openDataFolder', 'openDocumentation', 'openHarnessProtocol', 'showAbout']);
    expect(all.filter((i) => i.role === 'quit')).toHaveLength(1);
    expect(all.filter((i) => i.label === 'About GMP Workbench')).toHaveLength(1);
  });

  it('puts About in the app menu on macOS and under Help elsewhere', () => {
    const { actions } = recorder();
    const mac = applicationMenuTemplate(actions, { platform: 'darwin', devTools: false });
    expect(mac[0]!.label).toBe('GMP Workbench');
    expect((mac[0]!.submenu as MenuItemConstructorOptions[]).some((i) => i.label === 'About GMP Workbench')).toBe(true);
    const linux = applicationMenuTemplate(actions, { platform: 'linux', devTools: false });
    expect(linux[0]!.label).toBe('File');
    const help = linux.find((i) => i.role === 'help')!;
    expect((help.submenu as MenuItemConstructorOptions[]).some((i) => i.label === 'About GMP Workbench')).toBe(true);
  });

  it('offers DevTools only where the window allows them (unpackaged)', () => {
    const { actions } = recorder();
    const roles = (devTools: boolean) => items(applicationMenuTemplate(actions, { platform: 'linux', devTools })).map((i) => i.role);
    expect(roles(true)).toContain('toggleDevTools');
    expect(roles(false)).not.toContain('toggleDevTools');
  });
});

describe('New run', () => {
  it('moves the page to the New run route, keeping its origin', () => {
    expect(newRunUrl('app://gmpw/index.html#/run/abc')).toBe('app://gmpw/index.html#/new');
    expect(newRunUrl('app://gmpw/index.html')).toBe('app://gmpw/index.html#/new');
    expect(newRunUrl('http://localhost:5173/#/runs')).toBe('http://localhost:5173/#/new');
  });
});

describe('About', () => {
  it('lists every version a bug report needs, and where the data is', () => {
    const detail = aboutDetail({ app: '0.1.0', go: 'go1.26.8 (/usr/local/go/bin/go)', electron: '43.8.12', chrome: '150.0.1', node: '24.11.0', v8: '15.0.1', dataFolder: '/home/u/.config/gmp-workbench' });
    expect(detail.split('\n')).toEqual([
      'Version 0.1.0',
      'Go: go1.26.8 (/usr/local/go/bin/go)',
      'Electron 43.8.12',
      'Chromium 150.0.1',
      'Node.js 24.11.0',
      'V8 15.0.1',
      '',
      'Data: /home/u/.config/gmp-workbench',
    ]);
  });
});
