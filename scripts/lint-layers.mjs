#!/usr/bin/env node
// Keeps the layering of docs/ARCHITECTURE.md ("Layers"): what may import what. Exit 1 with one line
// per violation. `--root DIR` lints another tree laid out like this one (its test plants violations).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({ options: { root: { type: 'string' } } });
const root = resolve(flags.root ?? join(dirname(fileURLToPath(import.meta.url)), '..'));

/**
 * Each rule: files under `dir` (but not under `except`) may not import specifiers matching
 * `forbidden`. Relative specifiers are matched as "/<path from the root>"; imports that stay inside
 * `dir` are always allowed, unless the rule is about the layers `inside` it. Unit tests run in Node
 * whatever they test, so rules about the runtime a module ships to (`runtimeOnly`) skip them.
 */
const rules = [
  { dir: 'src/shared', runtimeOnly: true, forbidden: [/^node:/, /^electron$/, /^react/, /src\/main\//, /\/main\//, /\/renderer\//], why: 'shared code runs everywhere: no node, electron, react or process-specific imports' },
  { dir: 'src/main/core', forbidden: [/^electron$/, /^electron\//, /\/electron\//, /\/web\//, /\/cli\//, /\/renderer\//], why: 'core is pure Node and knows no adapter' },
  {
    dir: 'src/main/core',
    inside: true,
    except: ['src/main/core/handlers/', 'src/main/core/index.ts'],
    forbidden: [/^\/src\/main\/core\/handlers(\/|$)/],
    why: 'handlers sit on top of the core: only handlers/ and the core entry import them (errors live in core/errors.ts)',
  },
  { dir: 'src/main/web', forbidden: [/^electron$/, /\/electron\//, /\/cli\//, /\/renderer\/src/], why: 'browser mode must not need Electron' },
  { dir: 'src/main/cli', forbidden: [/^electron$/, /\/electron\//, /\/renderer\/src/], why: 'the CLI must not need Electron' },
  { dir: 'src/renderer', runtimeOnly: true, forbidden: [/^node:/, /^electron$/, /\/main\//, /^better-sqlite3$/, /^node-pty$/], why: 'the renderer talks to the core only through the contract' },
  { dir: 'src/preload', forbidden: [/\/main\//, /\/renderer\//], why: 'the preload exposes the contract and nothing else' },
];

const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(name)) yield path;
  }
}

let violations = 0;
for (const rule of rules) {
  const dir = join(root, rule.dir);
  let files;
  try { files = [...walk(dir)]; } catch { continue; }
  for (const file of files) {
    const path = relative(root, file);
    if (rule.except?.some((e) => path === e || (e.endsWith('/') && path.startsWith(e)))) continue;
    if (rule.runtimeOnly && /\.test\.tsx?$/.test(path)) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(importRe)) {
      const spec = m[1] ?? m[2] ?? m[3];
      // Resolve relative specifiers so that '../../electron/x' is caught by path rules.
      const probe = spec.startsWith('.') ? `/${relative(root, resolve(dirname(file), spec))}` : spec;
      const allowed = !rule.inside && probe.startsWith(`/${rule.dir}/`);
      if (!allowed && rule.forbidden.some((re) => re.test(probe))) {
        console.error(`${path}: imports '${spec}': ${rule.why}`);
        violations++;
      }
    }
  }
}
if (violations > 0) process.exit(1);
console.log('layers: ok');
