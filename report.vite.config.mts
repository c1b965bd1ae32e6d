// The exported report's bundle: the renderer's pages behind a read-only API (src/renderer/src/report),
// built as ONE classic script and ONE stylesheet so the core can inline both into a single HTML
// file (src/main/core/report). electron-vite builds only the app's three bundles, hence this config.
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root: resolve(root, 'src/renderer'),
  plugins: [react()],
  // Library mode keeps process.env references; React picks its production build from this.
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: resolve(root, 'out/report'),
    emptyOutDir: true,
    // Library mode leaves minifying to the caller; a report should stay small.
    minify: true,
    // Fonts and images go into the stylesheet as data: URLs: the report loads nothing.
    assetsInlineLimit: () => true,
    lib: {
      entry: resolve(root, 'src/renderer/src/report/main.tsx'),
      formats: ['iife'],
      name: 'gmpwReport',
      fileName: () => 'report.js',
      cssFileName: 'report',
    },
  },
});
