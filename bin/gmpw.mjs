#!/usr/bin/env node
// gmpw runs the core from its TypeScript sources through tsx, so `npx gmpw` works right after
// `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
