#!/usr/bin/env node
// gmpw runs the core from its TypeScript sources through tsx, so `npx gmpw` works right after
// `npm install` with no build step. The sources are CommonJS to Node (package.json sets no "type"),
// so tsx's CommonJS hook loads them: it resolves their extensionless imports as the bundler does,
// and its transform cache (keyed by file and content) makes a start after the first ~3× cheaper.
// (tsImport, used before, keys each start's modules afresh: every start transformed every file
// again, ~2.5 s, and left ~150 new files in tsx's cache folder.)
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

register();
const { main } = createRequire(import.meta.url)('../src/main/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
