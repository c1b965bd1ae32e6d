#!/usr/bin/env node
// Renders the app icon's one source, build/icon.svg, to the PNGs electron-builder packages: Linux
// takes the whole set of sizes (build/icons/<n>x<n>.png); electron-builder makes macOS's .icns from
// the 1024 px one and Windows's .ico from the 256 px one. They are made at packaging time and not
// committed, so they cannot drift from the SVG.
//
//   node scripts/packaging/icons.mjs [OUT_DIR]      (default build/icons)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const ICON_SOURCE = join(root, 'build', 'icon.svg');
export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

/** Writes <n>x<n>.png for every size into outDir; returns the files written. */
export function renderIcons(outDir, svgFile = ICON_SOURCE) {
  const svg = readFileSync(svgFile);
  mkdirSync(outDir, { recursive: true });
  return ICON_SIZES.map((size) => {
    const png = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
    const file = join(outDir, `${size}x${size}.png`);
    writeFileSync(file, png);
    return file;
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = renderIcons(resolve(process.argv[2] ?? join(root, 'build', 'icons')));
  console.log(`icons: ${files.length} PNGs from build/icon.svg in ${dirname(files[0])}`);
}
