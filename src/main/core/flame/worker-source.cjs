// Worker entry used when the core runs from its TypeScript sources (vitest, the tsx-run CLI):
// a worker thread starts without the parent's loader, so register tsx here before loading the
// real worker. A bundled build starts its compiled flame-worker.js instead (see decoder.ts).
// CommonJS, like the package: tsx's ESM hook trips over require(esm) cycles under vitest.
require('tsx/cjs/api').register();
require('./worker.ts');
