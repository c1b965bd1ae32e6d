// Worker entry used when the core runs from its TypeScript sources (vitest, the tsx-run CLI):
// a worker thread starts without the parent's loader, so register tsx here before loading the
// real worker. A bundled build starts its compiled flame-worker.js instead (see decoder.ts).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
