// The packaged app's Electron fuses, flipped by @electron/fuses on a stand-in binary that carries
// Electron's fuse wire (sentinel, version 1, eight fuses all enabled) between other bytes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { describe, expect, it } from 'vitest';

const { flipGmpwFuses } = createRequire(__filename)(resolve(__dirname, '../../../scripts/packaging/electron-fuses.cjs')) as {
  flipGmpwFuses: (binary: string, platform: string) => Promise<void>;
};
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const [OFF, ON] = [48, 49];

describe('Electron fuses', () => {
  it.each([
    ['linux', OFF],
    ['darwin', ON],
  ] as const)('on %s: run-as-node, NODE_OPTIONS and --inspect off, cookie encryption and asar-only on', async (platform, asarIntegrity) => {
    const dir = mkdtempSync(join(tmpdir(), 'gmpw-fuses-'));
    try {
      const binary = join(dir, 'electron');
      const before = Buffer.concat([Buffer.from('\x7fELF…code…'), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.alloc(8, ON), Buffer.from('…more code')]);
      writeFileSync(binary, before);
      await flipGmpwFuses(binary, platform); // not inside a .app: no re-signing on darwin
      const wire = await getCurrentFuseWire(binary);
      const state = (fuse: FuseV1Options) => (wire as Record<number, number>)[fuse];
      expect({
        runAsNode: state(FuseV1Options.RunAsNode),
        cookieEncryption: state(FuseV1Options.EnableCookieEncryption),
        nodeOptions: state(FuseV1Options.EnableNodeOptionsEnvironmentVariable),
        inspect: state(FuseV1Options.EnableNodeCliInspectArguments),
        onlyAsar: state(FuseV1Options.OnlyLoadAppFromAsar),
        v8Snapshot: state(FuseV1Options.LoadBrowserProcessSpecificV8Snapshot),
        fileProtocol: state(FuseV1Options.GrantFileProtocolExtraPrivileges),
      }).toEqual({ runAsNode: OFF, cookieEncryption: ON, nodeOptions: OFF, inspect: OFF, onlyAsar: ON, v8Snapshot: OFF, fileProtocol: OFF });
      expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(asarIntegrity);
      // Only the wire changed.
      expect(readFileSync(binary).length).toBe(before.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
