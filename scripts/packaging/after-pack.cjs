// electron-builder afterPack: runs on the packed app (context.appOutDir) before any installer is
// made from it. CommonJS, as electron-builder requires hooks.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

/** Files the packaged app reads through src/main/core/install.ts: it cannot build its tools without go/. */
const REQUIRED = ['app.asar', 'README.md', 'go/go.mod', 'go/cmd/gmptrace/go.mod', 'go/cmd/gmptrace/vendor/modules.txt'];

exports.default = async function afterPack(context) {
  const resources = context.packager.getResourcesDir(context.appOutDir);
  const missing = REQUIRED.filter((file) => !existsSync(join(resources, file)));
  if (missing.length > 0) {
    throw new Error(`the packed app lacks ${missing.join(', ')} in ${resources}: run the packaging through \`npm run dist\`, which stages them`);
  }
  // Electron fuses of the packaged binary belong here (or in electronFuses in electron-builder.yml).
};
