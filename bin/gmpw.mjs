#!/usr/bin/env node
// gmpw runs the core from its TypeScript sources through tsx, so `npx gmpw` works right after
// `npm install` with no build step. tsImport (rather than a global register()) keeps the loader
// to this import and works whether Node treats the .ts sources as CommonJS or ESM.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../src/main/cli/index.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
