import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataPaths, machineLockFile, resolveDataDir } from './paths';

describe('data directory', () => {
  it('prefers the explicit choice, then $XDG_DATA_HOME, then ~/.local/share', () => {
    const env = { XDG_DATA_HOME: '/xdg' };
    expect(resolveDataDir({ explicit: 'rel/dir', env, home: '/home/u' })).toBe(join(process.cwd(), 'rel/dir'));
    expect(resolveDataDir({ env, home: '/home/u' })).toBe('/xdg/gmp-workbench');
    expect(resolveDataDir({ env: {}, home: '/home/u' })).toBe('/home/u/.local/share/gmp-workbench');
    // A relative XDG_DATA_HOME is invalid by the XDG spec and ignored.
    expect(resolveDataDir({ env: { XDG_DATA_HOME: 'xdg' }, home: '/home/u' })).toBe('/home/u/.local/share/gmp-workbench');
  });

  it('lays out the database, run folders, the runs\' bookkeeping and the caches under it', () => {
    const p = new DataPaths('/d');
    expect([p.database, p.runDir('r1'), p.reserve, p.active, p.processes, p.builds, p.cache, p.toolsCache, p.windowState]).toEqual([
      '/d/gmpw.db',
      '/d/runs/r1',
      '/d/reserve',
      '/d/active',
      '/d/processes',
      '/d/builds',
      '/d/cache',
      '/d/cache/bin',
      '/d/window-state.json',
    ]);
  });

  it("keeps the run lock the user's, not the data folder's: one path whatever the folder", () => {
    expect(machineLockFile({}, '/home/u')).toBe('/home/u/.cache/gmp-workbench/machine.lock');
    expect(machineLockFile({ XDG_CACHE_HOME: '/elsewhere' }, '/home/u')).toBe('/home/u/.cache/gmp-workbench/machine.lock');
    expect(machineLockFile({ GMPW_MACHINE_LOCK: '/x/lock' }, '/home/u')).toBe('/x/lock');
    // A relative path would follow each process's working folder: ignored.
    expect(machineLockFile({ GMPW_MACHINE_LOCK: 'lock' }, '/home/u')).toBe('/home/u/.cache/gmp-workbench/machine.lock');
  });
});
