// Electron fuses of the packaged app: switches compiled into the Electron binary that no command-line
// flag or environment variable can turn back on. For the packaging step (electron-builder's
// afterPack hook, scripts/packaging/after-pack.cjs; CommonJS like every hook):
//   await require('./electron-fuses.cjs').flipGmpwFuses(pathOfThePackedElectronBinary, context.electronPlatformName)
// With the runtime's defaults, any local process could run the signed app as a plain Node
// (ELECTRON_RUN_AS_NODE), inject code through NODE_OPTIONS or --inspect, or swap app.asar.
const { FuseV1Options, FuseVersion, flipFuses } = require('@electron/fuses');

/** The fuse settings by name (@electron/fuses FuseV1Options); ASAR integrity only where Electron checks it. */
function gmpwFuses(platform) {
  return {
    RunAsNode: false,
    EnableCookieEncryption: true,
    EnableNodeOptionsEnvironmentVariable: false,
    EnableNodeCliInspectArguments: false,
    // Electron validates the embedded ASAR hash on macOS and Windows only.
    EnableEmbeddedAsarIntegrityValidation: platform === 'darwin' || platform === 'win32',
    OnlyLoadAppFromAsar: true,
    LoadBrowserProcessSpecificV8Snapshot: false,
    GrantFileProtocolExtraPrivileges: false,
  };
}

/** Flips the fuses in place; `strictlyRequireAllFuses` makes a newer Electron with fuses unknown here fail loudly. */
async function flipGmpwFuses(electronBinary, platform) {
  const wire = Object.fromEntries(Object.entries(gmpwFuses(platform)).map(([name, on]) => [FuseV1Options[name], on]));
  await flipFuses(electronBinary, { version: FuseVersion.V1, strictlyRequireAllFuses: true, resetAdHocDarwinSignature: platform === 'darwin', ...wire });
}

module.exports = { gmpwFuses, flipGmpwFuses };
