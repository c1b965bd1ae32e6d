// electron-builder afterPack: runs on the packed app (context.appOutDir) before any installer is
// made from it. CommonJS, as electron-builder requires hooks.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { flipGmpwFuses } = require('./electron-fuses.cjs');

/** Files the packaged app reads through src/main/core/install.ts: it cannot build its tools without go/. */
const REQUIRED = ['app.asar', 'README.md', 'go/go.mod', 'go/cmd/gmptrace/go.mod', 'go/cmd/gmptrace/vendor/modules.txt'];

exports.default = async function afterPack(context) {
  const resources = context.packager.getResourcesDir(context.appOutDir);
  const missing = REQUIRED.filter((file) => !existsSync(join(resources, file)));
  if (missing.length > 0) {
    throw new Error(`the packed app lacks ${missing.join(', ')} in ${resources}: run the packaging through \`npm run dist\`, which stages them`);
  }
  // The packaging test on a machine without the Electron binary packs a shell-script stand-in, which
  // has no fuse wire to flip; it says so through this variable, and the skip is printed, never silent.
  if (process.env.GMPW_STANDIN_ELECTRON === '1') {
    console.log('afterPack: stand-in Electron binary: fuses not flipped');
    return;
  }
  await flipGmpwFuses(packedElectronBinary(context), context.electronPlatformName);
};

/** The Electron executable electron-builder just renamed into the packed app. */
function packedElectronBinary(context) {
  const name = context.packager.appInfo.productFilename;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(context.appOutDir, `${name}.app`);
    case 'win32':
      return join(context.appOutDir, `${name}.exe`);
    default:
      return join(context.appOutDir, context.packager.executableName);
  }
}
