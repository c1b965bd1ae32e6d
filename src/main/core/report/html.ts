// One self-contained HTML file: the report bundle's script and style inline, the snapshot as JSON
// data, and a Content-Security-Policy that lets only those exact inline blocks run (by hash) and
// nothing load from anywhere, so the file opens offline, from disk, for years.
import { createHash } from 'node:crypto';
import { SNAPSHOT_ELEMENT_ID, type ReportSnapshot } from '../../../shared/report';

export interface ReportBundle {
  script: string;
  style: string;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * JSON that cannot end the <script> element it sits in nor start a comment there: every <, > and &
 * is written as a \u escape (JSON.parse reads them back), as are the two line separators that
 * older JavaScript parsers treat as line ends.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function escapeHtml(text: string): string {
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
    '<meta name="generator" content="GMP Workbench">',
    `<title>${escapeHtml(snapshot.title)} · GMP Workbench report</title>`,
    `<style>${bundle.style}</style>`,
    '</head>',
    '<body>',
    '<div id="root"></div>',
    `<script type="application/json" id="${SNAPSHOT_ELEMENT_ID}">${scriptSafeJson(snapshot)}</script>`,
    `<script>${bundle.script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
