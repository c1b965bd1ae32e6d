#!/usr/bin/env node
// Keeps the layering of docs/ARCHITECTURE.md ("Layers"): what may import what. Exit 1 with one line
// per violation. `--root DIR` lints another tree laid out like this one (its test plants violations).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({ options: { root: { type: 'string' } } });
const root = resolve(flags.root ?? join(dirname(fileURLToPath(import.meta.url)), '..'));

/** Where `/src/main/core` imports: its entry (as `../core`, `./core` or `core/index`). */
const CORE_ENTRY = /^\/src\/main\/core(\/index(\.ts)?)?$/;

/** A folder of the tree and anything in it, its index included ('./cli' as well as './cli/x'). */
const folder = (path) => new RegExp(`^/${path}(/|$)`);
const ELECTRON = [/^electron$/, /^electron\//, folder('src/main/electron')];
const ADAPTERS = [...ELECTRON, folder('src/main/web'), folder('src/main/cli'), folder('src/preload')];
/** A module's path as imported: with or without its extension (.ts, or the .js that compiles from it). */
const SOURCE_EXT = String.raw`(\.[cm]?[jt]sx?)?`;
/** The desktop app's entry, src/main/index.ts (imported as '..' too): Electron's, which no other adapter may load. */
const DESKTOP_ENTRY = new RegExp(String.raw`^/src/main(/index${SOURCE_EXT})?$`);
/** The renderer's serving files, shared by the desktop shell and browser mode. */
const RENDERER_FILES = new RegExp(String.raw`^/src/main/renderer-files${SOURCE_EXT}$`);
/** Node's built-in modules, with or without `node:` (`fs` as well as `node:fs`). */
const NODE_BUILTIN = new RegExp(`^(node:|(${builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.replace(/[/]/g, '\\/')).join('|')})(/|$))`);
/** The packages the core runs on (tsx: the flame worker loads its TypeScript in a checkout); a new one joins this list on purpose. */
const CORE_PACKAGES = /^(better-sqlite3|node-pty|pprof-format|zod|tsx)(\/|$)/;

/**
 * Each rule: the files under `dir` (those whose path matches `only`, when given; none listed in
 * `except`, a path or a folder ending in '/') may import only specifiers matching one of `allowed`
 * (an allow-list), and none matching `forbidden` (a deny-list). Relative specifiers are matched as
 * "/<path from the root>"; imports that stay inside `dir` are always allowed, unless the rule is
 * about the layers `inside` it. Unit tests run in Node whatever they test, so rules about the
 * runtime a module ships to (`runtimeOnly`) skip them.
 */
const rules = [
  {
    dir: 'src/shared',
    runtimeOnly: true,
    allowed: [/^zod$/, /^\/src\/shared\//],
    why: 'shared code runs everywhere: it imports zod and shared code only',
  },
  { dir: 'src/main/core', forbidden: [...ADAPTERS, folder('src/renderer'), /^\/src\/main\/(?!core$)[^/]+$/], why: 'core is pure Node and knows no adapter' },
  {
    dir: 'src/main/core',
    runtimeOnly: true,
    allowed: [NODE_BUILTIN, CORE_PACKAGES, /^\/src\/shared\//],
    why: 'core is Node, its own packages (CORE_PACKAGES) and shared code',
  },
  {
    dir: 'src/main/core',
    inside: true,
    except: ['src/main/core/handlers/', 'src/main/core/index.ts'],
    forbidden: [/^\/src\/main\/core\/handlers(\/|$)/],
    why: 'handlers sit on top of the core: only handlers/ and the core entry import them (errors live in core/errors.ts)',
  },
  {
    dir: 'src/main',
    only: /^src\/main\/(electron\/|index\.ts$)/,
    allowed: [/^node:/, /^electron$/, /^\/src\/main\/electron\//, CORE_ENTRY, /^\/src\/main\/core\/handlers(\/|$)/, /^\/src\/shared\//, /^\/src\/main\/renderer-files$/],
    why: "the desktop shell uses the core's entry, its handlers, shared code and the renderer's files (renderer-files.ts)",
  },
  {
    dir: 'src/main',
    only: /^src\/main\/[^/]+$/,
    except: ['src/main/index.ts'],
    forbidden: [...ADAPTERS, DESKTOP_ENTRY, folder('src/renderer')],
    why: "the renderer's files and build, shared by the adapters, belong to none of them",
  },
  { dir: 'src/main/web', forbidden: [...ELECTRON, DESKTOP_ENTRY, folder('src/main/cli'), folder('src/renderer/src'), folder('src/preload')], why: 'browser mode must not need Electron' },
  {
    dir: 'src/main/cli',
    forbidden: [...ELECTRON, DESKTOP_ENTRY, folder('src/renderer/src'), folder('src/preload'), RENDERER_FILES],
    why: "the CLI must not need Electron, and of the adapters' shared files it builds (renderer-build.ts), never serves",
  },
  { dir: 'src/main/cli', except: ['src/main/cli/commands/serve.ts'], forbidden: [/^\/src\/main\/web(\/|$)/], why: 'of the CLI only `gmpw serve` (cli/commands/serve.ts) starts browser mode' },
  { dir: 'src/renderer', runtimeOnly: true, forbidden: [NODE_BUILTIN, ...ELECTRON, folder('src/main'), folder('src/preload'), /^better-sqlite3$/, /^node-pty$/], why: 'the renderer talks to the core only through the contract' },
  {
    dir: 'src/preload',
    allowed: [/^electron$/, /^\/src\/preload\//, /^\/src\/shared\//],
    why: "the preload exposes the contract through Electron's contextBridge and nothing else",
  },
];

/**
 * The core's floors, bottom first: a file of one (its folder, or for a file at the core's root the
 * ground floor) imports only its own and those below it, so no two domain folders import each
 * other, directly or round a loop. Folders on one floor know nothing of each other. A folder the
 * table does not name is a violation until it is given a floor. Unit tests, which nothing imports,
 * may reach above their own (store's test recovers runs with runner/ownership.ts).
 */
const CORE = 'src/main/core';
const CORE_FLOORS = [
  ['(ground)'],
  ['process', 'toolchain', 'gmptrace', 'stats', 'flame', 'store', 'report'],
  ['targets'],
  ['remote'],
  ['runner', 'read-side'],
  ['handlers'],
  ['index'],
];
const coreFloor = new Map(CORE_FLOORS.flatMap((names, floor) => names.map((name) => [name, floor])));

/** The part of the core a path ("/src/main/core/…", without the leading slash too) is in: its folder, '(ground)' or 'index'. */
function corePart(path) {
  const rest = path.replace(/^\//, '').slice(CORE.length).replace(/^\//, '');
  if (rest === '' || /^index(\.[cm]?[jt]sx?)?$/.test(rest)) return 'index';
  return rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : '(ground)';
}

function partName(part) {
  return part === '(ground)' ? "the core's ground floor (core/*.ts)" : part === 'index' ? 'core/index.ts' : `core/${part}/`;
}

// import() and require() of a template literal count too: `import(\`../web/${name}\`)` is read up to its
// first placeholder, which is where the folder it reaches is named.
const importRe =
  /(?:^|\n)\s*(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|import\(\s*(?:['"]([^'"]+)['"]|`([^`$]+)[^`]*`)\s*\)|require\(\s*(?:['"]([^'"]+)['"]|`([^`$]+)[^`]*`)\s*\)/g;

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.test(name)) yield path;
  }
}

/** Each import of a file: its specifier as written, and as matched ("/<path from the root>" when relative). */
function* importsOf(file) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(importRe)) {
    const spec = m.slice(1).find((group) => group !== undefined);
    // Resolve relative specifiers so that '../../electron/x' is caught by path rules.
    const probe = spec.startsWith('.') ? `/${relative(root, resolve(dirname(file), spec))}` : spec;
    yield { spec, probe };
  }
}

let violations = 0;
for (const rule of rules) {
  const dir = join(root, rule.dir);
  let files;
  try { files = [...walk(dir)]; } catch { continue; }
  for (const file of files) {
    const path = relative(root, file);
    if (rule.only && !rule.only.test(path)) continue;
    if (rule.except?.some((e) => path === e || (e.endsWith('/') && path.startsWith(e)))) continue;
    if (rule.runtimeOnly && /\.test\.tsx?$/.test(path)) continue;
    for (const { spec, probe } of importsOf(file)) {
      if (!rule.inside && probe.startsWith(`/${rule.dir}/`) && !rule.only) continue;
      const bad = (rule.allowed && !rule.allowed.some((re) => re.test(probe))) || rule.forbidden?.some((re) => re.test(probe));
      if (bad) {
        console.error(`${path}: imports '${spec}': ${rule.why}`);
        violations++;
      }
    }
  }
}
{
  let files;
  try { files = [...walk(join(root, CORE))]; } catch { files = []; }
  for (const file of files) {
    const path = relative(root, file);
    if (/\.test\.tsx?$/.test(path)) continue;
    const from = corePart(path);
    if (!coreFloor.has(from)) {
      console.error(`${path}: ${partName(from)} has no floor in the core's table (CORE_FLOORS, docs/ARCHITECTURE.md §1): give it one`);
      violations++;
      continue;
    }
    for (const { spec, probe } of importsOf(file)) {
      if (!probe.startsWith(`/${CORE}/`) && probe !== `/${CORE}`) continue;
      const to = corePart(probe);
      if (to === from || !coreFloor.has(to) || coreFloor.get(to) < coreFloor.get(from)) continue;
      console.error(`${path}: imports '${spec}': ${partName(from)} may import only floors of the core below its own, and ${partName(to)} is not below it (docs/ARCHITECTURE.md §1)`);
      violations++;
    }
  }
}
if (violations > 0) process.exit(1);
console.log('layers: ok');
