// One self-contained HTML file: the report bundle's script and style inline, the snapshot as
// gzipped JSON in base64, and a Content-Security-Policy that lets only those exact inline blocks run
// (by hash) and nothing load from anywhere, so the file opens offline, from disk, for years.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { SNAPSHOT_ELEMENT_ID, SNAPSHOT_ENCODING, type ReportSnapshot } from '../../../shared/report';

export interface ReportBundle {
  script: string;
  style: string;
}

/** In the head of every report, from the first: how gmpw report knows a file it may overwrite. */
export const REPORT_GENERATOR_META = '<meta name="generator" content="GMP Workbench">';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The snapshot as gzip in base64. A drill-down window repeats the same function names tens of
 * thousands of times (a ping-pong trace's window was 17 MB of JSON); gzip takes that ~10×. Base64
 * has no character that could end the element or start markup, whatever a label says.
 */
export function packSnapshot(snapshot: ReportSnapshot): string {
  // Level 3: 26 MB of JSON in 0.2 s to 2.0 MB; level 9 took 0.9 s for 1.7 MB (bench/report/RESULTS.md).
  return gzipSync(JSON.stringify(snapshot), { level: 3 }).toString('base64');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The bundle's own text must not close its element early either; Vite's output never does, but a check is cheap. */
function assertInlineable(text: string, tag: 'script' | 'style'): void {
  if (new RegExp(`</${tag}`, 'i').test(text)) throw new Error(`the report ${tag} contains "</${tag}" and cannot be inlined`);
}

export function reportHtml(bundle: ReportBundle, snapshot: ReportSnapshot): string {
  assertInlineable(bundle.script, 'script');
  assertInlineable(bundle.style, 'style');
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(bundle.script)}`,
    `style-src ${sha256(bundle.style)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    REPORT_GENERATOR_META,
    `<title>${escapeHtml(snapshot.title)} · GMP Workbench report</title>`,
    `<style>${bundle.style}</style>`,
    '</head>',
    '<body>',
    '<div id="root"></div>',
    `<script type="application/octet-stream" id="${SNAPSHOT_ELEMENT_ID}" data-encoding="${SNAPSHOT_ENCODING}">${packSnapshot(snapshot)}</script>`,
    `<script>${bundle.script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
